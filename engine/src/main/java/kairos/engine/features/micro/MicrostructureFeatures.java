package kairos.engine.features.micro;

import kairos.engine.cep.events.FeedEvent;
import kairos.engine.cep.events.Liquidation;
import kairos.engine.cep.events.TradeTick;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

import kairos.engine.features.Columns;
import kairos.engine.features.calc.Window;

/**
 * Order-flow, order-book and liquidation columns per base bar, from trade, book and liquidation events. Events are
 * buffered and assigned at each bar close to that bar when their timestamp is before the close, so a bar never sees
 * a later event. A stream's columns are NaN until its first event (or, for liquidations, until the stream is declared
 * live), never zero-filled: candle-only runs have them absent.
 */
public final class MicrostructureFeatures {
    /** Notional (quote currency) from which a trade counts as large. */
    public static final double LARGE_USD = 50_000;
    /** A footprint level is imbalanced when one side's volume is at least this multiple of the other's. */
    public static final double FP_RATIO = 3;
    public static final int LIQ_BARS = 60;
    public static final int LIQ_RATE_BARS = 5;
    /** Width of a liquidation-cluster price bin, as a fraction of close. */
    public static final double LIQ_BIN = 0.0025;
    private static final long DAY = 86_400_000L;

    private final ArrayDeque<FeedEvent> pending = new ArrayDeque<>();
    private boolean tradesLive;
    private boolean bookLive;
    private boolean liqLive;
    private long cvdDay = Long.MIN_VALUE;
    private double cvd;
    private BookSnapshot book;
    private final Map<Long, double[]> footprint = new HashMap<>();
    private final Window liqLong = new Window(LIQ_BARS);
    private final Window liqShort = new Window(LIQ_BARS);
    private final ArrayDeque<double[]> liqEvents = new ArrayDeque<>();
    private long barIndex;

    public void declare(Columns c, long baseMillis) {
        c.scope("", 1, "trades");
        c.add("delta", "order-flow delta: taker-buy quantity - taker-sell quantity in the bar (base asset)", "", 1);
        c.add("cvd", "cumulative volume delta since 00:00 UTC of the bar's day", "session=utc_day", 1);
        c.add("trade_count", "number of trades in the bar", "", 1);
        c.add("fp_imbalance_3", "footprint imbalance: (levels with buy >= 3 x sell - levels with sell >= 3 x buy) / levels traded, "
                + "levels = floor(price / 10^(floor(log10 first price) - 3))", "ratio=3", 1);
        c.add("fp_poc", "footprint point of control: middle of the price level with the most traded quantity in the bar", "", 1);
        c.add("large_buy_count_50k", "number of taker-buy trades with notional >= 50,000 in the bar", "usd=50000", 1);
        c.add("large_sell_count_50k", "number of taker-sell trades with notional >= 50,000 in the bar", "usd=50000", 1);
        c.add("large_net_usd_50k", "notional of large buys - notional of large sells in the bar", "usd=50000", 1);
        c.add("large_share_50k", "trade-size distribution: notional of large trades / notional of all trades in the bar "
                + "(NaN without trades)", "usd=50000", 1);
        c.scope("", 1, "book");
        for (int n : new int[] {5, 10, 20}) {
            c.add("book_imb_" + n, "order-book imbalance of the last snapshot before the bar's close: (bid size - ask size) / "
                    + "(bid size + ask size) over the top " + n + " levels", "levels=" + n, 1);
        }
        c.add("book_large_imb_20_50k", "large bids vs large asks: (notional of the top-20 bid levels holding >= 50,000 - the same "
                + "for asks) / their sum, last snapshot before the close; NaN when no level is that large", "levels=20,usd=50000", 1);
        c.add("spread_bps", "best ask - best bid over mid, in basis points, of the last snapshot before the close", "", 1);
        c.scope("", 1, "liquidations");
        c.add("liq_long_usd", "notional of long positions liquidated in the bar", "", 1);
        c.add("liq_short_usd", "notional of short positions liquidated in the bar", "", 1);
        c.add("liq_rate_5", "liquidation momentum: liquidated notional per minute over the last 5 bars", "bars=5", LIQ_RATE_BARS);
        c.add("liq_long_share_60", "long/short liquidation ratio as long notional / (long + short) over the last 60 bars; NaN "
                + "without liquidations", "bars=60", 1);
        c.add("liq_cluster_price_60", "liquidation cluster: middle of the price bin (0.25% of close wide) holding the most "
                + "liquidated notional over the last 60 bars; NaN without liquidations", "bars=60,bin=0.0025", 1);
        c.add("liq_cluster_dist_60", "(liquidation cluster price - close) / close x 100", "bars=60,bin=0.0025", 1);
        c.scope("", 1, "candles");
    }

    public void offer(FeedEvent e) {
        pending.addLast(e);
    }

    /** Liquidation columns read 0 (not NaN) before the first liquidation once the stream is declared live. */
    public void declareLiquidationStreamLive() {
        liqLive = true;
    }

