package kairos.engine.features.micro;

/** A market event with an exchange timestamp in epoch milliseconds UTC. */
public interface MicroEvent {
    long getTs();
}
