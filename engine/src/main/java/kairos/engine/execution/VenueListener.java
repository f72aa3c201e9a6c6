package kairos.engine.execution;

/**
 * Where a venue's messages go: the kernel's inbox. {@code deliverAt} is when the message reaches Kairos (a
 * simulated venue's latency and delivery model decide it; a live adapter passes its receive time).
 */
@FunctionalInterface
public interface VenueListener {
    void onVenueEvent(VenueEvent event, long deliverAt);
}
