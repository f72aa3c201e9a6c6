package kairos.engine.features;

import kairos.engine.domain.Bar;
import kairos.engine.domain.Timeframe;
import org.ta4j.core.BarSeries;
import org.ta4j.core.BaseBarSeriesBuilder;
import org.ta4j.core.Indicator;
import org.ta4j.core.indicators.ATRIndicator;
import org.ta4j.core.indicators.RSIIndicator;
import org.ta4j.core.indicators.averages.EMAIndicator;
import org.ta4j.core.indicators.averages.SMAIndicator;
import org.ta4j.core.indicators.helpers.ClosePriceIndicator;
import org.ta4j.core.indicators.helpers.VolumeIndicator;
import org.ta4j.core.num.DoubleNumFactory;
import org.ta4j.core.num.Num;

import java.time.Duration;
import java.time.Instant;

/**
 * The indicators the shipped rules read, on one symbol's strategy timeframe, computed with ta4j (DoubleNum) over
 * the last {@value #MEMORY_BARS} closed bars (R2.19). Values are NaN until each indicator has seen its period.
 */
public final class CoreIndicators {
    /** Bars kept in memory per timeframe (R2.19). */
    public static final int MEMORY_BARS = 500;
    public static final int EMA_FAST = 21;
    public static final int EMA_SLOW = 55;
    public static final int RSI_PERIOD = 14;
    public static final int ATR_PERIOD = 14;
    public static final int VOLUME_SMA = 20;

    private final BarSeries series;
    private final Duration period;
    private final Indicator<Num> emaFast;
    private final Indicator<Num> emaSlow;
    private final Indicator<Num> rsi;
    private final Indicator<Num> atr;
    private final Indicator<Num> volumeSma;
    private long seen;

    public CoreIndicators(String symbol, Timeframe timeframe) {
        this.series = new BaseBarSeriesBuilder().withName(symbol + "-" + timeframe)
                .withNumFactory(DoubleNumFactory.getInstance()).withMaxBarCount(MEMORY_BARS).build();
        this.period = Duration.ofMillis(timeframe.millis());
        ClosePriceIndicator close = new ClosePriceIndicator(series);
        this.emaFast = new EMAIndicator(close, EMA_FAST);
        this.emaSlow = new EMAIndicator(close, EMA_SLOW);
        this.rsi = new RSIIndicator(close, RSI_PERIOD);
        this.atr = new ATRIndicator(series, ATR_PERIOD);
        this.volumeSma = new SMAIndicator(new VolumeIndicator(series), VOLUME_SMA);
    }

    /** Adds a closed bar; indicators then describe the market as of its close. */
    public void add(Bar bar) {
        series.barBuilder().timePeriod(period).endTime(Instant.ofEpochMilli(bar.openTime()).plus(period))
                .openPrice(bar.open()).highPrice(bar.high()).lowPrice(bar.low()).closePrice(bar.close())
                .volume(bar.volume()).add();
        seen++;
    }

    public double emaFast() { return value(emaFast, EMA_FAST); }
    public double emaSlow() { return value(emaSlow, EMA_SLOW); }
    public double rsi() { return value(rsi, RSI_PERIOD + 1); }
    public double atr() { return value(atr, ATR_PERIOD + 1); }
    public double volumeSma() { return value(volumeSma, VOLUME_SMA); }

    private double value(Indicator<Num> indicator, int warmUp) {
        if (seen < warmUp) {
            return Double.NaN;
        }
        return indicator.getValue(series.getEndIndex()).doubleValue();
    }
}