    public void update(long openTime, long closeTime, double close, double minutes, double[] out, int o) {
        long day = Math.floorDiv(openTime, DAY);
        if (day != cvdDay) {
            cvdDay = day;
            cvd = 0;
        }
        double delta = 0;
        int count = 0;
        double step = Double.NaN;
        int largeBuy = 0;
        int largeSell = 0;
        double largeNet = 0;
        double largeUsd = 0;
        double allUsd = 0;
        double liqL = 0;
        double liqS = 0;
        footprint.clear();
        while (!pending.isEmpty() && pending.peekFirst().getTs() < closeTime) {
            FeedEvent e = pending.pollFirst();
            if (e instanceof TradeTick t) {
                tradesLive = true;
                count++;
                double sign = t.isBuy() ? 1 : -1;
                delta += sign * t.getQty();
                double usd = t.getNotional();
                allUsd += usd;
                if (usd >= LARGE_USD) {
                    largeUsd += usd;
                    largeNet += sign * usd;
                    if (sign > 0) {
                        largeBuy++;
                    } else {
                        largeSell++;
                    }
                }
                if (Double.isNaN(step)) {
                    step = Math.pow(10, Math.floor(Math.log10(t.getPrice())) - 3);
                }
                double[] lv = footprint.computeIfAbsent((long) Math.floor(t.getPrice() / step), k -> new double[2]);
                lv[sign > 0 ? 0 : 1] += t.getQty();
            } else if (e instanceof BookSnapshot b) {
                bookLive = true;
                book = b;
            } else if (e instanceof Liquidation l) {
                liqLive = true;
                if (l.isLongLiquidated()) {
                    liqL += l.getNotional();
                } else {
                    liqS += l.getNotional();
                }
                liqEvents.addLast(new double[] {l.getPrice(), l.getNotional(), barIndex});
            }
        }
        cvd += delta;
        if (tradesLive) {
            out[o++] = delta;
            out[o++] = cvd;
            out[o++] = count;
            footprint(step, out, o);
            o += 2;
            out[o++] = largeBuy;
            out[o++] = largeSell;
            out[o++] = largeNet;
            out[o++] = allUsd > 0 ? largeUsd / allUsd : Double.NaN;
        } else {
            for (int k = 0; k < 9; k++) {
                out[o++] = Double.NaN;
            }
        }
        if (bookLive) {
            out[o++] = book.imbalance(5);
            out[o++] = book.imbalance(10);
            out[o++] = book.imbalance(20);
            out[o++] = book.largeImbalance(20, LARGE_USD);
            out[o++] = book.spreadBps();
        } else {
            for (int k = 0; k < 5; k++) {
                out[o++] = Double.NaN;
            }
        }
        liqLong.push(liqL);
        liqShort.push(liqS);
        while (!liqEvents.isEmpty() && liqEvents.peekFirst()[2] <= barIndex - LIQ_BARS) {
            liqEvents.pollFirst();
        }
        barIndex++;
        if (!liqLive) {
            for (int k = 0; k < 6; k++) {
                out[o++] = Double.NaN;
            }
            return;
        }
        out[o++] = liqL;
        out[o++] = liqS;
        if (liqLong.count() >= LIQ_RATE_BARS) {
            double s = 0;
            for (int k = 0; k < LIQ_RATE_BARS; k++) {
                s += liqLong.get(k) + liqShort.get(k);
            }
            out[o++] = s / (LIQ_RATE_BARS * minutes);
        } else {
            out[o++] = Double.NaN;
        }
        double l60 = liqLong.sum();
        double s60 = liqShort.sum();
        out[o++] = l60 + s60 > 0 ? l60 / (l60 + s60) : Double.NaN;
        double cluster = cluster(close);
        out[o++] = cluster;
        out[o] = (cluster - close) / close * 100;
    }

    private void footprint(double step, double[] out, int o) {
        if (footprint.isEmpty()) {
            out[o] = 0;
            out[o + 1] = Double.NaN;
            return;
        }
        int buy = 0;
        int sell = 0;
        long pocLevel = 0;
        double pocQty = -1;
        for (Map.Entry<Long, double[]> en : footprint.entrySet()) {
            double[] lv = en.getValue();
            if (lv[0] > 0 && lv[0] >= FP_RATIO * lv[1]) {
                buy++;
            } else if (lv[1] > 0 && lv[1] >= FP_RATIO * lv[0]) {
                sell++;
            }
            double q = lv[0] + lv[1];
            if (q > pocQty || (q == pocQty && en.getKey() < pocLevel)) {
                pocQty = q;
                pocLevel = en.getKey();
            }
        }
        out[o] = (double) (buy - sell) / footprint.size();
        out[o + 1] = (pocLevel + 0.5) * step;
    }

    private double cluster(double close) {
        if (liqEvents.isEmpty()) {
            return Double.NaN;
        }
        double width = close * LIQ_BIN;
        Map<Long, Double> bins = new HashMap<>();
        for (double[] e : liqEvents) {
            bins.merge((long) Math.floor(e[0] / width), e[1], Double::sum);
        }
        long best = 0;
        double bestUsd = -1;
        for (Map.Entry<Long, Double> en : bins.entrySet()) {
            if (en.getValue() > bestUsd || (en.getValue() == bestUsd && en.getKey() < best)) {
                bestUsd = en.getValue();
                best = en.getKey();
            }
        }
        return (best + 0.5) * width;
    }
}
