package kairos.engine.kernel;

import kairos.engine.cep.CepFeed;
import kairos.engine.cep.events.BookTop;
import kairos.engine.cep.events.Liquidation;
import kairos.engine.cep.events.TradeTick;
import kairos.engine.domain.Bar;
import kairos.engine.domain.MarketEvent;
import kairos.engine.domain.Timeframe;
import kairos.engine.features.FeatureConfig;
import kairos.engine.features.FeatureEngine;
import kairos.engine.features.micro.BookSnapshot;
import kairos.engine.rules.MarketState;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the kernel knows of the market, per symbol, and how market events reach the features and Esper: feed bars
 * are aggregated into strategy bars (decision points), trades, book updates and liquidations go to Esper and to the
 * traded symbols' feature engines (the microstructure columns are computed from ticks when there are ticks), the
 * context symbols' strategy bars feed the other symbols' intermarket columns (a traded BTC is still the others'
 * context), and the latest open interest, long/short ratio, mark, index and predicted funding become the kernel's
 * own values in {@link MarketState} ({@value #OPEN_INTEREST}, ...). It also measures what the risk screens need:
 * the largest one-minute move since the last decision (from 1m bars, or from a minute of trades) and how long a
 * symbol's tick streams have been silent.
 */
final class MarketView {
    /** A one-minute move of this fraction of price makes a decision point of its own (R16.1 screen). */
    static final double RISK_EVENT_MOVE = 0.02;
    static final String OPEN_INTEREST = MarketState.OPEN_INTEREST;
    static final String LONG_SHORT_RATIO = MarketState.LONG_SHORT_RATIO;
    static final String MARK_PRICE = MarketState.MARK_PRICE;
    static final String INDEX_PRICE = MarketState.INDEX_PRICE;
    static final String FUNDING_PREDICTED = MarketState.FUNDING_PREDICTED;
    private static final long MINUTE = 60_000;

    private final KernelSettings settings;
    private final FeatureConfig featureConfig;
    private final Set<String> traded;
    private final Map<String, FeatureEngine> features = new HashMap<>();
    private final Map<String, BarAggregator> aggregators = new HashMap<>();
    private final Map<String, SymbolState> symbols = new HashMap<>();
    private CepFeed cep;

    /** One symbol's latest market facts. */
    static final class SymbolState {
        double lastPrice = Double.NaN;
        Bar lastFeedBar;
        Bar lastStrategyBar;
        double prevFeedClose = Double.NaN;
        double moveSinceDecision;
        long lastTick = Long.MIN_VALUE;
        boolean trades;
        final MinuteRange minute = new MinuteRange();
        double openInterest = Double.NaN;
        double longShortRatio = Double.NaN;
        double mark = Double.NaN;
        double index = Double.NaN;
        double fundingPredicted = Double.NaN;
    }

    /** The high and low of the trades of the last minute (monotonic deques: O(1) amortised per trade). */
    static final class MinuteRange {
        private final ArrayDeque<double[]> highs = new ArrayDeque<>();
        private final ArrayDeque<double[]> lows = new ArrayDeque<>();

        /** Adds a trade; returns the range of the last minute as a fraction of its low. */
        double add(long t, double price) {
            while (!highs.isEmpty() && highs.peekLast()[1] <= price) {
                highs.pollLast();
            }
            highs.addLast(new double[] {t, price});
            while (!lows.isEmpty() && lows.peekLast()[1] >= price) {
                lows.pollLast();
            }
            lows.addLast(new double[] {t, price});
            while (highs.peekFirst()[0] <= t - MINUTE) {
                highs.pollFirst();
            }
            while (lows.peekFirst()[0] <= t - MINUTE) {
                lows.pollFirst();
            }
            double low = lows.peekFirst()[1];
            return low > 0 ? (highs.peekFirst()[1] - low) / low : 0;
        }
    }

    MarketView(KernelSettings settings) {
        this.settings = settings;
        this.traded = new LinkedHashSet<>(settings.tradedSymbols());
        this.featureConfig = FeatureConfig.standard(settings.strategyTimeframe());
        for (String s : settings.tradedSymbols()) {
            features.put(s, new FeatureEngine(featureConfig));
        }
    }

    void attach(CepFeed feed) {
        this.cep = feed;
    }

    CepFeed cep() {
        return cep;
    }

    boolean isTraded(String symbol) {
        return traded.contains(symbol);
    }

    FeatureEngine features(String symbol) {
        return features.get(symbol);
    }

    SymbolState state(String symbol) {
        return symbols.computeIfAbsent(symbol, s -> new SymbolState());
    }

    /** The last traded or closing price of the symbol, NaN before the first. */
    double lastPrice(String symbol) {
        SymbolState s = symbols.get(symbol);
        return s == null ? Double.NaN : s.lastPrice;
    }

    Map<String, Double> lastPrices() {
        Map<String, Double> out = new HashMap<>();
        symbols.forEach((k, v) -> {
            if (!Double.isNaN(v.lastPrice)) {
                out.put(k, v.lastPrice);
            }
        });
        return out;
    }

    /**
     * A feed bar: to Esper, then aggregated. Returns the strategy bar it completes (a decision point when the
     * symbol is traded), or null.
     */
    Bar onFeedBar(MarketEvent.BarClose event) {
        String symbol = event.symbol();
        Bar bar = event.bar();
        SymbolState s = state(symbol);
        if (traded.contains(symbol)) {
            double base = !Double.isNaN(s.prevFeedClose) ? s.prevFeedClose : bar.open();
            if (base > 0 && !s.trades) {
                double move = Math.max(Math.abs(bar.close() - base), bar.high() - bar.low()) / base;
                s.moveSinceDecision = Math.max(s.moveSinceDecision, move);
            }
            s.prevFeedClose = bar.close();
        }
        s.lastPrice = bar.close();
        s.lastFeedBar = bar;
        cep.bar(event);
        Bar strategyBar = bar;
        if (settings.strategyTimeframe() != settings.feedTimeframe()) {
            strategyBar = aggregators.computeIfAbsent(symbol,
                    k -> new BarAggregator(settings.feedTimeframe(), settings.strategyTimeframe())).add(bar);
            if (strategyBar != null) {
                cep.aggregatedBar(symbol, settings.strategyTimeframe(), strategyBar);
            }
        }
        if (strategyBar == null) {
            return null;
        }
        s.lastStrategyBar = strategyBar;
        if (traded.contains(symbol)) {
            features.get(symbol).onBar(strategyBar);
        }
        if (symbol.equals(featureConfig.btcSymbol()) || symbol.equals(featureConfig.ethSymbol())) {
            for (Map.Entry<String, FeatureEngine> e : features.entrySet()) {
                if (!e.getKey().equals(symbol)) {
                    e.getValue().onContextBar(symbol, strategyBar);
                }
            }
        }
        return strategyBar;
    }

    /** A bar of another timeframe than the feed's (an event file, a recording): Esper sees it, nothing else. */
    void onOtherBar(MarketEvent.BarClose event) {
        cep.bar(event);
    }

    void onTrade(MarketEvent.Trade t) {
        TradeTick tick = cep.trade(t);
        SymbolState s = state(t.symbol());
        s.lastPrice = t.price();
        s.lastTick = Math.max(s.lastTick, t.time());
        s.trades = true;
        FeatureEngine engine = features.get(t.symbol());
        if (engine != null) {
            engine.onTrade(tick);
            s.moveSinceDecision = Math.max(s.moveSinceDecision, s.minute.add(t.time(), t.price()));
        }
    }

    void onBook(MarketEvent.Book b) {
        BookTop top = cep.book(b);
        state(b.symbol()).lastTick = Math.max(state(b.symbol()).lastTick, b.time());
        FeatureEngine engine = features.get(b.symbol());
        if (engine != null) {
            engine.onBook(new BookSnapshot(b.symbol(), b.time(), b.recvTime(), top.getBidPrices(), top.getBidQtys(),
                    top.getAskPrices(), top.getAskQtys()));
        }
    }

    void onLiquidation(MarketEvent.Liquidation l) {
        Liquidation event = cep.liquidation(l);
        state(l.symbol()).lastTick = Math.max(state(l.symbol()).lastTick, l.time());
        FeatureEngine engine = features.get(l.symbol());
        if (engine != null) {
            engine.onLiquidation(event);
        }
    }

    /**
     * A settlement reaches the features (and the account, in the kernel); the rate a ticker streams is market data
     * and reaches Esper. A stored settlement is not a feed event: in a bar backtest it would be the only one.
     */
    void onFunding(MarketEvent.Funding f) {
        SymbolState s = state(f.symbol());
        if (f.settlement()) {
            FeatureEngine engine = features.get(f.symbol());
            if (engine != null) {
                engine.onFunding(f.asRate());
            }
        } else {
            cep.funding(f);
            s.fundingPredicted = f.rate();
            s.lastTick = Math.max(s.lastTick, f.time());
        }
    }

    void onTicker(MarketEvent event) {
        SymbolState s = state(event.symbol());
        switch (event) {
            case MarketEvent.OpenInterest o -> {
                cep.openInterest(o);
                s.openInterest = o.value();
            }
            case MarketEvent.LongShortRatio r -> {
                cep.longShortRatio(r);
                s.longShortRatio = r.value();
            }
            case MarketEvent.Mark m -> {
                cep.mark(m);
                s.mark = m.price();
            }
            case MarketEvent.Index i -> {
                cep.index(i);
                s.index = i.price();
            }
            default -> throw new IllegalArgumentException("not a ticker event: " + event);
        }
        s.lastTick = Math.max(s.lastTick, event.time());
    }

    /** Whether a traded symbol's last feed bar (or minute of trades) moved enough to be a risk event. */
    boolean isRiskMove(String symbol) {
        SymbolState s = symbols.get(symbol);
        return s != null && s.moveSinceDecision >= RISK_EVENT_MOVE;
    }

    /** The largest one-minute move since the last decision (NaN when the feed has no minutes: 5m bars, no trades). */
    double move1m(String symbol) {
        SymbolState s = symbols.get(symbol);
        boolean minutes = settings.feedTimeframe().millis() == MINUTE || (s != null && s.trades);
        return minutes ? (s == null ? 0 : s.moveSinceDecision) : Double.NaN;
    }

    /** How long the symbol's tick streams have been silent at {@code now}, -1 when it streams no ticks. */
    long feedSilentMs(String symbol, long now) {
        SymbolState s = symbols.get(symbol);
        return s == null || s.lastTick == Long.MIN_VALUE ? -1 : Math.max(0, now - s.lastTick);
    }

    /** Where the microstructure columns come from: {@code ticks} once trades have arrived, else {@code bars}. */
    String microstructureSource(String symbol) {
        SymbolState s = symbols.get(symbol);
        return s != null && s.trades ? "ticks" : "bars";
    }

    /**
     * The market fact of a decision on {@code symbol}: the decision bar (the strategy bar at a bar close, the last
     * feed bar otherwise) with the feature row and the kernel's own values; null before the symbol's first bar.
     * Resets the move since the last decision.
     */
    MarketState marketState(String symbol, long now, boolean barClose) {
        SymbolState s = symbols.get(symbol);
        FeatureEngine engine = features.get(symbol);
        if (s == null || engine == null) {
            return null;
        }
        Bar bar = barClose || s.lastFeedBar == null ? s.lastStrategyBar : s.lastFeedBar;
        if (bar == null) {
            return null;
        }
        Map<String, Double> extra = new TreeMap<>();
        extra.put(MarketState.MOVE_1M, move1m(symbol));
        put(extra, OPEN_INTEREST, s.openInterest);
        put(extra, LONG_SHORT_RATIO, s.longShortRatio);
        put(extra, MARK_PRICE, s.mark);
        put(extra, INDEX_PRICE, s.index);
        put(extra, FUNDING_PREDICTED, s.fundingPredicted);
        s.moveSinceDecision = 0;
        return new MarketState(symbol, settings.strategyTimeframe().label(), now, bar.open(), bar.high(), bar.low(),
                bar.close(), bar.volume(), engine.schema(), engine.snapshot(), extra);
    }

    private static void put(Map<String, Double> extra, String key, double value) {
        if (!Double.isNaN(value)) {
            extra.put(key, value);
        }
    }

    /** The traded symbols, in configuration order. */
    List<String> traded() {
        return List.copyOf(traded);
    }

    Timeframe feedTimeframe() {
        return settings.feedTimeframe();
    }

    @Override
    public String toString() {
        return "MarketView" + Arrays.toString(symbols.keySet().toArray());
    }
}
