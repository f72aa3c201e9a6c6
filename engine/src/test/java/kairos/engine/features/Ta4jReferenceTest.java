package kairos.engine.features;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ta4j.core.BarSeries;
import org.ta4j.core.BaseBarSeriesBuilder;
import org.ta4j.core.Indicator;
import org.ta4j.core.indicators.ATRIndicator;
import org.ta4j.core.indicators.CCIIndicator;
import org.ta4j.core.indicators.MACDIndicator;
import org.ta4j.core.indicators.ROCIndicator;
import org.ta4j.core.indicators.RSIIndicator;
import org.ta4j.core.indicators.StochasticOscillatorKIndicator;
import org.ta4j.core.indicators.WilliamsRIndicator;
import org.ta4j.core.indicators.adx.ADXIndicator;
import org.ta4j.core.indicators.adx.MinusDIIndicator;
import org.ta4j.core.indicators.adx.PlusDIIndicator;
import org.ta4j.core.indicators.averages.EMAIndicator;
import org.ta4j.core.indicators.averages.HMAIndicator;
import org.ta4j.core.indicators.averages.SMAIndicator;
import org.ta4j.core.indicators.averages.VWMAIndicator;
import org.ta4j.core.indicators.bollinger.BollingerBandsLowerIndicator;
import org.ta4j.core.indicators.bollinger.BollingerBandsMiddleIndicator;
import org.ta4j.core.indicators.bollinger.BollingerBandsUpperIndicator;
import org.ta4j.core.indicators.donchian.DonchianChannelLowerIndicator;
import org.ta4j.core.indicators.donchian.DonchianChannelUpperIndicator;
import org.ta4j.core.indicators.helpers.ClosePriceIndicator;
import org.ta4j.core.indicators.statistics.StandardDeviationIndicator;
import org.ta4j.core.indicators.supertrend.SuperTrendIndicator;
import org.ta4j.core.indicators.volume.ChaikinMoneyFlowIndicator;
import org.ta4j.core.indicators.volume.MoneyFlowIndexIndicator;
import org.ta4j.core.indicators.volume.OnBalanceVolumeIndicator;
import org.ta4j.core.num.DoubleNumFactory;
import org.ta4j.core.num.Num;

import kairos.engine.domain.Bar;
import kairos.engine.domain.Timeframe;

/**
 * The engine against ta4j 0.22 (DoubleNum) where ta4j has the indicator. ta4j seeds its exponential averages with
 * the first value instead of an SMA, so the recursive ones are compared once the seed has decayed (from bar 600);
 * the windowed ones from their first full window. Where ta4j yields NaN (its CMF on windows holding a bar with
 * high = low) the bar is skipped. ta4j's Parabolic SAR is not Wilder's (it takes an acceleration step on the reversal
 * bar and stops only on a strict cross), so the SAR is checked against the plain implementation and a worked example
 * instead.
 */
class Ta4jReferenceTest {
    static List<Bar> bars;
    static BarSeries series;
    static Map<String, double[]> act;
    static ClosePriceIndicator close;

    @BeforeAll
    static void setUp() {
        bars = Synthetic.bars(4242, 3000, Timeframe.M1, Synthetic.T0, 150, 0.01);
        series = new BaseBarSeriesBuilder().withNumFactory(DoubleNumFactory.getInstance()).build();
        for (Bar b : bars) {
            series.barBuilder().timePeriod(Duration.ofMinutes(1)).endTime(Instant.ofEpochMilli(b.openTime() + 60_000))
                    .openPrice(b.open()).highPrice(b.high()).lowPrice(b.low()).closePrice(b.close()).volume(b.volume()).add();
        }
        close = new ClosePriceIndicator(series);
        act = IndicatorReferenceTest.run(FeatureConfig.standard(Timeframe.M1), bars);
    }

