package kairos.engine.execution;

/** A query's answer: the venue has never seen an order with this orderLinkId. */
public record OrderNotFound(String linkId, String symbol, long time) implements VenueEvent {
}
