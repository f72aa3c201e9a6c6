package kairos.bybit.sim;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import kairos.engine.domain.Bar;
import kairos.engine.domain.FundingRate;
import kairos.engine.domain.MarketEvent;
import kairos.engine.domain.Side;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The simulated exchange: plays the tape in exchange time, keeps each contract's public state, and runs one USDT
 * account in one-way mode whose orders match against the tape's trades. Every state change publishes what Bybit
 * would push (public topics, then the private {@code execution}, {@code order}, {@code position}, {@code wallet}).
 *
 * <p>Matching rules: a market order fills at the next trade's price, moved against the taker by the configured
 * slippage in ticks, over as many trades as it takes; a limit order that was marketable when placed fills as taker
 * at the first trade at or better than its price, a resting one as maker at its own price once a trade goes through
 * it (or touches it, when so configured); IOC and FOK limits get one trade; PostOnly that would take is cancelled
 * ({@code EC_PostOnlyWillTakeLiquidity}); a conditional order triggers when the last (or mark, or index) price
 * reaches its trigger in its {@code triggerDirection} and then fills like a market or limit order, the triggering
 * trade included; one fill takes at most the configured share of a trade's quantity; a reduce-only order never
 * fills beyond the position. Funding settles every 8 h (or at the tape's settlements) as an execution of type
 * {@code Funding}. No liquidation.
 *
 * <p>Thread-safe by confinement: every entry point is {@code synchronized} on this object, which the REST and
 * WebSocket layers also lock to read a consistent state. No wall clock and no unseeded randomness here.
 */
final class SimExchange {
    static final long MINUTE = 60_000;
    static final long FUNDING_INTERVAL = 8 * 3_600_000L;
    static final int MAX_ACTIVE_ORDERS = 500;
    static final int MAX_CONDITIONAL_ORDERS = 10;
    static final int RECENT_CLOSED = 500;
    private static final Pattern LINK_ID = Pattern.compile("[0-9A-Za-z_-]{1,36}");
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final BigDecimal MARKET_PRICE_BAND = new BigDecimal("0.03");

    final Settings settings;
    final MarketClock clock;
    final Ids ids;
    final Map<String, SymbolMarket> markets = new LinkedHashMap<>();
    private final List<MarketEvent> tape;
    private int cursor;
    private Feeds feeds = Feeds.NONE;

    private BigDecimal walletBalance;
    private BigDecimal cumRealised = BigDecimal.ZERO;
    private final Map<String, SimPosition> positions = new LinkedHashMap<>();
    private final Map<String, SimOrder> orders = new LinkedHashMap<>();
    private final Map<String, SimOrder> byLinkId = new HashMap<>();
    private final List<Execution> executions = new ArrayList<>();
    private final Map<String, TreeMap<Long, Double>> tapeSettlements = new HashMap<>();
    private long seq = 1_000;
    private long orderSequence;

    SimExchange(Settings settings, MarketClock clock, Ids ids, Collection<SimInstrument> instruments, MarketTape marketTape) {
        this.settings = settings;
        this.clock = clock;
        this.ids = ids;
        this.walletBalance = settings.initialBalance();
        for (SimInstrument i : instruments) {
            markets.put(i.symbol(), new SymbolMarket(i));
        }
        this.tape = marketTape.events();
        for (MarketEvent e : tape) {
            SymbolMarket m = markets.computeIfAbsent(e.symbol(), s -> new SymbolMarket(SimInstrument.known(s)));
            switch (e) {
                case MarketEvent.Book b -> m.tapeHasBooks = true;
                case MarketEvent.Mark k -> m.tapeHasMarks = true;
                case MarketEvent.Index x -> m.tapeHasIndices = true;
                case MarketEvent.Funding f when f.settlement() -> {
                    m.tapeSettlesFunding = true;
                    tapeSettlements.computeIfAbsent(e.symbol(), s -> new TreeMap<>()).put(f.time(), f.rate());
                }
                default -> {
                }
            }
        }
        marketTape.history().forEach((symbol, bars) -> {
            SymbolMarket m = markets.computeIfAbsent(symbol, s -> new SymbolMarket(SimInstrument.known(s)));
            List<Kline> klines = new ArrayList<>();
            for (Bar b : bars) {
                klines.add(new Kline(b.openTime(), b.open(), b.high(), b.low(), b.close(), b.volume(), b.volume() * b.close()));
            }
            m.candles.history(klines);
            if (!bars.isEmpty() && m.lastPrice == null) {
                m.lastPrice = m.instrument.onTick(bars.get(bars.size() - 1).close());
                m.markPrice = m.tapeHasMarks ? null : m.lastPrice;
                m.indexPrice = m.tapeHasIndices ? null : m.lastPrice;
            }
        });
        marketTape.fundingHistory().forEach((symbol, rates) -> {
            SymbolMarket m = markets.computeIfAbsent(symbol, s -> new SymbolMarket(SimInstrument.known(s)));
            for (FundingRate f : rates) {
                m.fundingSettled.put(f.time(), f.rate());
            }
        });
    }

    synchronized void feeds(Feeds feeds) {
        this.feeds = feeds;
    }

    // ---------------------------------------------------------------- market time

    /** Plays every tape event up to {@code target} (inclusive) and moves the clock there. */
    synchronized void advanceTo(long target) {
        if (target < clock.now()) {
            throw new IllegalArgumentException("cannot advance back in time: the market clock is at " + clock.now()
                    + ", asked for " + target);
        }
        while (cursor < tape.size() && tape.get(cursor).time() <= target) {
            MarketEvent e = tape.get(cursor++);
            passTime(Math.max(e.time(), clock.now()));
            apply(e);
        }
        passTime(target);
    }

    /** Plays the events of the next tape time; false at the end of the tape. */
    synchronized boolean step() {
        if (cursor >= tape.size()) {
            return false;
        }
        advanceTo(Math.max(tape.get(cursor).time(), clock.now()));
        return true;
    }

    /** Plays one event now (at its time, or now when it is older): for tests that script the market. */
    synchronized void inject(MarketEvent e) {
        if (!markets.containsKey(e.symbol())) {
            throw new IllegalArgumentException(e.symbol() + " is not listed on the simulator; list it with Builder.instrument(...)"
                    + " (listed: " + markets.keySet() + ")");
        }
        passTime(Math.max(e.time(), clock.now()));
        apply(e);
    }

    synchronized boolean tapeFinished() {
        return cursor >= tape.size();
    }

    /** Time of the next tape event, or -1 at the end. */
    synchronized long nextEventTime() {
        return cursor < tape.size() ? tape.get(cursor).time() : -1;
    }

    private void passTime(long t) {
        long now = clock.now();
        if (t <= now) {
            return;
        }
        for (long b = Math.floorDiv(now, MINUTE) * MINUTE + MINUTE; b <= t; b += MINUTE) {
            clock.moveTo(b);
            onMinute(b);
            feeds.timePassed(b);
        }
        clock.moveTo(t);
        feeds.timePassed(t);
    }

    private void onMinute(long boundary) {
        for (SymbolMarket m : markets.values()) {
            m.candles.closeUpTo(boundary);
            for (String interval : KlineIntervals.ALL) {
                long ms = KlineIntervals.millis(interval);
                String topic = "kline." + interval + "." + m.instrument.symbol();
                if (boundary % ms == 0 && feeds.wants(topic)) {
                    Kline k = m.candles.aggregate(ms, boundary - ms);
                    if (k != null) {
                        feeds.publish(topic, klineMessage(topic, interval, k, true, boundary));
                    }
                }
            }
            if (boundary % FUNDING_INTERVAL == 0 && !m.tapeSettlesFunding) {
                double rate = m.fundingRate(settings.defaultFundingRate());
                m.fundingSettled.put(boundary, rate);
                settleFunding(m, rate, boundary);
            }
            ticker(m, boundary);
        }
    }

    private void apply(MarketEvent e) {
        SymbolMarket m = markets.get(e.symbol());
        long t = clock.now();
        switch (e) {
            case MarketEvent.Trade tr -> onTrade(m, tr, t);
            case MarketEvent.Book b -> onBook(m, b, t);
            case MarketEvent.Liquidation l -> {
                String topic = "allLiquidation." + l.symbol();
                if (feeds.wants(topic)) {
                    ObjectNode msg = message(topic, "snapshot", t);
                    ObjectNode d = msg.putArray("data").addObject();
                    d.put("T", l.time());
                    d.put("s", l.symbol());
                    d.put("S", l.side().name());
                    d.put("v", m.instrument.qty(BigDecimal.valueOf(l.qty())));
                    d.put("p", m.instrument.price(m.instrument.onTick(l.price())));
                    feeds.publish(topic, msg);
                }
            }
            case MarketEvent.Mark mk -> {
                m.markPrice = m.instrument.onTick(mk.price());
                triggerConditionals(m, "MarkPrice", m.markPrice, t);
                ticker(m, t);
            }
            case MarketEvent.Index ix -> {
                m.indexPrice = m.instrument.onTick(ix.price());
                triggerConditionals(m, "IndexPrice", m.indexPrice, t);
                ticker(m, t);
            }
            case MarketEvent.OpenInterest oi -> {
                m.openInterest = oi.value();
                m.openInterestHistory.put(t, oi.value());
                ticker(m, t);
            }
            case MarketEvent.LongShortRatio r -> m.longShortHistory.put(t, r.value());
            case MarketEvent.Funding f -> {
                if (f.settlement()) {
                    m.fundingSettled.put(f.time(), f.rate());
                    if (m.tapeSettlesFunding) {
                        settleFunding(m, f.rate(), t);
                    }
                } else {
                    m.predictedFunding = f.rate();
                }
                ticker(m, t);
            }
            case MarketEvent.BarClose b -> {
                // klines are built from the tape's trades
            }
        }
    }

    private void onTrade(SymbolMarket m, MarketEvent.Trade tr, long t) {
        SimInstrument inst = m.instrument;
        BigDecimal price = inst.onTick(tr.price());
        if (price.signum() <= 0) {
            return;
        }
        BigDecimal qty = BigDecimal.valueOf(tr.qty()).setScale(Math.max(0, inst.qtyStep().stripTrailingZeros().scale()),
                RoundingMode.HALF_UP);
        if (qty.signum() <= 0) {
            qty = inst.qtyStep();
        }
        SymbolMarket.PublicTrade pt = m.trade(ids.uuid(), t, price, qty, tr.side().name());
        String topic = "publicTrade." + inst.symbol();
        if (feeds.wants(topic)) {
            ObjectNode msg = message(topic, "snapshot", t);
            msg.putArray("data").add(tradeJson(pt, inst));
            feeds.publish(topic, msg);
        }
        for (String interval : KlineIntervals.ALL) {
            String kTopic = "kline." + interval + "." + inst.symbol();
            if (feeds.wants(kTopic)) {
                long ms = KlineIntervals.millis(interval);
                Kline k = m.candles.aggregate(ms, Math.floorDiv(t, ms) * ms);
                feeds.publish(kTopic, klineMessage(kTopic, interval, k, false, t));
            }
        }
        if (!m.tapeHasBooks) {
            List<BigDecimal[]> bids = new ArrayList<>();
            List<BigDecimal[]> asks = new ArrayList<>();
            for (int k = 1; k <= 5; k++) {
                BigDecimal depth = inst.minOrderQty().multiply(BigDecimal.valueOf(100L * k));
                BigDecimal bid = price.subtract(inst.tickSize().multiply(BigDecimal.valueOf(k)));
                if (bid.signum() > 0) {
                    bids.add(new BigDecimal[] {bid, depth});
                }
                asks.add(new BigDecimal[] {price.add(inst.tickSize().multiply(BigDecimal.valueOf(k))), depth});
            }
            publishBook(m, m.book.replace(bids, asks), t);
        }
        matchTrade(m, price, qty, t);
        ticker(m, t);
    }

    static ObjectNode tradeJson(SymbolMarket.PublicTrade pt, SimInstrument inst) {
        ObjectNode d = F.objectNode();
        d.put("T", pt.time());
        d.put("s", inst.symbol());
        d.put("S", pt.side());
        d.put("v", inst.qty(pt.qty()));
        d.put("p", inst.price(pt.price()));
        d.put("L", pt.tickDirection());
        d.put("i", pt.id());
        d.put("BT", false);
        d.put("seq", pt.seq());
        return d;
    }

    private void onBook(SymbolMarket m, MarketEvent.Book b, long t) {
        List<BigDecimal[]> bids = levels(m.instrument, b.bids());
        List<BigDecimal[]> asks = levels(m.instrument, b.asks());
        publishBook(m, b.snapshot() ? m.book.replace(bids, asks) : m.book.update(bids, asks), t);
        ticker(m, t);
    }

    private static List<BigDecimal[]> levels(SimInstrument inst, double[][] raw) {
        List<BigDecimal[]> out = new ArrayList<>();
        for (double[] l : raw) {
            out.add(new BigDecimal[] {inst.onTick(l[0]), BigDecimal.valueOf(l[1])});
        }
        return out;
    }

    private void publishBook(SymbolMarket m, OrderBookState.Change change, long t) {
        if (change.isEmpty()) {
            return;
        }
        long u = m.book.nextUpdate(1 + change.bids().size() + change.asks().size());
        String symbol = m.instrument.symbol();
        for (int depth : new int[] {50, 200}) {
            String topic = "orderbook." + depth + "." + symbol;
            if (feeds.wants(topic)) {
                ObjectNode msg = message(topic, "delta", t);
                ObjectNode d = msg.putObject("data");
                d.put("s", symbol);
                d.set("b", levelsJson(m.instrument, change.bids()));
                d.set("a", levelsJson(m.instrument, change.asks()));
                d.put("u", u);
                d.put("seq", m.book.seq());
                msg.put("cts", t);
                feeds.publish(topic, msg);
            }
        }
        String top = "orderbook.1." + symbol;
        if (feeds.wants(top)) {
            feeds.publish(top, bookSnapshot(m, 1, t));
        }
    }

    private ObjectNode bookSnapshot(SymbolMarket m, int depth, long t) {
        String topic = "orderbook." + depth + "." + m.instrument.symbol();
        ObjectNode msg = message(topic, "snapshot", t);
        ObjectNode d = msg.putObject("data");
        d.put("s", m.instrument.symbol());
        d.set("b", levelsJson(m.instrument, m.book.levels(true, depth)));
        d.set("a", levelsJson(m.instrument, m.book.levels(false, depth)));
        d.put("u", m.book.updateId());
        d.put("seq", m.book.seq());
        msg.put("cts", t);
        return msg;
    }

    private static ArrayNode levelsJson(SimInstrument inst, List<BigDecimal[]> levels) {
        ArrayNode a = F.arrayNode();
        for (BigDecimal[] l : levels) {
            a.addArray().add(inst.price(l[0])).add(inst.qty(l[1]));
        }
        return a;
    }

    /** Publishes the ticker fields that changed since the last push (Bybit's {@code delta}). */
    private void ticker(SymbolMarket m, long t) {
        String topic = "tickers." + m.instrument.symbol();
        if (!feeds.wants(topic)) {
            m.lastTicker = Map.of();
            return;
        }
        Map<String, String> now = tickerFields(m, t);
        ObjectNode data = F.objectNode();
        data.put("symbol", m.instrument.symbol());
        boolean changed = false;
        for (Map.Entry<String, String> e : now.entrySet()) {
            if (!e.getValue().equals(m.lastTicker.get(e.getKey()))) {
                data.put(e.getKey(), e.getValue());
                changed = true;
            }
        }
        m.lastTicker = now;
        if (changed) {
            ObjectNode msg = message(topic, "delta", t);
            msg.set("data", data);
            msg.put("cs", m.book.seq());
            feeds.publish(topic, msg);
        }
    }

    Map<String, String> tickerFields(SymbolMarket m, long t) {
        TreeMap<Long, Double> upcoming = tapeSettlements.get(m.instrument.symbol());
        var next = upcoming == null ? null : upcoming.higherEntry(t);
        m.nextSettlementRate = next == null ? Double.NaN : next.getValue();
        return m.ticker(t, nextFundingTime(t), settings.defaultFundingRate());
    }

    static long nextFundingTime(long t) {
        return Math.floorDiv(t, FUNDING_INTERVAL) * FUNDING_INTERVAL + FUNDING_INTERVAL;
    }

    /** The message a new subscriber gets first ({@code orderbook} and {@code tickers} snapshots), or null. */
    synchronized ObjectNode snapshotFor(String topic) {
        String[] parts = topic.split("\\.");
        SymbolMarket m = markets.get(parts[parts.length - 1]);
        long t = clock.now();
        if (topic.startsWith("orderbook.")) {
            return m.book.isEmpty() ? null : bookSnapshot(m, Integer.parseInt(parts[1]), t);
        }
        if (topic.startsWith("tickers.")) {
            Map<String, String> fields = tickerFields(m, t);
            m.lastTicker = fields;
            ObjectNode msg = message(topic, "snapshot", t);
            ObjectNode data = msg.putObject("data");
            fields.forEach(data::put);
            msg.put("cs", m.book.seq());
            return msg;
        }
        return null;
    }

    static ObjectNode message(String topic, String type, long ts) {
        ObjectNode msg = F.objectNode();
        msg.put("topic", topic);
        msg.put("type", type);
        msg.put("ts", ts);
        return msg;
    }

    private ObjectNode klineMessage(String topic, String interval, Kline k, boolean confirm, long t) {
        SimInstrument inst = markets.get(topic.substring(topic.lastIndexOf('.') + 1)).instrument;
        ObjectNode msg = F.objectNode();
        msg.put("topic", topic);
        ObjectNode d = msg.putArray("data").addObject();
        d.put("start", k.start());
        d.put("end", k.start() + KlineIntervals.millis(interval) - 1);
        d.put("interval", interval);
        d.put("open", inst.price(BigDecimal.valueOf(k.open())));
        d.put("close", inst.price(BigDecimal.valueOf(k.close())));
        d.put("high", inst.price(BigDecimal.valueOf(k.high())));
        d.put("low", inst.price(BigDecimal.valueOf(k.low())));
        d.put("volume", ExchangeNumbers.decimal(k.volume(), 6));
        d.put("turnover", ExchangeNumbers.decimal(k.turnover(), 6));
        d.put("confirm", confirm);
        d.put("timestamp", t);
        msg.put("ts", t);
        msg.put("type", "snapshot");
        return msg;
    }

    // ---------------------------------------------------------------- faults on the book

    /** Loses one book update: the next delta's {@code u} jumps by two. */
    synchronized void skipBookUpdate(String symbol) {
        market(symbol).book.skipUpdate();
    }

    /** Bybit's reset after a service restart: a snapshot with {@code u = 1} to every book subscriber. */
    synchronized void resetBook(String symbol) {
        SymbolMarket m = market(symbol);
        m.book.reset();
        m.book.nextUpdate(1);
        for (int depth : new int[] {1, 50, 200}) {
            String topic = "orderbook." + depth + "." + symbol;
            if (feeds.wants(topic)) {
                feeds.publish(topic, bookSnapshot(m, depth, clock.now()));
            }
        }
    }

    SymbolMarket market(String symbol) {
        SymbolMarket m = markets.get(symbol);
        if (m == null) {
            throw BybitError.params("params error: symbol invalid: " + symbol + " is not listed (listed: " + markets.keySet() + ")");
        }
        return m;
    }

    // ---------------------------------------------------------------- matching

    private void matchTrade(SymbolMarket m, BigDecimal price, BigDecimal qty, long t) {
        triggerConditionals(m, "LastPrice", price, t);
        BigDecimal budget = Double.isInfinite(settings.maxFillFraction()) ? null
                : m.instrument.floorQty(qty.multiply(BigDecimal.valueOf(settings.maxFillFraction())));
        for (SimOrder o : ordersOf(m.instrument.symbol())) {
            if (!o.isActive()) {
                continue;
            }
            boolean oneTrade = "Limit".equals(o.orderType) && ("IOC".equals(o.timeInForce) || "FOK".equals(o.timeInForce));
            BigDecimal fillPrice = fillPrice(o, price, m.instrument);
            if (fillPrice == null) {
                if (oneTrade) {
                    close(o, "Cancelled", "UNKNOWN", "EC_NoImmediateQtyToFill", t);
                }
                continue;
            }
            BigDecimal want = o.leavesQty();
            if (o.reduceOnly) {
                BigDecimal closable = closable(o);
                if (closable.signum() == 0) {
                    close(o, "Cancelled", "CancelByReduceOnly", "EC_NoError", t);
                    continue;
                }
                want = want.min(closable);
            }
            BigDecimal fill = budget == null ? want : want.min(budget);
            if ("FOK".equals(o.timeInForce) && fill.compareTo(o.leavesQty()) < 0) {
                close(o, "Cancelled", "UNKNOWN", "EC_CancelForNoFullFill", t);
                continue;
            }
            if (fill.signum() > 0) {
                execute(m, o, fill, fillPrice, "Limit".equals(o.orderType) && !o.taker, t);
                if (budget != null) {
                    budget = budget.subtract(fill);
                }
            }
            if (oneTrade && o.isActive()) {
                close(o, "Cancelled", "UNKNOWN", "EC_NoImmediateQtyToFill", t);
            }
        }
    }

    private BigDecimal fillPrice(SimOrder o, BigDecimal trade, SimInstrument inst) {
        boolean buy = o.side == Side.Buy;
        if ("Market".equals(o.orderType)) {
            BigDecimal slip = inst.tickSize().multiply(BigDecimal.valueOf(settings.slippageTicks()));
            BigDecimal p = buy ? trade.add(slip) : trade.subtract(slip);
            return p.signum() > 0 ? p : inst.tickSize();
        }
        int cmp = trade.compareTo(o.price);
        if (o.taker) {
            return (buy ? cmp <= 0 : cmp >= 0) ? trade : null;
        }
        boolean through = buy ? cmp < 0 : cmp > 0;
        return through || (settings.fillOnTouch() && cmp == 0) ? o.price : null;
    }

    /** How much of a reduce-only order the position lets fill now. */
    private BigDecimal closable(SimOrder o) {
        SimPosition p = positions.get(o.symbol);
        return p == null ? BigDecimal.ZERO : p.closingPart(o.side, o.leavesQty());
    }

    private void execute(SymbolMarket m, SimOrder o, BigDecimal qty, BigDecimal price, boolean maker, long t) {
        SimPosition p = position(o.symbol);
        BigDecimal value = qty.multiply(price);
        BigDecimal feeRate = maker ? settings.makerFee() : settings.takerFee();
        BigDecimal fee = value.multiply(feeRate).setScale(8, RoundingMode.HALF_UP);
        BigDecimal closed = p.closingPart(o.side, qty);
        boolean wasOpen = p.isOpen();
        BigDecimal sizeBefore = p.size;
        BigDecimal pnl = p.fill(o.side, qty, price);
        BigDecimal net = pnl.subtract(fee);
        p.realise(net);
        walletBalance = walletBalance.add(net);
        cumRealised = cumRealised.add(net);
        p.updatedTime = t;
        p.seq = ++seq;
        o.cumExecQty = o.cumExecQty.add(qty);
        o.cumExecValue = o.cumExecValue.add(value);
        o.cumExecFee = o.cumExecFee.add(fee);
        if (closed.signum() > 0) {
            BigDecimal closingFee = fee.multiply(closed).divide(qty, 8, RoundingMode.HALF_UP);
            o.closedPnl = o.closedPnl.add(pnl.subtract(closingFee));
        }
        o.status = o.cumExecQty.compareTo(o.qty) >= 0 ? "Filled" : "PartiallyFilled";
        o.updatedTime = t;
        Execution e = new Execution(ids.uuid(), o.orderId, o.orderLinkId, o.symbol, o.side, o.orderType, o.stopOrderType,
                o.createType, "Trade", price, qty, value, fee, feeRate, maker, t, o.leavesQty(), o.qty, o.price, closed, pnl,
                m.mark(), seq);
        executions.add(e);
        List<SimOrder> alsoChanged = new ArrayList<>();
        boolean wentFlat = wasOpen && closed.compareTo(sizeBefore) == 0;
        if (wentFlat) {
            p.takeProfit = BigDecimal.ZERO;
            p.stopLoss = BigDecimal.ZERO;
            for (SimOrder other : ordersOf(o.symbol)) {
                if (other == o || !other.isOpen()) {
                    continue;
                }
                if (other.positionTpsl) {
                    close(other, "Deactivated", "CancelByTpSlTsClear", "EC_NoError", t, alsoChanged);
                } else if (other.reduceOnly && other.isActive()) {
                    close(other, "Cancelled", "CancelByReduceOnly", "EC_NoError", t, alsoChanged);
                }
            }
        }
        if (p.isOpen() && qty.compareTo(closed) > 0 && "Full".equals(o.tpslMode)
                && (o.takeProfit.signum() > 0 || o.stopLoss.signum() > 0)) {
            setPositionTpsl(m, p, o.takeProfit.signum() > 0 ? o.takeProfit : null, o.stopLoss.signum() > 0 ? o.stopLoss : null,
                    o.tpTriggerBy, o.slTriggerBy, t, alsoChanged);
        }
        if (p.isOpen()) {
            for (SimOrder other : ordersOf(o.symbol)) {
                if (other != o && other.positionTpsl && other.isOpen() && other.qty.compareTo(p.size) != 0) {
                    other.qty = p.size;
                    other.updatedTime = t;
                    if (!alsoChanged.contains(other)) {
                        alsoChanged.add(other);
                    }
                }
            }
        }
        pushExecution(e);
        pushOrder(o);
        pushPosition(p);
        pushWallet();
        for (SimOrder other : alsoChanged) {
            pushOrder(other);
        }
        if (wentFlat && o.reduceOnly && o.isActive()) {
            close(o, "Cancelled", "CancelByReduceOnly", "EC_NoError", t);
        }
    }

    private void triggerConditionals(SymbolMarket m, String by, BigDecimal price, long t) {
        if (price == null) {
            return;
        }
        for (SimOrder o : ordersOf(m.instrument.symbol())) {
            if ("Untriggered".equals(o.status) && by.equals(o.triggerBy)
                    && (o.triggerDirection == 1 ? price.compareTo(o.triggerPrice) >= 0 : price.compareTo(o.triggerPrice) <= 0)) {
                trigger(m, o, t);
            }
        }
    }

    private void trigger(SymbolMarket m, SimOrder o, long t) {
        o.status = "Triggered";
        o.updatedTime = t;
        pushOrder(o);
        SimPosition p = positions.get(o.symbol);
        if (o.reduceOnly) {
            if (p == null || !p.isOpen() || p.side == o.side) {
                close(o, "Deactivated", o.positionTpsl ? "CancelByTpSlTsClear" : "CancelByReduceOnly", "EC_NoError", t);
                return;
            }
            if (o.positionTpsl) {
                o.qty = p.size;
            }
        } else if (openingMargin(o.symbol, o.side, o.qty, referencePrice(m, o)).compareTo(wallet().availableBalance()) > 0) {
            close(o, "Cancelled", "UNKNOWN", "EC_Others", t);
            return;
        }
        o.status = "New";
        o.taker = "Market".equals(o.orderType) || marketable(m, o.side, o.price);
        pushOrder(o);
    }

    private void settleFunding(SymbolMarket m, double rate, long t) {
        SimPosition p = positions.get(m.instrument.symbol());
        BigDecimal mark = m.mark();
        if (p == null || !p.isOpen() || mark == null) {
            return;
        }
        BigDecimal value = p.size.multiply(mark);
        BigDecimal feeRate = BigDecimal.valueOf(rate);
        BigDecimal fee = value.multiply(feeRate).multiply(BigDecimal.valueOf(p.side.sign())).setScale(8, RoundingMode.HALF_UP);
        walletBalance = walletBalance.subtract(fee);
        cumRealised = cumRealised.subtract(fee);
        p.realise(fee.negate());
        p.updatedTime = t;
        p.seq = ++seq;
        Execution e = new Execution(ids.uuid(), t / 1000 + "-" + m.instrument.symbol() + "-funding", "", m.instrument.symbol(),
                p.side, "UNKNOWN", "UNKNOWN", "", "Funding", mark, p.size, value, fee, feeRate, false, t, BigDecimal.ZERO,
                BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, mark, seq);
        executions.add(e);
        pushExecution(e);
        pushPosition(p);
        pushWallet();
    }

    // ---------------------------------------------------------------- trading requests

    /** {@code POST /v5/order/create}. */
    synchronized SimOrder createOrder(Params p) {
        long t = clock.now();
        linear(p);
        SymbolMarket m = market(p.required("symbol"));
        SimInstrument inst = m.instrument;
        if (!"Trading".equals(inst.status(t))) {
            throw new BybitError(110074, "This contract is not live");
        }
        Side side = side(p.required("side"));
        String orderType = p.required("orderType");
        if (!orderType.equals("Market") && !orderType.equals("Limit")) {
            throw BybitError.params("params error: orderType must be Market or Limit, got '" + orderType + "'");
        }
        positionIdx(p);
        String linkId = p.text("orderLinkId", "");
        if (!linkId.isEmpty()) {
            if (!LINK_ID.matcher(linkId).matches()) {
                throw BybitError.params("params error: orderLinkId must be 1-36 characters of letters, digits, '-' and '_', got '"
                        + linkId + "' (" + linkId.length() + " characters)");
            }
            if (byLinkId.containsKey(linkId)) {
                throw new BybitError(110072, "OrderLinkedID is duplicate");
            }
        }
        boolean reduceOnly = p.bool("reduceOnly");
        boolean closeOnTrigger = p.bool("closeOnTrigger");
        BigDecimal qty = p.decimal("qty");
        if (qty == null) {
            throw BybitError.params("params error: qty is required");
        }
        SimPosition pos = positions.get(inst.symbol());
        if (qty.signum() == 0 && reduceOnly && closeOnTrigger && pos != null && pos.isOpen() && pos.side != side) {
            qty = pos.size.min("Market".equals(orderType) ? inst.maxMktOrderQty() : inst.maxOrderQty());
        }
        validateQty(inst, qty, orderType);
        String tif = p.text("timeInForce", "GTC");
        if (!List.of("GTC", "IOC", "FOK", "PostOnly").contains(tif)) {
            throw BybitError.params("params error: timeInForce must be GTC, IOC, FOK or PostOnly, got '" + tif + "'");
        }
        if ("Market".equals(orderType)) {
            tif = "IOC";
        }
        BigDecimal price;
        if ("Limit".equals(orderType)) {
            price = p.decimal("price");
            if (price == null) {
                throw BybitError.params("params error: price is required for a Limit order");
            }
            validatePrice(inst, price, "price");
        } else {
            if (m.lastPrice == null) {
                throw new BybitError(110118, "Unable to retrieve a price of the market order due to low liquidity");
            }
            BigDecimal band = m.lastPrice.multiply(side == Side.Buy ? BigDecimal.ONE.add(MARKET_PRICE_BAND)
                    : BigDecimal.ONE.subtract(MARKET_PRICE_BAND));
            price = band.divide(inst.tickSize(), 0, RoundingMode.HALF_UP).multiply(inst.tickSize());
        }
        BigDecimal triggerPrice = p.decimal("triggerPrice");
        int triggerDirection = 0;
        String triggerBy = "UNKNOWN";
        if (triggerPrice != null && triggerPrice.signum() != 0) {
            validatePrice(inst, triggerPrice, "triggerPrice");
            Integer dir = p.integer("triggerDirection");
            if (dir == null || (dir != 1 && dir != 2)) {
                throw BybitError.params("params error: triggerDirection must be 1 (rise) or 2 (fall) for a conditional order, got "
                        + p.text("triggerDirection"));
            }
            triggerDirection = dir;
            triggerBy = triggerBy(p.text("triggerBy", "LastPrice"), "triggerBy");
            BigDecimal current = "MarkPrice".equals(triggerBy) ? m.mark() : "IndexPrice".equals(triggerBy) ? m.indexPrice : m.lastPrice;
            if (current != null && dir == 1 && triggerPrice.compareTo(current) <= 0) {
                throw new BybitError(110092, "expect Rising, but trigger_price[" + inst.price(triggerPrice) + "] <= current["
                        + inst.price(current) + "]??" + lastWord(triggerBy));
            }
            if (current != null && dir == 2 && triggerPrice.compareTo(current) >= 0) {
                throw new BybitError(110093, "expect Falling, but trigger_price[" + inst.price(triggerPrice) + "] >= current["
                        + inst.price(current) + "]??" + lastWord(triggerBy));
            }
        } else {
            triggerPrice = null;
        }
        boolean conditional = triggerPrice != null;
        BigDecimal takeProfit = p.decimal("takeProfit");
        BigDecimal stopLoss = p.decimal("stopLoss");
        boolean tpsl = (takeProfit != null && takeProfit.signum() > 0) || (stopLoss != null && stopLoss.signum() > 0);
        if (tpsl) {
            if (reduceOnly) {
                throw BybitError.params("params error: takeProfit/stopLoss cannot be set on a reduceOnly order");
            }
            String mode = p.text("tpslMode", "Full");
            if (!"Full".equals(mode)) {
                throw BybitError.params("params error: tpslMode " + mode + " is not implemented by the simulator (Full only)");
            }
            if (takeProfit != null && takeProfit.signum() > 0) {
                validatePrice(inst, takeProfit, "takeProfit");
            }
            if (stopLoss != null && stopLoss.signum() > 0) {
                validatePrice(inst, stopLoss, "stopLoss");
            }
        }
        if (reduceOnly && !conditional) {
            if (pos == null || !pos.isOpen()) {
                throw new BybitError(110017, "current position is zero, cannot fix reduce-only order qty");
            }
            if (pos.side == side) {
                throw new BybitError(110017, "reduce-only order has same side with current position");
            }
        }
        BigDecimal reference = "Market".equals(orderType) ? m.lastPrice : price;
        if (!reduceOnly && reference != null && qty.multiply(reference).compareTo(inst.minNotionalValue()) < 0) {
            throw new BybitError(110094, "Order notional value below the lower limit: " + ExchangeNumbers.plain(qty.multiply(reference))
                    + " < minNotionalValue " + ExchangeNumbers.plain(inst.minNotionalValue()));
        }
        long active = ordersOf(inst.symbol()).stream().filter(o -> o.isActive()).count();
        long untriggered = ordersOf(inst.symbol()).stream().filter(o -> "Untriggered".equals(o.status)).count();
        if (!conditional && active >= MAX_ACTIVE_ORDERS) {
            throw new BybitError(110020, "Not allowed to have more than " + MAX_ACTIVE_ORDERS + " active orders.");
        }
        if (conditional && untriggered >= MAX_CONDITIONAL_ORDERS) {
            throw new BybitError(110009, "The number of stop orders exceeds the maximum allowable limit");
        }
        if (!conditional && !reduceOnly && reference != null) {
            BigDecimal need = openingMargin(inst.symbol(), side, qty, reference);
            if (need.compareTo(wallet().availableBalance()) > 0) {
                throw new BybitError(110007, "ab not enough for new order");
            }
        }
        SimOrder o = new SimOrder(ids.uuid(), linkId, inst.symbol(), side, orderType, price, qty, tif, reduceOnly || closeOnTrigger,
                closeOnTrigger, triggerPrice, triggerDirection, triggerBy, conditional ? "Stop" : "UNKNOWN",
                conditional ? "CreateByStopOrder" : "CreateByUser", false, t, m.lastPrice, ++orderSequence);
        if (tpsl) {
            o.takeProfit = takeProfit == null ? BigDecimal.ZERO : takeProfit;
            o.stopLoss = stopLoss == null ? BigDecimal.ZERO : stopLoss;
            o.tpslMode = "Full";
            o.tpTriggerBy = o.takeProfit.signum() > 0 ? triggerBy(p.text("tpTriggerBy", "LastPrice"), "tpTriggerBy") : "UNKNOWN";
            o.slTriggerBy = o.stopLoss.signum() > 0 ? triggerBy(p.text("slTriggerBy", "LastPrice"), "slTriggerBy") : "UNKNOWN";
        }
        if (!conditional) {
            o.taker = "Market".equals(orderType) || marketable(m, side, price);
        }
        orders.put(o.orderId, o);
        if (!linkId.isEmpty()) {
            byLinkId.put(linkId, o);
        }
        if ("PostOnly".equals(tif) && o.taker) {
            o.status = "Cancelled";
            o.rejectReason = "EC_PostOnlyWillTakeLiquidity";
        }
        pushOrder(o);
        pushPosition(position(inst.symbol()));
        return o;
    }

    private static String lastWord(String triggerBy) {
        return switch (triggerBy) {
            case "MarkPrice" -> "mark";
            case "IndexPrice" -> "index";
            default -> "last";
        };
    }

    /** Margin (and opening taker fee) the part of an order that opens or adds to a position needs. */
    private BigDecimal openingMargin(String symbol, Side side, BigDecimal qty, BigDecimal price) {
        SimPosition pos = positions.get(symbol);
        BigDecimal opening = pos == null ? qty : qty.subtract(pos.closingPart(side, qty));
        BigDecimal leverage = pos == null ? settings.defaultLeverage() : pos.leverage;
        BigDecimal value = opening.multiply(price);
        return value.divide(leverage, 8, RoundingMode.HALF_UP).add(value.multiply(settings.takerFee()));
    }

    private static BigDecimal referencePrice(SymbolMarket m, SimOrder o) {
        return "Market".equals(o.orderType) || m.lastPrice == null ? (m.lastPrice == null ? o.price : m.lastPrice) : o.price;
    }

    /** Whether a limit at {@code price} would take liquidity now (crosses the best opposite quote, else the last price). */
    private static boolean marketable(SymbolMarket m, Side side, BigDecimal price) {
        BigDecimal[] opposite = m.book.best(side != Side.Buy);
        BigDecimal ref = opposite != null ? opposite[0] : m.lastPrice;
        if (ref == null) {
            return false;
        }
        return side == Side.Buy ? price.compareTo(ref) >= 0 : price.compareTo(ref) <= 0;
    }

    /** {@code POST /v5/order/amend}. */
    synchronized SimOrder amendOrder(Params p) {
        long t = clock.now();
        linear(p);
        SymbolMarket m = market(p.required("symbol"));
        SimOrder o = find(p, m.instrument.symbol());
        if (o == null || !o.isOpen()) {
            throw new BybitError(110001, "order not exists or too late to replace");
        }
        BigDecimal qty = p.decimal("qty");
        BigDecimal price = p.decimal("price");
        BigDecimal triggerPrice = p.decimal("triggerPrice");
        BigDecimal takeProfit = p.decimal("takeProfit");
        BigDecimal stopLoss = p.decimal("stopLoss");
        boolean changed = false;
        if (qty != null && qty.compareTo(o.qty) != 0) {
            validateQty(m.instrument, qty, o.orderType);
            if (qty.compareTo(o.cumExecQty) <= 0) {
                throw new BybitError(110064, "The modified contract quantity cannot be less than or equal to the filled quantity.");
            }
            if (o.positionTpsl) {
                throw BybitError.params("params error: the qty of a position TP/SL order follows the position; amend the position with /v5/position/trading-stop");
            }
            changed = true;
        }
        if (price != null && price.signum() != 0 && price.compareTo(o.price) != 0) {
            if ("Market".equals(o.orderType)) {
                throw BybitError.params("params error: price cannot be amended on a Market order");
            }
            validatePrice(m.instrument, price, "price");
            changed = true;
        }
        if (triggerPrice != null && triggerPrice.signum() != 0 && (o.triggerPrice == null || triggerPrice.compareTo(o.triggerPrice) != 0)) {
            if (!"Untriggered".equals(o.status)) {
                throw BybitError.params("params error: triggerPrice can only be amended on an untriggered conditional order");
            }
            validatePrice(m.instrument, triggerPrice, "triggerPrice");
            changed = true;
        }
        boolean tpslChange = (takeProfit != null && takeProfit.compareTo(o.takeProfit) != 0)
                || (stopLoss != null && stopLoss.compareTo(o.stopLoss) != 0);
        if (tpslChange) {
            if (!"New".equals(o.status) && !"Untriggered".equals(o.status)) {
                throw new BybitError(110059, "Not allowed to modify the TP/SL of a partially filled open order");
            }
            changed = true;
        }
        if (!changed) {
            throw new BybitError(10001, "The order remains unchanged as the parameters entered match the existing ones.");
        }
        if (qty != null) {
            o.qty = qty;
        }
        if (price != null && price.signum() != 0 && "Limit".equals(o.orderType)) {
            o.price = price;
            if (o.isActive()) {
                o.taker = marketable(m, o.side, price);
                if ("PostOnly".equals(o.timeInForce) && o.taker) {
                    o.status = "Cancelled";
                    o.rejectReason = "EC_PostOnlyWillTakeLiquidity";
                }
            }
        }
        if (triggerPrice != null && triggerPrice.signum() != 0) {
            o.triggerPrice = triggerPrice;
        }
        if (takeProfit != null) {
            o.takeProfit = takeProfit;
            o.tpslMode = "Full";
        }
        if (stopLoss != null) {
            o.stopLoss = stopLoss;
            o.tpslMode = "Full";
        }
        o.updatedTime = t;
        pushOrder(o);
        pushPosition(position(o.symbol));
        return o;
    }

    /** {@code POST /v5/order/cancel}. */
    synchronized SimOrder cancelOrder(Params p) {
        long t = clock.now();
        linear(p);
        SymbolMarket m = market(p.required("symbol"));
        SimOrder o = find(p, m.instrument.symbol());
        if (o == null || !o.isOpen()) {
            throw new BybitError(110001, "order not exists or too late to cancel");
        }
        close(o, "Untriggered".equals(o.status) ? "Deactivated" : "Cancelled", "CancelByUser", "EC_PerCancelRequest", t);
        pushPosition(position(o.symbol));
        return o;
    }

    /** {@code POST /v5/order/cancel-all}: the orders cancelled. */
    synchronized List<SimOrder> cancelAll(Params p) {
        long t = clock.now();
        linear(p);
        String symbol = p.text("symbol");
        String settleCoin = p.text("settleCoin");
        String baseCoin = p.text("baseCoin");
        if (symbol == null && settleCoin == null && baseCoin == null) {
            throw BybitError.params("params error: symbol, baseCoin or settleCoin is required for category linear");
        }
        if (symbol != null) {
            market(symbol);
        }
        if (settleCoin != null && !"USDT".equals(settleCoin)) {
            throw BybitError.params("params error: settleCoin " + settleCoin + " is not served (USDT only)");
        }
        String filter = p.text("orderFilter");
        List<SimOrder> out = new ArrayList<>();
        for (SimOrder o : new ArrayList<>(orders.values())) {
            if (!o.isOpen() || (symbol != null && !o.symbol.equals(symbol))
                    || (baseCoin != null && !markets.get(o.symbol).instrument.baseCoin().equals(baseCoin))
                    || !matchesFilter(o, filter)) {
                continue;
            }
            close(o, "Untriggered".equals(o.status) ? "Deactivated" : "Cancelled", "CancelByUser", "EC_PerCancelRequest", t);
            out.add(o);
        }
        if (!out.isEmpty()) {
            pushPosition(position(out.get(0).symbol));
        }
        return out;
    }

    static boolean matchesFilter(SimOrder o, String filter) {
        if (filter == null) {
            return true;
        }
        return switch (filter) {
            case "Order" -> !o.isConditional();
            case "StopOrder" -> o.isConditional();
            default -> throw BybitError.params("params error: orderFilter must be Order or StopOrder for linear, got '" + filter + "'");
        };
    }

    /** {@code POST /v5/position/set-leverage}. */
    synchronized void setLeverage(Params p) {
        linear(p);
        SymbolMarket m = market(p.required("symbol"));
        BigDecimal buy = p.decimal("buyLeverage");
        BigDecimal sell = p.decimal("sellLeverage");
        if (buy == null || sell == null) {
            throw BybitError.params("params error: buyLeverage and sellLeverage are required");
        }
        if (buy.compareTo(sell) != 0) {
            throw BybitError.params("params error: buyLeverage must equal sellLeverage in one-way mode");
        }
        if (buy.compareTo(BigDecimal.ONE) < 0 || buy.compareTo(m.instrument.maxLeverage()) > 0) {
            throw BybitError.params("params error: leverage " + ExchangeNumbers.plain(buy) + " is outside [1, "
                    + ExchangeNumbers.plain(m.instrument.maxLeverage()) + "]");
        }
        SimPosition pos = position(m.instrument.symbol());
        if (pos.leverage.compareTo(buy) == 0) {
            throw new BybitError(110043, "leverage not modified");
        }
        pos.leverage = buy.stripTrailingZeros();
        pos.updatedTime = clock.now();
        pushPosition(pos);
        pushWallet();
    }

    /** {@code POST /v5/position/switch-mode}: one-way mode only. */
    synchronized void switchMode(Params p) {
        linear(p);
        if (!p.has("symbol") && !p.has("coin")) {
            throw BybitError.params("params error: symbol or coin is required");
        }
        if (p.has("symbol")) {
            market(p.text("symbol"));
        }
        Integer mode = p.integer("mode");
        if (mode == null || (mode != 0 && mode != 3)) {
            throw BybitError.params("params error: mode must be 0 (one-way) or 3 (hedge), got " + p.text("mode"));
        }
        if (mode == 0) {
            throw new BybitError(110025, "Position mode is not modified");
        }
        if (positions.values().stream().anyMatch(SimPosition::isOpen)) {
            throw new BybitError(110024, "You have an existing position, so the position mode cannot be switched");
        }
        throw BybitError.params("params error: hedge mode (mode 3) is not implemented by the simulator; it trades one-way mode only");
    }

    /** {@code POST /v5/position/trading-stop}: full-position TP/SL as conditional orders that follow the position. */
    synchronized void tradingStop(Params p) {
        long t = clock.now();
        linear(p);
        SymbolMarket m = market(p.required("symbol"));
        String mode = p.required("tpslMode");
        if (!"Full".equals(mode) && !"Partial".equals(mode)) {
            throw BybitError.params("params error: tpslMode must be Full or Partial, got '" + mode + "'");
        }
        if ("Partial".equals(mode)) {
            throw BybitError.params("params error: tpslMode Partial is not implemented by the simulator (Full only)");
        }
        if (p.integer("positionIdx") == null) {
            throw BybitError.params("params error: positionIdx is required");
        }
        positionIdx(p);
        BigDecimal trailing = p.decimal("trailingStop");
        if (trailing != null && trailing.signum() != 0) {
            throw BybitError.params("params error: trailingStop is not implemented by the simulator");
        }
        SimPosition pos = positions.get(m.instrument.symbol());
        if (pos == null || !pos.isOpen()) {
            throw BybitError.params("can not set tp/sl/ts for zero position");
        }
        BigDecimal tp = p.decimal("takeProfit");
        BigDecimal sl = p.decimal("stopLoss");
        BigDecimal base = m.lastPrice;
        boolean isLong = pos.side == Side.Buy;
        if (tp != null && tp.signum() < 0 || sl != null && sl.signum() < 0) {
            throw BybitError.params("params error: takeProfit and stopLoss cannot be less than 0");
        }
        if (tp != null && tp.signum() > 0) {
            validatePrice(m.instrument, tp, "takeProfit");
            if (isLong ? tp.compareTo(base) <= 0 : tp.compareTo(base) >= 0) {
                throw BybitError.params("TakeProfit:" + m.instrument.price(tp) + " set for " + pos.side + " position should "
                        + (isLong ? "higher" : "lower") + " than base_price:" + m.instrument.price(base) + "??LastPrice");
            }
        }
        if (sl != null && sl.signum() > 0) {
            validatePrice(m.instrument, sl, "stopLoss");
            if (isLong ? sl.compareTo(base) >= 0 : sl.compareTo(base) <= 0) {
                throw BybitError.params("StopLoss:" + m.instrument.price(sl) + " set for " + pos.side + " position should "
                        + (isLong ? "lower" : "higher") + " than base_price:" + m.instrument.price(base) + "??LastPrice");
            }
        }
        boolean same = (tp == null || tp.compareTo(pos.takeProfit) == 0) && (sl == null || sl.compareTo(pos.stopLoss) == 0);
        if (same) {
            throw new BybitError(34040, "not modified");
        }
        List<SimOrder> changed = new ArrayList<>();
        setPositionTpsl(m, pos, tp, sl, triggerBy(p.text("tpTriggerBy", "LastPrice"), "tpTriggerBy"),
                triggerBy(p.text("slTriggerBy", "LastPrice"), "slTriggerBy"), t, changed);
        for (SimOrder o : changed) {
            pushOrder(o);
        }
        pushPosition(pos);
    }

    /** Sets (a price), clears ({@code 0}) or keeps ({@code null}) the position's TP and SL orders. */
    private void setPositionTpsl(SymbolMarket m, SimPosition pos, BigDecimal tp, BigDecimal sl, String tpBy, String slBy, long t,
                                 List<SimOrder> changed) {
        if (tp != null) {
            pos.takeProfit = tp;
            pos.tpTriggerBy = tpBy;
            replaceTpsl(m, pos, "TakeProfit", tp, tpBy, t, changed);
        }
        if (sl != null) {
            pos.stopLoss = sl;
            pos.slTriggerBy = slBy;
            replaceTpsl(m, pos, "StopLoss", sl, slBy, t, changed);
        }
        pos.updatedTime = t;
    }

    private void replaceTpsl(SymbolMarket m, SimPosition pos, String kind, BigDecimal price, String by, long t, List<SimOrder> changed) {
        SimOrder existing = ordersOf(pos.symbol).stream().filter(o -> o.positionTpsl && o.isOpen() && kind.equals(o.stopOrderType))
                .findFirst().orElse(null);
        if (price.signum() == 0) {
            if (existing != null) {
                close(existing, "Deactivated", "CancelByUser", "EC_NoError", t, changed);
            }
            return;
        }
        if (existing != null) {
            existing.triggerPrice = price;
            existing.updatedTime = t;
            changed.add(existing);
            return;
        }
        boolean isLong = pos.side == Side.Buy;
        boolean takeProfit = "TakeProfit".equals(kind);
        int direction = isLong == takeProfit ? 1 : 2;
        SimOrder o = new SimOrder(ids.uuid(), "", pos.symbol, pos.side.opposite(), "Market", BigDecimal.ZERO, pos.size, "IOC", true, true,
                price, direction, by, kind, takeProfit ? "CreateByTakeProfit" : "CreateByStopLoss", true, t, m.lastPrice,
                ++orderSequence);
        o.tpslMode = "Full";
        if (takeProfit) {
            o.takeProfit = price;
            o.tpTriggerBy = by;
        } else {
            o.stopLoss = price;
            o.slTriggerBy = by;
        }
        orders.put(o.orderId, o);
        changed.add(o);
    }

    private void close(SimOrder o, String status, String cancelType, String rejectReason, long t) {
        close(o, status, cancelType, rejectReason, t, null);
    }

    /** Ends an order; pushes it at once, or adds it to {@code later} to push after the current fill's messages. */
    private void close(SimOrder o, String status, String cancelType, String rejectReason, long t, List<SimOrder> later) {
        o.status = status;
        o.cancelType = cancelType;
        o.rejectReason = rejectReason;
        o.updatedTime = t;
        if (later == null) {
            pushOrder(o);
        } else {
            later.add(o);
        }
    }

    private SimOrder find(Params p, String symbol) {
        String id = p.text("orderId");
        String link = p.text("orderLinkId");
        if (id == null && link == null) {
            throw BybitError.params("params error: orderId or orderLinkId is required");
        }
        SimOrder o = id != null ? orders.get(id) : byLinkId.get(link);
        return o != null && o.symbol.equals(symbol) ? o : null;
    }

    private static void linear(Params p) {
        String category = p.required("category");
        if (!"linear".equals(category)) {
            throw BybitError.params("params error: category " + category + " is not served by the simulator (linear only)");
        }
    }

    private static void positionIdx(Params p) {
        Integer idx = p.integer("positionIdx");
        if (idx != null && idx != 0) {
            throw BybitError.params("position idx not match position mode");
        }
    }

    private static Side side(String s) {
        return switch (s) {
            case "Buy" -> Side.Buy;
            case "Sell" -> Side.Sell;
            default -> throw BybitError.params("params error: side must be Buy or Sell, got '" + s + "'");
        };
    }

    private static String triggerBy(String s, String name) {
        if (!List.of("LastPrice", "MarkPrice", "IndexPrice").contains(s)) {
            throw BybitError.params("params error: " + name + " must be LastPrice, MarkPrice or IndexPrice, got '" + s + "'");
        }
        return s;
    }

    private static void validateQty(SimInstrument inst, BigDecimal qty, String orderType) {
        if (qty.signum() <= 0) {
            throw BybitError.params("params error: qty must be > 0, got " + qty.toPlainString());
        }
        if (qty.compareTo(inst.minOrderQty()) < 0) {
            throw BybitError.params("The number of contracts exceeds minimum limit allowed: qty " + qty.toPlainString()
                    + " < minOrderQty " + inst.minOrderQty().toPlainString());
        }
        if (!inst.isOnStep(qty)) {
            throw BybitError.params("params error: qty " + qty.toPlainString() + " is not a multiple of qtyStep "
                    + inst.qtyStep().toPlainString() + " for " + inst.symbol());
        }
        BigDecimal max = "Market".equals(orderType) ? inst.maxMktOrderQty() : inst.maxOrderQty();
        if (qty.compareTo(max) > 0) {
            throw BybitError.params("The number of contracts exceeds maximum limit allowed: qty " + qty.toPlainString()
                    + " > " + ("Market".equals(orderType) ? "maxMktOrderQty " : "maxOrderQty ") + max.toPlainString());
        }
    }

    private static void validatePrice(SimInstrument inst, BigDecimal price, String name) {
        if (price.signum() <= 0) {
            throw BybitError.params("params error: " + name + " must be > 0, got " + price.toPlainString());
        }
        if (!inst.isOnTick(price)) {
            throw BybitError.params("params error: " + name + " " + price.toPlainString() + " is not a multiple of tickSize "
                    + inst.tickSize().toPlainString() + " for " + inst.symbol());
        }
    }

    // ---------------------------------------------------------------- the account

    private SimPosition position(String symbol) {
        return positions.computeIfAbsent(symbol, s -> new SimPosition(s, settings.defaultLeverage(), clock.now()));
    }

    /** Orders of a symbol in time priority (a copy: matching may add orders). */
    private List<SimOrder> ordersOf(String symbol) {
        List<SimOrder> out = new ArrayList<>();
        for (SimOrder o : orders.values()) {
            if (o.symbol.equals(symbol)) {
                out.add(o);
            }
        }
        return out;
    }

    synchronized List<SimOrder> allOrders() {
        return new ArrayList<>(orders.values());
    }

    synchronized SimOrder orderByLinkId(String linkId) {
        return byLinkId.get(linkId);
    }

    synchronized SimOrder orderById(String id) {
        return orders.get(id);
    }

    synchronized List<Execution> executions() {
        return List.copyOf(executions);
    }

    /** Positions ever touched (flat ones included), by symbol. */
    synchronized Map<String, SimPosition> positions() {
        return new LinkedHashMap<>(positions);
    }

    synchronized SimPosition positionOrFlat(String symbol) {
        SimPosition p = positions.get(symbol);
        return p != null ? p : new SimPosition(symbol, settings.defaultLeverage(), clock.now());
    }

    synchronized WalletState wallet() {
        BigDecimal upl = BigDecimal.ZERO;
        BigDecimal positionIm = BigDecimal.ZERO;
        for (SimPosition p : positions.values()) {
            BigDecimal mark = markets.get(p.symbol).mark();
            upl = upl.add(p.unrealised(mark));
            positionIm = positionIm.add(p.initialMargin(mark));
        }
        BigDecimal orderIm = BigDecimal.ZERO;
        for (SimOrder o : orders.values()) {
            if (o.isActive() && !o.reduceOnly) {
                SimPosition p = positions.get(o.symbol);
                BigDecimal leverage = p == null ? settings.defaultLeverage() : p.leverage;
                BigDecimal price = "Market".equals(o.orderType) ? markets.get(o.symbol).lastPrice : o.price;
                BigDecimal opening = p == null ? o.leavesQty() : o.leavesQty().subtract(p.closingPart(o.side, o.leavesQty()));
                orderIm = orderIm.add(opening.multiply(price).divide(leverage, 8, RoundingMode.HALF_UP));
            }
        }
        BigDecimal equity = walletBalance.add(upl);
        return new WalletState(walletBalance, upl, equity, positionIm, orderIm, equity.subtract(positionIm).subtract(orderIm),
                cumRealised);
    }

    // ---------------------------------------------------------------- private pushes

    private void pushOrder(SimOrder o) {
        feeds.publishPrivate("order", F.arrayNode().add(PrivateJson.order(o, markets.get(o.symbol).instrument, true)), clock.now());
    }

    private void pushExecution(Execution e) {
        feeds.publishPrivate("execution", F.arrayNode().add(PrivateJson.execution(e, markets.get(e.symbol()).instrument, true)),
                clock.now());
    }

    private void pushPosition(SimPosition p) {
        SymbolMarket m = markets.get(p.symbol);
        feeds.publishPrivate("position", F.arrayNode().add(PrivateJson.position(p, m.instrument, m.mark(), true)), clock.now());
    }

    private void pushWallet() {
        feeds.publishPrivate("wallet", F.arrayNode().add(PrivateJson.wallet(wallet())), clock.now());
    }
}