    static void compare(String name, Indicator<Num> ind, int from, double tol) {
        compare(name, i -> ind.getValue(i).doubleValue(), from, tol);
    }

    static void compare(String name, Function<Integer, Double> ref, int from, double tol) {
        double[] a = act.get(name);
        assertTrue(a != null, "no column " + name);
        int compared = 0;
        for (int i = from; i < bars.size(); i++) {
            double e = ref.apply(i);
            if (Double.isNaN(e)) {
                continue;
            }
            if (!(Math.abs(e - a[i]) <= tol * Math.max(1, Math.abs(e)))) {
                fail(name + " at " + i + ": ta4j " + e + ", engine " + a[i]);
            }
            compared++;
        }
        assertTrue(compared > (bars.size() - from) * 3 / 4, name + ": only " + compared + " compared");
    }

    @Test
    void movingAverages() {
        compare("sma_20", new SMAIndicator(close, 20), 19, 1e-9);
        compare("sma_50", new SMAIndicator(close, 50), 49, 1e-9);
        for (int n : new int[] {8, 13, 21, 34, 55}) {
            compare("ema_" + n, new EMAIndicator(close, n), 600, 1e-9);
        }
        compare("hma_21", new HMAIndicator(close, 21), 30, 1e-9);
        compare("vwma_20", new VWMAIndicator(close, 20), 30, 1e-9);
    }

    @Test
    void wilderIndicators() {
        compare("rsi_14", new RSIIndicator(close, 14), 600, 1e-7);
        compare("atr_14", new ATRIndicator(series, 14), 600, 1e-9);
        compare("adx_14", new ADXIndicator(series, 14), 600, 1e-7);
        compare("plus_di_14", new PlusDIIndicator(series, 14), 600, 1e-7);
        compare("minus_di_14", new MinusDIIndicator(series, 14), 600, 1e-7);
    }

    @Test
    void macd() {
        MACDIndicator m = new MACDIndicator(close, 12, 26);
        compare("macd_12_26_9", m, 600, 1e-9);
        compare("macd_signal_12_26_9", m.getSignalLine(9), 600, 1e-9);
        compare("macd_hist_12_26_9", m.getHistogram(9), 600, 1e-9);
    }

    @Test
    void oscillators() {
        compare("cci_20", new CCIIndicator(series, 20), 19, 1e-7);
        compare("willr_14", new WilliamsRIndicator(series, 14), 13, 1e-9);
        compare("stoch_k_14_3", new StochasticOscillatorKIndicator(series, 14), 13, 1e-9);
        compare("roc_10", new ROCIndicator(close, 10), 10, 1e-9);
        compare("mfi_14", new MoneyFlowIndexIndicator(series, 14), 14, 1e-9);
        compare("cmf_20", new ChaikinMoneyFlowIndicator(series, 20), 19, 1e-9);
    }

    @Test
    void volumeAndChannels() {
        compare("obv", new OnBalanceVolumeIndicator(series), 0, 1e-9);
        BollingerBandsMiddleIndicator mid = new BollingerBandsMiddleIndicator(new SMAIndicator(close, 20));
        StandardDeviationIndicator sd = new StandardDeviationIndicator(close, 20);
        compare("bb_upper_20_2", new BollingerBandsUpperIndicator(mid, sd, DoubleNumFactory.getInstance().numOf(2)), 19, 1e-9);
        compare("bb_lower_20_2", new BollingerBandsLowerIndicator(mid, sd, DoubleNumFactory.getInstance().numOf(2)), 19, 1e-9);
        compare("dc_upper_20", new DonchianChannelUpperIndicator(series, 20), 19, 1e-12);
        compare("dc_lower_20", new DonchianChannelLowerIndicator(series, 20), 19, 1e-12);
    }

    @Test
    void supertrend() {
        SuperTrendIndicator st = new SuperTrendIndicator(series, 10, 3.0);
        compare("supertrend_10_3", st, 600, 1e-7);
    }
}
