package kairos.engine.features;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import kairos.engine.domain.Timeframe;

/**
 * What a {@link FeatureEngine} computes: the base timeframe it is fed, the coarser timeframes it aggregates itself,
 * the context symbols for intermarket features and the funding interval.
 *
 * @param base                 timeframe of the bars fed to {@link FeatureEngine#onBar}
 * @param higher               coarser timeframes (each a multiple of {@code base}) aggregated from base bars
 * @param btcSymbol            context symbol for the rolling correlation columns
 * @param ethSymbol            context symbol for the ratio columns
 * @param fundingIntervalHours hours between funding settlements (aligned to 00:00 UTC)
 * @param moveTarget           the price move counted by {@code moves_<target>_today} (the strategy's "$2 move";
 *                             scale it with the symbol's price)
 */
public record FeatureConfig(Timeframe base, List<Timeframe> higher, String btcSymbol, String ethSymbol,
                            int fundingIntervalHours, double moveTarget) {

    /** The timeframes of the specification. */
    public static final List<Timeframe> SPEC_TIMEFRAMES = List.of(Timeframe.M1, Timeframe.M3, Timeframe.M5,
            Timeframe.M15, Timeframe.H1, Timeframe.H4);

    public FeatureConfig {
        Objects.requireNonNull(base, "base");
        higher = List.copyOf(higher);
        Timeframe prev = base;
        for (Timeframe tf : higher) {
            if (tf.millis() <= prev.millis() || !tf.isMultipleOf(base)) {
                throw new IllegalArgumentException("higher timeframes must be ascending multiples of " + base + ": " + higher);
            }
            prev = tf;
        }
        if (fundingIntervalHours <= 0 || 24 % fundingIntervalHours != 0) {
            throw new IllegalArgumentException("fundingIntervalHours must divide 24: " + fundingIntervalHours);
        }
        Objects.requireNonNull(btcSymbol, "btcSymbol");
        Objects.requireNonNull(ethSymbol, "ethSymbol");
        if (!(moveTarget > 0) || Double.isInfinite(moveTarget)) {
            throw new IllegalArgumentException("moveTarget must be a positive price distance: " + moveTarget);
        }
    }

    /** With the default move target of 2 (quote currency). */
    public FeatureConfig(Timeframe base, List<Timeframe> higher, String btcSymbol, String ethSymbol, int fundingIntervalHours) {
        this(base, higher, btcSymbol, ethSymbol, fundingIntervalHours, 2.0);
    }

    /**
     * Base timeframe plus every specification timeframe coarser than it; BTCUSDT and ETHUSDT context; 8 h funding;
     * a move target of 2.
     */
    public static FeatureConfig standard(Timeframe base) {
        List<Timeframe> h = new ArrayList<>();
        for (Timeframe tf : SPEC_TIMEFRAMES) {
            if (tf.millis() > base.millis() && tf.isMultipleOf(base)) {
                h.add(tf);
            }
        }
        return new FeatureConfig(base, h, "BTCUSDT", "ETHUSDT", 8);
    }
}
