package kairos.engine.cep;

import kairos.engine.domain.Bar;
import kairos.engine.domain.Timeframe;

/**
 * Esper event: a bar of one timeframe has closed. Sent at its close time, {@code openTime + timeframe}.
 * A mutable JavaBean because Esper event types must be POJOs or Maps.
 */
public final class BarClosed {
    private String symbol;
    private String timeframe;
    private long openTime;
    private long closeTime;
    private double open;
    private double high;
    private double low;
    private double close;
    private double volume;

    public BarClosed() {
    }

    public static BarClosed of(String symbol, Timeframe tf, Bar bar) {
        BarClosed e = new BarClosed();
        e.symbol = symbol;
        e.timeframe = tf.label();
        e.openTime = bar.openTime();
        e.closeTime = bar.openTime() + tf.millis();
        e.open = bar.open();
        e.high = bar.high();
        e.low = bar.low();
        e.close = bar.close();
        e.volume = bar.volume();
        return e;
    }

    public String getSymbol() { return symbol; }
    public void setSymbol(String symbol) { this.symbol = symbol; }
    public String getTimeframe() { return timeframe; }
    public void setTimeframe(String timeframe) { this.timeframe = timeframe; }
    public long getOpenTime() { return openTime; }
    public void setOpenTime(long openTime) { this.openTime = openTime; }
    public long getCloseTime() { return closeTime; }
    public void setCloseTime(long closeTime) { this.closeTime = closeTime; }
    public double getOpen() { return open; }
    public void setOpen(double open) { this.open = open; }
    public double getHigh() { return high; }
    public void setHigh(double high) { this.high = high; }
    public double getLow() { return low; }
    public void setLow(double low) { this.low = low; }
    public double getClose() { return close; }
    public void setClose(double close) { this.close = close; }
    public double getVolume() { return volume; }
    public void setVolume(double volume) { this.volume = volume; }
}
