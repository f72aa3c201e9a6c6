package kairos.engine.execution;

/** Order types Kairos sends: market, limit, and stop-market (a market order triggered at a price). */
public enum OrderType {
    MARKET, LIMIT, STOP_MARKET
}
