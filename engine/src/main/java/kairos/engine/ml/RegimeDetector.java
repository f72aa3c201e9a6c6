package kairos.engine.ml;

import kairos.engine.features.FeatureSchema;

/**
 * Classifies the market from two feature columns of the running schema: HIGH_VOL when the ATR's percentile rank
 * among its last 100 values is at least {@code highVolPercentile}, else TREND when ADX is at least {@code trendAdx},
 * else RANGE. The defaults (80th percentile, ADX 25) follow R5.1; while either column is warming up the regime is
 * RANGE. Stateless apart from the column indices.
 */
public final class RegimeDetector {
    public static final String ADX = "adx_14";
    public static final String ATR_RANK = "atr_pctrank_14_100";

    private final int adxColumn;
    private final int atrRankColumn;
    private final double trendAdx;
    private final double highVolPercentile;

    public RegimeDetector(FeatureSchema schema, double trendAdx, double highVolPercentile) {
        this.adxColumn = schema.require(ADX);
        this.atrRankColumn = schema.require(ATR_RANK);
        this.trendAdx = trendAdx;
        this.highVolPercentile = highVolPercentile;
    }

    public static RegimeDetector standard(FeatureSchema schema) {
        return new RegimeDetector(schema, 25, 80);
    }

    public MarketRegime detect(String symbol, long time, double[] row) {
        double adx = row[adxColumn];
        double rank = row[atrRankColumn];
        Regime regime;
        if (rank >= highVolPercentile) {
            regime = Regime.HIGH_VOL;
        } else if (adx >= trendAdx) {
            regime = Regime.TREND;
        } else {
            regime = Regime.RANGE;
        }
        return new MarketRegime(symbol, time, regime, adx, rank);
    }
}
