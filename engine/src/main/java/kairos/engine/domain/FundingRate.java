package kairos.engine.domain;

/** A funding settlement: {@code rate} is a fraction (0.0001 = 0.01%); positive means longs pay shorts. */
public record FundingRate(long time, double rate) {
}
