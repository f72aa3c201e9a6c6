package kairos.engine.execution;

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
 * Account bookkeeping of USDT-margined linear perpetuals. Cash (the wallet balance) starts at the initial equity
 * and moves by realised PnL, fees and funding; equity is cash plus the unrealised PnL of open positions at their
 * last price, so at every moment
 * {@code equity = initial + realised + unrealised − fees − funding = cash + unrealised}.
 * Margin is the open notional divided by the leverage; exposure is the open notional (per symbol and in total).
 * Fills are applied once per execution id. A position's whole life (entries, partial exits, funding) becomes one
 * {@link TradeRecord}. Marking a price allocates nothing (it is called on every bar).
 */
public final class Portfolio {
    private static final double EPS = 1e-9;
    private final double initialEquity;
    private final double leverage;
    private double cash;
    private double realized;
    private double feesPaid;
    private double fundingPaid;
    private final Map<String, Position> positions = new LinkedHashMap<>();
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
        private double lastPrice;
        private double initialRisk = Double.NaN;

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
        /** Open quantity, always > 0; the direction is {@link #side()}. */
        public double qty() { return qty; }
        /** Largest quantity held so far (the position's whole quantity in the trade record). */
        public double maxQty() { return maxQty; }
        public double avgEntry() { return avgEntry; }
        public double fees() { return fees; }
        public double funding() { return funding; }
        public double realized() { return realized; }
        public double lastPrice() { return lastPrice; }
        /** Signed quantity: positive long, negative short. */
        public double signedQty() { return side.sign() * qty; }

        public double unrealized(double price) {
            return side.sign() * (price - avgEntry) * qty;
        }

        public double unrealized() {
            return unrealized(lastPrice);
        }

        public double notional() {
            return qty * lastPrice;
        }
    }

    public Portfolio(double initialEquity) {
        this(initialEquity, 1);
    }

    /** @param leverage notional / margin of every position, for the margin figure */
    public Portfolio(double initialEquity, double leverage) {
        if (!(initialEquity > 0) || Double.isInfinite(initialEquity)) {
            throw new IllegalArgumentException("initial equity must be > 0");
        }
        if (!(leverage >= 1)) {
            throw new IllegalArgumentException("leverage must be >= 1");
        }
        this.initialEquity = initialEquity;
        this.leverage = leverage;
        this.cash = initialEquity;
    }

    /** Applies a fill with the fill's own reason as the exit reason (see {@link #apply(Fill, String, String, String)}). */
    public TradeRecord apply(Fill fill, String strategy, String entryRule) {
        return apply(fill, strategy, entryRule, fill.reason());
    }

    /**
     * Applies a fill. {@code strategy} and {@code entryRule} label a position the fill opens; {@code exitReason}
     * labels the trade when the fill closes it. Returns the closed trade when the fill flattens the position, else
     * null. A repeated execId is ignored; a fill that would flip the position is refused (exits are reduce-only).
     */
    public TradeRecord apply(Fill fill, String strategy, String entryRule, String exitReason) {
        if (!(fill.qty() > 0) || !(fill.price() > 0)) {
            throw new IllegalArgumentException("fill " + fill.execId() + " needs a positive quantity and price");
        }
        if (seenExecIds.contains(fill.execId())) {
            return null;
        }
        Position p = positions.get(fill.symbol());
        if (p != null && fill.side() != p.side && fill.qty() > p.qty + EPS) {
            throw new IllegalStateException("fill " + fill.execId() + " would flip the " + fill.symbol()
                    + " position; exits must be reduce-only");
        }
        seenExecIds.add(fill.execId());
        cash -= fill.fee();
        feesPaid += fill.fee();
        if (p == null) {
            p = new Position(fill.symbol(), fill.side(), strategy == null ? "" : strategy,
                    entryRule == null ? "" : entryRule, fill.time());
            positions.put(fill.symbol(), p);
        }
        p.lastPrice = fill.price();
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
        realized += pnl;
        p.realized += pnl;
        p.exitQty += qty;
        p.exitNotional += qty * fill.price();
        p.qty -= qty;
        if (p.qty > EPS) {
            return null;
        }
        positions.remove(fill.symbol());
        TradeRecord trade = new TradeRecord("T" + (++tradeSeq), p.symbol, p.side, p.strategy, p.entryRule, p.entryTime,
                p.avgEntry, fill.time(), p.exitNotional / p.exitQty, p.maxQty, p.realized, p.fees, p.funding,
                p.realized - p.fees - p.funding, exitReason == null ? "" : exitReason, p.initialRisk);
        closed.add(trade);
        return trade;
    }

    /** Records what the open position in {@code symbol} risks at its initial stop (for R multiples). */
    public void setInitialRisk(String symbol, double risk) {
        Position p = positions.get(symbol);
        if (p != null) {
            p.initialRisk = risk;
        }
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

    /** The symbol's last price, for unrealised PnL. */
    public void mark(String symbol, double price) {
        Position p = positions.get(symbol);
        if (p != null) {
            p.lastPrice = price;
        }
    }

    public double equity() {
        return cash + unrealized();
    }

    public double unrealized() {
        if (positions.isEmpty()) {
            return 0;
        }
        double u = 0;
        for (Position p : positions.values()) {
            u += p.unrealized();
        }
        return u;
    }

    /** Open notional at last prices, all symbols. */
    public double exposure() {
        double e = 0;
        for (Position p : positions.values()) {
            e += p.notional();
        }
        return e;
    }

    /** Open notional of one symbol (0 when flat). */
    public double exposure(String symbol) {
        Position p = positions.get(symbol);
        return p == null ? 0 : p.notional();
    }

    /** Initial margin of the open positions: exposure / leverage. */
    public double margin() {
        return exposure() / leverage;
    }

    public boolean hasOpenPositions() {
        return !positions.isEmpty();
    }

    public double cash() { return cash; }
    public double initialEquity() { return initialEquity; }
    public double leverage() { return leverage; }
    /** Realised PnL before fees and funding, all trades. */
    public double realized() { return realized; }
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
