package kairos.engine.features;

/**
 * One column of the feature schema.
 *
 * @param name        stable lowercase column name, indicator then parameters (e.g. {@code rsi_14}); columns of a
 *                    timeframe coarser than the schema's base carry the suffix {@code @<tf>} (e.g. {@code rsi_14@1h})
 * @param definition  what the value is, in words
 * @param parameters  the parameters, as {@code key=value} pairs separated by commas (empty when none)
 * @param warmupBars  base bars needed before the first value (a lower bound for event-driven columns)
 * @param source      the input it needs: {@code candles}, {@code candles:1h}, {@code funding}, {@code context:BTCUSDT},
 *                    {@code trades}, {@code book} or {@code liquidations}
 */
public record FeatureSpec(String name, String definition, String parameters, int warmupBars, String source) {
}
