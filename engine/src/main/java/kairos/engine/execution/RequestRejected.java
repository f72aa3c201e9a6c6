package kairos.engine.execution;

/**
 * The venue refused an amend or a cancel ({@code request}: {@code amend}, {@code cancel}), e.g. because the order
 * had filled or was already gone. The order itself is unchanged by the refusal; its own updates say what it is.
 */
public record RequestRejected(String linkId, String symbol, String request, String reason, long time)
        implements VenueEvent {
}
