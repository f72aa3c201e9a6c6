package kairos.engine.execution;

import java.util.HashSet;
import java.util.Set;

/**
 * One order as the {@link OrderManager} tracks it: the intent (price, quantity and exit reason can be amended),
 * the status of its state machine and what has filled so far.
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
 * status) is ignored, so duplicated and reordered venue messages give the same end state. Fills are counted once
 * per execution id; a fill may arrive before the acknowledgement (it moves NEW straight to PARTIALLY_FILLED or
 * FILLED) or after a cancel (the quantity counts, the status stays CANCELLED).
 */
public final class ManagedOrder {
    private static final double EPS = 1e-9;

    private OrderIntent intent;
    private final long sentAt;
    private OrderStatus status = OrderStatus.NEW;
    private double filledQty;
    private double filledNotional;
    private double fees;
    private double venueCumQty;
    private String statusReason = "";
    private final Set<String> execIds = new HashSet<>(4);
    /** When the current price became effective (sending or the last amend), for fill timeouts. */
    private long pricedAt;
    private int reprices;

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
        OrderStatus next = update.status();
        venueCumQty = Math.max(venueCumQty, update.cumQty());
        if (status.isTerminal() || next == status && next != OrderStatus.PARTIALLY_FILLED) {
            return false;
        }
        if (next == OrderStatus.UNKNOWN) {
            if (status != OrderStatus.NEW) {
                return false;
            }
        } else if (status != OrderStatus.UNKNOWN && next.rank() < status.rank()) {
            return false;
        }
        boolean changed = next != status;
        status = next;
        if (update.reason() != null && !update.reason().isEmpty()) {
            statusReason = update.reason();
        }
        return changed;
    }

    /** Books a fill once per execution id. Returns false for a duplicate. */
    public boolean apply(Fill fill) {
        if (!execIds.add(fill.execId())) {
            return false;
        }
        filledQty += fill.qty();
        filledNotional += fill.qty() * fill.price();
        fees += fill.fee();
        if (!status.isTerminal()) {
            status = filledQty >= intent.qty() - EPS ? OrderStatus.FILLED : OrderStatus.PARTIALLY_FILLED;
        }
        return true;
    }

    void amend(double price, double qty, long time) {
        intent = intent.withPriceQty(price, qty, intent.createdAt());
        pricedAt = time;
    }

    void relabel(String reason) {
        intent = new OrderIntent(intent.linkId(), intent.symbol(), intent.side(), intent.type(), intent.qty(),
                intent.price(), intent.reduceOnly(), intent.purpose(), reason, intent.createdAt(),
                intent.protectionPrice());
    }

    void countReprice() {
        reprices++;
    }

    public OrderIntent intent() { return intent; }
    public String linkId() { return intent.linkId(); }
    public OrderStatus status() { return status; }
    public double filledQty() { return filledQty; }
    /** Quantity-weighted mean fill price; NaN before the first fill. */
    public double avgFillPrice() { return filledQty > 0 ? filledNotional / filledQty : Double.NaN; }
    public double fees() { return fees; }
    public double remainingQty() { return Math.max(0, intent.qty() - filledQty); }
    /** The venue's last reported cumulative quantity (may lead the fills received). */
    public double venueCumQty() { return venueCumQty; }
    public String statusReason() { return statusReason; }
    public long sentAt() { return sentAt; }
    public long pricedAt() { return pricedAt; }
    public int reprices() { return reprices; }
    public boolean isOpen() { return !status.isTerminal(); }

    @Override
    public String toString() {
        return intent.linkId() + " " + status + " " + filledQty + "/" + intent.qty();
    }
}
