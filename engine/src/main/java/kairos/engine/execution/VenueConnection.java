package kairos.engine.execution;

/**
 * The private connection to the venue went up or down. After it comes up (again) the kernel reconciles before it
 * takes another entry; while it is down the risk guard refuses entries.
 */
public record VenueConnection(boolean up, String detail, long time) implements VenueEvent {
    @Override
    public String symbol() {
        return null;
    }
}
