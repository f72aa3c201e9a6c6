package kairos.engine.execution;

import java.math.BigDecimal;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One order as the {@link OrderManager} tracks it: the intent (price and quantity as the venue last confirmed
 * them), the status of its state machine, what has been booked, and what the venue says has filled.
 *
 * <pre>
 *   NEW ──ack──► ACCEPTED ──fill──► PARTIALLY_FILLED ──fill──► FILLED
 *    │              │                      │
 *    │              └──────────────┬───────┴──► CANCELLED / EXPIRED
 *    ├──► REJECTED                 │
 *    └──no ack within timeout──► UNKNOWN ──query answer──► any of the above
 * </pre>
 *
 * Updates are applied monotonically: a stale update (ACCEPTED after a partial fill, anything after a terminal
 * status) does not move the status back, and a price or quantity older than one applied (by the venue's sequence)
 * is ignored, so duplicated and reordered venue messages give the same end state. Fills are counted once per
 * execution id; a fill may arrive before the acknowledgement (it moves NEW straight to PARTIALLY_FILLED or FILLED)
 * or after the order's terminal status (it still counts: {@code FILLED} may come before the last execution). The
 * venue's cumulative quantity tells whether every execution has been booked ({@link #isReconciled}).
 */
public final class ManagedOrder {
    private OrderIntent intent;
    private final long sentAt;
    private OrderStatus status = OrderStatus.NEW;
    private BigDecimal filledQty = BigDecimal.ZERO;
    private double filledNotional;
    private double fees;
    private BigDecimal venueCumQty = BigDecimal.ZERO;
    private long venueSeq = Long.MIN_VALUE;
    private String statusReason = "";
    private final Set<String> execIds = new LinkedHashSet<>(4);
    /** When the current price became effective (sending or the last amend), for fill timeouts. */
    private long pricedAt;
    private int reprices;
    /** An amend sent and not yet confirmed: the price and quantity asked for (null: none). */
    private BigDecimal requestedPrice;
    private BigDecimal requestedQty;
    private int notFoundAnswers;

    ManagedOrder(OrderIntent intent) {
        this.intent = intent;
        this.sentAt = intent.createdAt();
        this.pricedAt = intent.createdAt();
    }

    /**
     * Applies a venue update. Returns true when the status changed. A client-side {@code UNKNOWN} is only accepted
     * while the order is {@code NEW}.
     */
    public boolean apply(OrderUpdate update) {
        if (update.cumQty().compareTo(venueCumQty) > 0) {
            venueCumQty = update.cumQty();
        }
        if (update.venueSeq() >= venueSeq && (update.price() != null || update.qty() != null)) {
            venueSeq = update.venueSeq();
            BigDecimal price = update.price() != null ? update.price() : intent.price();
            BigDecimal qty = update.qty() != null ? update.qty() : intent.qty();
            if (!same(price, intent.price()) || !same(qty, intent.qty())) {
                intent = intent.withPriceQty(price, qty);
            }
            if (requestedPrice != null && same(price, requestedPrice) && same(qty, requestedQty)) {
                requestedPrice = null;
                requestedQty = null;
            }
        }
        if (update.status() != OrderStatus.UNKNOWN) {
            notFoundAnswers = 0;
        }
        OrderStatus next = update.status();
        if (status.isTerminal() || next == status) {
            return false;
        }
        if (next == OrderStatus.UNKNOWN) {
            if (status != OrderStatus.NEW) {
                return false;
            }
        } else if (status != OrderStatus.UNKNOWN && next.rank() < status.rank()) {
            return false;
        }
        status = next;
        if (!update.reason().isEmpty()) {
            statusReason = update.reason();
        }
        return true;
    }

    /** Books a fill once per execution id. Returns false for a duplicate. */
    public boolean apply(Fill fill) {
        if (!execIds.add(fill.execId())) {
            return false;
        }
        filledQty = filledQty.add(fill.qty());
        filledNotional += fill.notional();
        fees += fill.fee();
        if (filledQty.compareTo(venueCumQty) > 0) {
            venueCumQty = filledQty;
        }
        if (!status.isTerminal()) {
            status = filledQty.compareTo(intent.qty()) >= 0 ? OrderStatus.FILLED : OrderStatus.PARTIALLY_FILLED;
        }
        return true;
    }

    /** An amend was sent: effective once the venue confirms it. */
    void amendRequested(BigDecimal price, BigDecimal qty, long time) {
        requestedPrice = price;
        requestedQty = qty;
        pricedAt = time;
    }

    /** The venue refused the amend: the order keeps its confirmed price and quantity. */
    void amendRefused() {
        requestedPrice = null;
        requestedQty = null;
    }

    void relabel(String reason) {
        intent = intent.withReason(reason);
    }

    void countReprice() {
        reprices++;
    }

    /** One more "never seen" answer to a query; returns how many in a row. */
    int countNotFound() {
        return ++notFoundAnswers;
    }

    public OrderIntent intent() { return intent; }
    public String linkId() { return intent.linkId(); }
    public String symbol() { return intent.symbol(); }
    public OrderPurpose purpose() { return intent.purpose(); }
    public OrderStatus status() { return status; }
    public BigDecimal filledQty() { return filledQty; }
    /** Quantity-weighted mean fill price; NaN before the first fill. */
    public double avgFillPrice() { return filledQty.signum() > 0 ? filledNotional / filledQty.doubleValue() : Double.NaN; }
    public double fees() { return fees; }
    public BigDecimal remainingQty() { return intent.qty().subtract(filledQty).max(BigDecimal.ZERO); }
    /** The venue's last reported cumulative quantity (may lead the fills received). */
    public BigDecimal venueCumQty() { return venueCumQty; }
    public String statusReason() { return statusReason; }
    public long sentAt() { return sentAt; }
    public long pricedAt() { return pricedAt; }
    public int reprices() { return reprices; }
    public boolean isOpen() { return !status.isTerminal(); }
    /** The price asked for by an amend not yet confirmed, else the confirmed price (NaN for a market order). */
    public double targetPrice() { return requestedPrice != null ? requestedPrice.doubleValue() : intent.priceValue(); }
    /** The quantity asked for by an amend not yet confirmed, else the confirmed quantity. */
    public BigDecimal targetQty() { return requestedQty != null ? requestedQty : intent.qty(); }
    public boolean amendPending() { return requestedPrice != null || requestedQty != null; }
    /** Every execution the venue has reported (its cumulative quantity) has been booked. */
    public boolean isReconciled() { return filledQty.compareTo(venueCumQty) >= 0; }
    /** Terminal with every execution booked: nothing more can happen to it. */
    public boolean isDone() { return status.isTerminal() && isReconciled(); }
    public boolean hasExecution(String execId) { return execIds.contains(execId); }

    private static boolean same(BigDecimal a, BigDecimal b) {
        return a == null ? b == null : b != null && a.compareTo(b) == 0;
    }

    /** Everything the journal keeps of the order. */
    public record State(OrderIntent intent, long sentAt, OrderStatus status, BigDecimal filledQty, double filledNotional,
                        double fees, BigDecimal venueCumQty, long venueSeq, String statusReason, List<String> execIds,
                        long pricedAt, int reprices, BigDecimal requestedPrice, BigDecimal requestedQty,
                        int notFoundAnswers) {
    }

    public State state() {
        return new State(intent, sentAt, status, filledQty, filledNotional, fees, venueCumQty, venueSeq, statusReason,
                List.copyOf(execIds), pricedAt, reprices, requestedPrice, requestedQty, notFoundAnswers);
    }

    static ManagedOrder restore(State s) {
        ManagedOrder o = new ManagedOrder(s.intent());
        o.status = s.status();
        o.filledQty = s.filledQty();
        o.filledNotional = s.filledNotional();
        o.fees = s.fees();
        o.venueCumQty = s.venueCumQty();
        o.venueSeq = s.venueSeq();
        o.statusReason = s.statusReason();
        o.execIds.addAll(s.execIds());
        o.pricedAt = s.pricedAt();
        o.reprices = s.reprices();
        o.requestedPrice = s.requestedPrice();
        o.requestedQty = s.requestedQty();
        o.notFoundAnswers = s.notFoundAnswers();
        return o;
    }

    @Override
    public String toString() {
        return intent.linkId() + " " + status + " " + filledQty.toPlainString() + "/" + intent.qty().toPlainString();
    }
}
