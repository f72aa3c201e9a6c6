package kairos.engine.backtest.validation;

import kairos.engine.data.CandleSeries;
import kairos.engine.domain.Bar;

import java.util.ArrayList;
import java.util.List;

/**
 * The market-data side of the stress scenarios: pure functions from a candle series to a stressed copy. The kernel
 * sees only the stressed inputs; nothing of it is changed.
 */
public final class MarketShocks {
    private MarketShocks() {
    }

    /**
     * Volatility scaled around the close: open, high and low moved {@code k} times as far from each bar's close
     * (the close path, and so the trend, unchanged), so every bar's range is {@code k} times as wide. Lows are kept
     * at 5% of the close or above.
     */
    public static CandleSeries scaleAroundClose(CandleSeries s, double k) {
        List<Bar> out = new ArrayList<>(s.size());
        for (int i = 0; i < s.size(); i++) {
            double c = s.close(i);
            double low = Math.max(c + k * (s.low(i) - c), 0.05 * c);
            double open = Math.max(c + k * (s.open(i) - c), low);
            out.add(new Bar(s.openTime(i), open, c + k * (s.high(i) - c), low, c, s.volume(i)));
        }
        return CandleSeries.of(s.timeframe(), out);
    }

    /**
     * Returns mirrored: every price p becomes c0² / p, c0 the first close, so each log return changes sign (high and
     * low swap); volume unchanged. Applied to a context symbol it reverses its correlation with the traded one.
     */
    public static CandleSeries mirror(CandleSeries s) {
        if (s.size() == 0) {
            return s;
        }
        double c0 = s.close(0);
        double k = c0 * c0;
        List<Bar> out = new ArrayList<>(s.size());
        for (int i = 0; i < s.size(); i++) {
            out.add(new Bar(s.openTime(i), k / s.open(i), k / s.low(i), k / s.high(i), k / s.close(i), s.volume(i)));
        }
        return CandleSeries.of(s.timeframe(), out);
    }

    /**
     * A sudden level shift: every bar opening at or after {@code from} has its prices times {@code factor} (0.8: a
     * 20% drop), the first of them gapping from the previous close, so stops fill at its open, not at their price;
     * that bar's volume is times {@code volumeFactor}.
     */
    public static CandleSeries levelShift(CandleSeries s, long from, double factor, double volumeFactor) {
        List<Bar> out = new ArrayList<>(s.size());
        boolean first = true;
        for (int i = 0; i < s.size(); i++) {
            if (s.openTime(i) < from) {
                out.add(s.bar(i));
                continue;
            }
            out.add(new Bar(s.openTime(i), s.open(i) * factor, s.high(i) * factor, s.low(i) * factor,
                    s.close(i) * factor, s.volume(i) * (first ? volumeFactor : 1)));
            first = false;
        }
        return CandleSeries.of(s.timeframe(), out);
    }

    /**
     * A flash crash and recovery within two bars: the bar opening at or after {@code at} trades down to
     * {@code 1 - depth} of its open and closes {@code 1 - close} below its close; the next bar opens there and
     * closes where it closed before. Volumes of both times five.
     */
    public static CandleSeries flashCrash(CandleSeries s, long at, double depth, double closeDrop) {
        int i = s.indexAtOrAfter(at);
        if (i >= s.size() - 1) {
            throw new IllegalArgumentException("no two bars at or after " + java.time.Instant.ofEpochMilli(at) + " for a flash crash");
        }
        List<Bar> out = new ArrayList<>(s.bars());
        double crashClose = s.close(i) * (1 - closeDrop);
        double crashLow = Math.min(s.low(i), s.open(i) * (1 - depth));
        out.set(i, new Bar(s.openTime(i), s.open(i), s.high(i), Math.min(crashLow, crashClose), crashClose, s.volume(i) * 5));
        double nextOpen = crashClose;
        out.set(i + 1, new Bar(s.openTime(i + 1), nextOpen, Math.max(s.high(i + 1), Math.max(nextOpen, s.close(i + 1))),
                Math.min(s.low(i + 1), nextOpen), s.close(i + 1), s.volume(i + 1) * 5));
        return CandleSeries.of(s.timeframe(), out);
    }

    /** The bars opening in {@code [from, to)} removed: a hole in the feed. */
    public static CandleSeries removeRange(CandleSeries s, long from, long to) {
        List<Bar> out = new ArrayList<>(s.size());
        for (int i = 0; i < s.size(); i++) {
            if (s.openTime(i) < from || s.openTime(i) >= to) {
                out.add(s.bar(i));
            }
        }
        return CandleSeries.of(s.timeframe(), out);
    }

    /**
     * A stop-hunting wick: the bar opening at or after {@code at} trades to {@code price} (down for a long's stop,
     * up for a short's) and closes unchanged. Returns the series unchanged when no bar opens at or after it.
     */
    public static CandleSeries wick(CandleSeries s, long at, double price, boolean down) {
        int i = s.indexAtOrAfter(at);
        if (i >= s.size()) {
            return s;
        }
        List<Bar> out = new ArrayList<>(s.bars());
        Bar b = s.bar(i);
        out.set(i, down ? new Bar(b.openTime(), b.open(), b.high(), Math.min(b.low(), price), b.close(), b.volume())
                : new Bar(b.openTime(), b.open(), Math.max(b.high(), price), b.low(), b.close(), b.volume()));
        return CandleSeries.of(s.timeframe(), out);
    }

    /** Mean true range (Wilder's: the bar's range or the gaps to the previous close, the largest). */
    public static double meanTrueRange(CandleSeries s) {
        double sum = 0;
        for (int i = 0; i < s.size(); i++) {
            double tr = s.high(i) - s.low(i);
            if (i > 0) {
                tr = Math.max(tr, Math.max(Math.abs(s.high(i) - s.close(i - 1)), Math.abs(s.low(i) - s.close(i - 1))));
            }
            sum += tr;
        }
        return s.size() == 0 ? Double.NaN : sum / s.size();
    }

    /** Correlation of close-to-close log returns over the bars both series have (consecutive in both). */
    public static double returnCorrelation(CandleSeries a, CandleSeries b) {
        double sa = 0;
        double sb = 0;
        double saa = 0;
        double sbb = 0;
        double sab = 0;
        int n = 0;
        long step = a.timeframe().millis();
        for (int i = 1; i < a.size(); i++) {
            if (a.openTime(i) - a.openTime(i - 1) != step) {
                continue;
            }
            int j = b.indexAtOrAfter(a.openTime(i));
            if (j <= 0 || j >= b.size() || b.openTime(j) != a.openTime(i) || b.openTime(j - 1) != a.openTime(i - 1)) {
                continue;
            }
            double x = Math.log(a.close(i) / a.close(i - 1));
            double y = Math.log(b.close(j) / b.close(j - 1));
            sa += x;
            sb += y;
            saa += x * x;
            sbb += y * y;
            sab += x * y;
            n++;
        }
        if (n < 3) {
            return Double.NaN;
        }
        double cov = sab - sa * sb / n;
        double va = saa - sa * sa / n;
        double vb = sbb - sb * sb / n;
        return va > 0 && vb > 0 ? cov / Math.sqrt(va * vb) : Double.NaN;
    }
}
