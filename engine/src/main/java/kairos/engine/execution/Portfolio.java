package kairos.engine.execution;

import kairos.engine.backtest.TradeRecord;
import kairos.engine.domain.Side;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Account bookkeeping of USDT-margined linear perpetuals: cash (wallet balance) moves by realised PnL, fees and
 * funding; equity is cash plus the unrealised PnL of open positions at their last price. Fills are applied once
 * per execution id. A position's whole life (entries, partial exits, funding) becomes one {@link TradeRecord}.
 */
public final class Portfolio {
    private final double initialEquity;
    private double cash;
    private double feesPaid;
    private double fundingPaid;
    private final Map<String, Position> positions = new LinkedHashMap<>();
    private final Map<String, Double> lastPrice = new LinkedHashMap<>();
    private final List<TradeRecord> closed = new ArrayList<>();
    private final Set<String> seenExecIds = new HashSet<>();
    private int tradeSeq;

    /** An open position and what it has accumulated so far. */
    public static final class Position {
        private final String symbol;
        private final Side side;
        private final String strategy;
        private final String entryRule;
        private final long entryTime;
        private double qty;
        private double maxQty;
        private double avgEntry;
        private double exitQty;
        private double exitNotional;
        private double realized;
        private double fees;
        private double funding;

        Position(String symbol, Side side, String strategy, String entryRule, long entryTime) {
            this.symbol = symbol;
            this.side = side;
            this.strategy = strategy;
            this.entryRule = entryRule;
            this.entryTime = entryTime;
        }

        public String symbol() { return symbol; }
        public Side side() { return side; }
        public String strategy() { return strategy; }
        public String entryRule() { return entryRule; }
        public long entryTime() { return entryTime; }
        public double qty() { return qty; }
        public double avgEntry() { return avgEntry; }
        public double fees() { return fees; }
        public double funding() { return funding; }

        public double unrealized(double price) {
            return side.sign() * (price - avgEntry) * qty;
        }
    }

    public Portfolio(double initialEquity) {
        if (!(initialEquity > 0)) {
            throw new IllegalArgumentException("initial equity must be > 0");
        }
        this.initialEquity = initialEquity;
        this.cash = initialEquity;
    }

    /**
     * Applies a fill. {@code strategy} and {@code entryRule} label a position the fill opens. Returns the closed
     * trade when the fill flattens the position, else null. A repeated execId is ignored.
     */
    public TradeRecord apply(Fill fill, String strategy, String entryRule) {
        if (!seenExecIds.add(fill.execId())) {
            return null;
        }
        Position open = positions.get(fill.symbol());
        if (open != null && fill.side() != open.side && fill.qty() > open.qty + 1e-9) {
            seenExecIds.remove(fill.execId());
            throw new IllegalStateException("fill " + fill.execId() + " would flip the " + fill.symbol()
                    + " position; exits must be reduce-only");
        }
        lastPrice.put(fill.symbol(), fill.price());
        cash -= fill.fee();
        feesPaid += fill.fee();
        Position p = positions.get(fill.symbol());
        if (p == null) {
            p = new Position(fill.symbol(), fill.side(), strategy, entryRule, fill.time());
            positions.put(fill.symbol(), p);
        }
        p.fees += fill.fee();
        if (fill.side() == p.side) {
            double newQty = p.qty + fill.qty();
            p.avgEntry = (p.avgEntry * p.qty + fill.price() * fill.qty()) / newQty;
            p.qty = newQty;
            p.maxQty = Math.max(p.maxQty, newQty);
            return null;
        }
        double qty = Math.min(fill.qty(), p.qty);
        double pnl = p.side.sign() * (fill.price() - p.avgEntry) * qty;
        cash += pnl;
        p.realized += pnl;
        p.exitQty += qty;
        p.exitNotional += qty * fill.price();
        p.qty -= qty;
        if (p.qty > 1e-9) {
            return null;
        }
        positions.remove(fill.symbol());
        TradeRecord trade = new TradeRecord("T" + (++tradeSeq), p.symbol, p.side, p.strategy, p.entryRule, p.entryTime,
                p.avgEntry, fill.time(), p.exitNotional / p.exitQty, p.maxQty, p.realized, p.fees, p.funding,
                p.realized - p.fees - p.funding, fill.reason());
        closed.add(trade);
        return trade;
    }

    /** Funding settlement: a long pays {@code rate × notional} when the rate is positive, a short receives it. */
    public void applyFunding(String symbol, double rate, double price) {
        Position p = positions.get(symbol);
        if (p == null) {
            return;
        }
        double payment = p.side.sign() * p.qty * price * rate;
        cash -= payment;
        fundingPaid += payment;
        p.funding += payment;
    }

    public void mark(String symbol, double price) {
        lastPrice.put(symbol, price);
    }

    public double equity() {
        double eq = cash;
        for (Position p : positions.values()) {
            eq += p.unrealized(lastPrice.getOrDefault(p.symbol, p.avgEntry));
        }
        return eq;
    }

    public double cash() { return cash; }
    public double initialEquity() { return initialEquity; }
    public double feesPaid() { return feesPaid; }
    public double fundingPaid() { return fundingPaid; }

    public Position position(String symbol) {
        return positions.get(symbol);
    }

    public Collection<Position> openPositions() {
        return Collections.unmodifiableCollection(positions.values());
    }

    public List<TradeRecord> closedTrades() {
        return Collections.unmodifiableList(closed);
    }
}
