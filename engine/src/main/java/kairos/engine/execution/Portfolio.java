package kairos.engine.execution;

import kairos.engine.domain.Side;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Account bookkeeping of USDT-margined linear perpetuals. Cash (the wallet balance) starts at the initial equity
 * and moves by realised PnL, fees and funding; equity is cash plus the unrealised PnL of open positions at their
 * last price, so at every moment
 * {@code equity = initial + realised + unrealised − fees − funding = cash + unrealised}.
 * Margin is the open notional divided by the leverage; exposure is the open notional (per symbol and in total).
 * Quantities are exact decimals (the sum of the exchange's fill quantities); prices and money are doubles.
 * Fills are applied once per execution id. A position's whole life (entries, partial exits, funding) becomes one
 * {@link TradeRecord}; a fill larger than the opposite position closes it and opens the rest the other way (the
 * exchange only does that for an order that is not reduce-only; the order manager treats such a position as
 * unexpected). Marking a price allocates nothing (it is called on every bar).
 */
public final class Portfolio {
    /** Execution ids kept in the journal for de-duplication across a restart (the newest). */
    static final int SEEN_KEPT = 5_000;
    private double initialEquity;
    private double leverage;
    private double cash;
    private double realized;
    private double feesPaid;
    private double fundingPaid;
    private final Map<String, Position> positions = new LinkedHashMap<>();
    private final List<TradeRecord> closed = new ArrayList<>();
    private final Set<String> seenExecIds = new LinkedHashSet<>();
    private int tradeSeq;

    /** An open position and what it has accumulated so far. */
    public static final class Position {
        private final String symbol;
        private final Side side;
        private final String strategy;
        private final String entryRule;
        private final long entryTime;
        private BigDecimal qty = BigDecimal.ZERO;
        private BigDecimal maxQty = BigDecimal.ZERO;
        private double avgEntry;
        private double exitQty;
        private double exitNotional;
        private double realized;
        private double fees;
        private double funding;
        private double lastPrice;
        private double initialRisk = Double.NaN;
        private String entryDecision = "";

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
        public double qty() { return qty.doubleValue(); }
        /** Open quantity, exact. */
        public BigDecimal size() { return qty; }
        /** Largest quantity held so far (the position's whole quantity in the trade record). */
        public double maxQty() { return maxQty.doubleValue(); }
        public double avgEntry() { return avgEntry; }
        public double fees() { return fees; }
        public double funding() { return funding; }
        public double realized() { return realized; }
        public double lastPrice() { return lastPrice; }
        public double initialRisk() { return initialRisk; }
        public String entryDecision() { return entryDecision; }
        /** Signed quantity: positive long, negative short. */
        public double signedQty() { return side.sign() * qty.doubleValue(); }
        /** Signed quantity, exact. */
        public BigDecimal signedSize() { return side == Side.Buy ? qty : qty.negate(); }

        public double unrealized(double price) {
            return side.sign() * (price - avgEntry) * qty.doubleValue();
        }

        public double unrealized() {
            return unrealized(lastPrice);
        }

        public double notional() {
            return qty.doubleValue() * lastPrice;
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
     * labels the trade when the fill closes it. Returns the closed trade when the fill flattens (or flips) the
     * position, else null. A repeated execId is ignored.
     */
    public TradeRecord apply(Fill fill, String strategy, String entryRule, String exitReason) {
        if (!seenExecIds.add(fill.execId())) {
            return null;
        }
        Position p = positions.get(fill.symbol());
        double price = fill.priceValue();
        if (p == null || fill.side() == p.side) {
            cash -= fill.fee();
            feesPaid += fill.fee();
            if (p == null) {
                p = open(fill.symbol(), fill.side(), strategy, entryRule, fill.time());
            }
            add(p, fill.qty(), price, fill.fee());
            return null;
        }
        BigDecimal closing = fill.qty().min(p.qty);
        BigDecimal rest = fill.qty().subtract(closing);
        double closeFee = rest.signum() == 0 ? fill.fee()
                : fill.fee() * closing.doubleValue() / fill.qty().doubleValue();
        cash -= closeFee;
        feesPaid += closeFee;
        p.fees += closeFee;
        p.lastPrice = price;
        double pnl = p.side.sign() * (price - p.avgEntry) * closing.doubleValue();
        cash += pnl;
        realized += pnl;
        p.realized += pnl;
        p.exitQty += closing.doubleValue();
        p.exitNotional += closing.doubleValue() * price;
        p.qty = p.qty.subtract(closing);
        if (p.qty.signum() > 0) {
            return null;
        }
        positions.remove(fill.symbol());
        TradeRecord trade = new TradeRecord("T" + (++tradeSeq), p.symbol, p.side, p.strategy, p.entryRule, p.entryTime,
                p.avgEntry, fill.time(), p.exitNotional / p.exitQty, p.maxQty.doubleValue(), p.realized, p.fees,
                p.funding, p.realized - p.fees - p.funding, exitReason == null ? "" : exitReason, p.initialRisk,
                p.entryDecision, "");
        closed.add(trade);
        if (rest.signum() > 0) {
            double restFee = fill.fee() - closeFee;
            cash -= restFee;
            feesPaid += restFee;
            add(open(fill.symbol(), fill.side(), "", "", fill.time()), rest, price, restFee);
        }
        return trade;
    }

    private Position open(String symbol, Side side, String strategy, String entryRule, long time) {
        Position p = new Position(symbol, side, strategy == null ? "" : strategy, entryRule == null ? "" : entryRule, time);
        positions.put(symbol, p);
        return p;
    }

    private static void add(Position p, BigDecimal qty, double price, double fee) {
        BigDecimal newQty = p.qty.add(qty);
        p.avgEntry = (p.avgEntry * p.qty.doubleValue() + price * qty.doubleValue()) / newQty.doubleValue();
        p.qty = newQty;
        p.maxQty = p.maxQty.max(newQty);
        p.lastPrice = price;
        p.fees += fee;
    }

    /** Whether a fill with this execution id has been booked. */
    public boolean hasSeen(String execId) {
        return seenExecIds.contains(execId);
    }

    /** Records what the open position in {@code symbol} risks at its initial stop (for R multiples). */
    public void setInitialRisk(String symbol, double risk) {
        Position p = positions.get(symbol);
        if (p != null) {
            p.initialRisk = risk;
        }
    }

    /** Records the decision that opened the position (the trade's {@code decision_id}). */
    public void setEntryDecision(String symbol, String decisionId) {
        Position p = positions.get(symbol);
        if (p != null && decisionId != null) {
            p.entryDecision = decisionId;
        }
    }

    /** Names the decision that closed the last trade (the trade's {@code exit_decision_id}). */
    public void setExitDecision(String tradeId, String decisionId) {
        for (int i = closed.size() - 1; i >= 0; i--) {
            TradeRecord t = closed.get(i);
            if (t.id().equals(tradeId)) {
                closed.set(i, t.withExitDecision(decisionId));
                return;
            }
        }
    }

    /** Funding settlement: a long pays {@code rate × notional} when the rate is positive, a short receives it. */
    public void applyFunding(String symbol, double rate, double price) {
        Position p = positions.get(symbol);
        if (p == null) {
            return;
        }
        double payment = p.side.sign() * p.qty.doubleValue() * price * rate;
        cash -= payment;
        fundingPaid += payment;
        p.funding += payment;
    }

    /**
     * Books a funding payment the venue settled (once per {@code execId}): the account pays {@code amount} (negative:
     * receives); the open position carries it. Without an open position it still moves the cash.
     */
    public void bookFunding(FundingPayment f) {
        if (!seenExecIds.add(f.execId())) {
            return;
        }
        cash -= f.amount();
        fundingPaid += f.amount();
        Position p = positions.get(f.symbol());
        if (p != null) {
            p.funding += f.amount();
        }
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

    /** Signed exact quantity of the symbol's position, 0 when flat. */
    public BigDecimal signedSize(String symbol) {
        Position p = positions.get(symbol);
        return p == null ? BigDecimal.ZERO : p.signedSize();
    }

    public Collection<Position> openPositions() {
        return Collections.unmodifiableCollection(positions.values());
    }

    public List<TradeRecord> closedTrades() {
        return Collections.unmodifiableList(closed);
    }

    /** An open position as the journal keeps it. */
    public record PositionState(String symbol, Side side, String strategy, String entryRule, long entryTime,
                                BigDecimal qty, BigDecimal maxQty, double avgEntry, double exitQty,
                                double exitNotional, double realized, double fees, double funding, double lastPrice,
                                double initialRisk, String entryDecision) {
    }

    /** The account as the journal keeps it: the newest closed trades (for the risk statistics) and execution ids. */
    public record State(double initialEquity, double leverage, double cash, double realized, double feesPaid,
                        double fundingPaid, int tradeSeq, List<PositionState> positions, List<TradeRecord> recentTrades,
                        List<String> recentExecIds) {
    }

    public State state(int trades) {
        List<PositionState> ps = new ArrayList<>();
        for (Position p : positions.values()) {
            ps.add(new PositionState(p.symbol, p.side, p.strategy, p.entryRule, p.entryTime, p.qty, p.maxQty,
                    p.avgEntry, p.exitQty, p.exitNotional, p.realized, p.fees, p.funding, p.lastPrice,
                    Double.isNaN(p.initialRisk) ? -1 : p.initialRisk, p.entryDecision));
        }
        List<String> ids = new ArrayList<>(seenExecIds);
        return new State(initialEquity, leverage, cash, realized, feesPaid, fundingPaid, tradeSeq, ps,
                List.copyOf(closed.subList(Math.max(0, closed.size() - trades), closed.size())),
                List.copyOf(ids.subList(Math.max(0, ids.size() - SEEN_KEPT), ids.size())));
    }

    /**
     * Takes the account a journal kept (in place of this one's); closed trades are the recent ones it kept (the
     * rest are in the journal's trades).
     */
    public void restore(State s) {
        initialEquity = s.initialEquity();
        leverage = s.leverage();
        cash = s.cash();
        realized = s.realized();
        feesPaid = s.feesPaid();
        fundingPaid = s.fundingPaid();
        tradeSeq = s.tradeSeq();
        positions.clear();
        for (PositionState ps : s.positions()) {
            Position p = open(ps.symbol(), ps.side(), ps.strategy(), ps.entryRule(), ps.entryTime());
            p.qty = ps.qty();
            p.maxQty = ps.maxQty();
            p.avgEntry = ps.avgEntry();
            p.exitQty = ps.exitQty();
            p.exitNotional = ps.exitNotional();
            p.realized = ps.realized();
            p.fees = ps.fees();
            p.funding = ps.funding();
            p.lastPrice = ps.lastPrice();
            p.initialRisk = ps.initialRisk() < 0 ? Double.NaN : ps.initialRisk();
            p.entryDecision = ps.entryDecision();
        }
        closed.clear();
        closed.addAll(s.recentTrades());
        seenExecIds.clear();
        seenExecIds.addAll(s.recentExecIds());
    }
}
