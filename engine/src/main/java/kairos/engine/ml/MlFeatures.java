package kairos.engine.ml;

import kairos.engine.data.CandleSeries;
import kairos.engine.domain.Timeframe;
import kairos.engine.features.FeatureConfig;
import kairos.engine.features.FeatureEngine;
import kairos.engine.features.FeatureInputs;
import kairos.engine.features.FeatureMatrix;
import kairos.engine.features.FeatureSchema;

/**
 * The one place that says which features the models read: the standard {@link FeatureConfig} of the strategy
 * timeframe. Training ({@link #matrix}) and serving ({@link #engine}) both come from here, so their schema hashes
 * agree unless the feature code itself changed, which is exactly when a model must be refused.
 */
public final class MlFeatures {
    /** The ATR column an ATR barrier reads. */
    public static final String ATR = "atr_14";

    private MlFeatures() {
    }

    public static FeatureConfig config(Timeframe timeframe) {
        return FeatureConfig.standard(timeframe);
    }

    public static FeatureSchema schema(Timeframe timeframe) {
        return FeatureSchema.of(config(timeframe));
    }

    /** A live engine for one symbol whose bars close at {@code timeframe}. */
    public static FeatureEngine engine(Timeframe timeframe) {
        return new FeatureEngine(config(timeframe));
    }

    /** The feature matrix of a candle series, one row per bar, as the live engine would have served it. */
    public static FeatureMatrix matrix(CandleSeries bars) {
        return FeatureMatrix.compute(config(bars.timeframe()), FeatureInputs.candles(bars.bars()));
    }
}
