package kairos.engine.rules;

/**
 * Rule fact: the state of the exchange connection (R16.4-R16.7, R16.12-R16.14). In a backtest it is always
 * {@link #healthy()}; live connectors report maintenance, error rate, latency and delistings.
 *
 * @param maintenance      the venue announced or is in maintenance
 * @param apiErrorRate     share of failed REST calls over the recent window, 0..1
 * @param latencyMs        feed latency (receive time − event time), ms
 * @param dataSuspect      the data validator flagged the latest market data as anomalous
 * @param delistingInHours hours until the symbol is delisted (+∞ when none announced)
 */
public record VenueHealth(String symbol, boolean maintenance, double apiErrorRate, double latencyMs,
                          boolean dataSuspect, double delistingInHours) {

    public static VenueHealth healthy(String symbol) {
        return new VenueHealth(symbol, false, 0, 0, false, Double.POSITIVE_INFINITY);
    }

    public String getSymbol() { return symbol; }
    public boolean isMaintenance() { return maintenance; }
    public double getApiErrorRate() { return apiErrorRate; }
    public double getLatencyMs() { return latencyMs; }
    public boolean isDataSuspect() { return dataSuspect; }
    public double getDelistingInHours() { return delistingInHours; }
}
