package kairos.engine.execution;

import kairos.engine.domain.Instrument;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Keeps every open position protected: an on-exchange reduce-only stop-market order placed with the entry's first
 * fill, its quantity kept equal to the position (entries add, take-profits and reductions remove), its price moved
 * by breakeven and trailing. A stop the venue drops while the position is open (cancelled, rejected, expired) is
 * never left that way: the position is closed at market and a critical alert raised; so is one whose stop the venue
 * refuses to resize to the position {@value #MAX_RESIZE_REFUSALS} times (each refusal is tried again after
 * {@value #RESIZE_RETRY_MS} ms, then twice as long). A position without a plan
 * (an unexpected fill: a manual trade, an order sent before a crash, a fill that flipped the position) is closed
 * at market with an alert. Exits are reduce-only, so closing a position the venue no longer holds is harmless.
 */
final class StopProtection {
    /** Timer kind: try again to resize a stop that does not cover its position. */
    static final String RESIZE = "stop_resize";
    static final int MAX_RESIZE_REFUSALS = 3;
    static final long RESIZE_RETRY_MS = 1_000;
    private final OrderManager om;

    StopProtection(OrderManager om) {
        this.om = om;
    }

    /** Places the plan's stop for the open position, or keeps its quantity equal to the position. */
    void protect(Plan plan, long now) {
        Portfolio.Position position = om.portfolio().position(plan.symbol());
        if (position == null) {
            return;
        }
        ManagedOrder stop = plan.stop;
        if (stop == null || !stop.isOpen()) {
            if (plan.exitInFlight()) {
                return;   // being closed at market already
            }
            String linkId = om.registry().nextLinkId(plan.symbol(), now, "s");
            OrderIntent intent = new OrderIntent(linkId, plan.symbol(), plan.request.side().opposite(),
                    OrderType.STOP_MARKET, position.size(), plan.stopPrice, true, OrderPurpose.STOP, "stop", now);
            plan.stop = om.registry().send(intent, now);
            return;
        }
        BigDecimal wanted = stop.filledQty().add(position.size());
        if (wanted.compareTo(stop.targetQty()) != 0) {
            BigDecimal price = stop.amendPending() ? BigDecimal.valueOf(stop.targetPrice()) : stop.intent().price();
            om.venue().amend(stop.linkId(), stop.symbol(), price, wanted);
            stop.amendRequested(price, wanted, now);
        }
    }

    /** Moves the stop to {@code price} (breakeven, trailing); the plan remembers the price asked for. */
    void move(Plan plan, BigDecimal price, String reason, long now) {
        ManagedOrder stop = plan.stop;
        if (stop == null || !stop.isOpen()) {
            return;
        }
        om.venue().amend(stop.linkId(), stop.symbol(), price, stop.targetQty());
        stop.amendRequested(price, stop.targetQty(), now);
        stop.relabel(reason);
        plan.stopPrice = price;
    }

    /** The stop after the first take-profit: to the entry price when that is tighter (R6.4). */
    void breakeven(Plan plan, long now) {
        Portfolio.Position position = om.portfolio().position(plan.symbol());
        if (!om.policy().breakevenAfterTp1() || plan.stop == null || position == null) {
            return;
        }
        Instrument instrument = om.instrument(plan.symbol());
        BigDecimal be = instrument.roundPrice(position.avgEntry(), plan.isLong ? RoundingMode.CEILING : RoundingMode.FLOOR);
        if (plan.isLong ? be.compareTo(plan.stopPrice) > 0 : be.compareTo(plan.stopPrice) < 0) {
            move(plan, be, "breakeven", now);
        }
    }

    /** The venue dropped the protective stop of an open position: close it rather than stay unprotected. */
    void onStopLost(Plan plan, ManagedOrder stop, long now) {
        if (om.portfolio().position(plan.symbol()) == null || plan.exitInFlight()) {
            return;
        }
        om.alert(ExecutionEvents.Severity.CRITICAL, "STOP_LOST", plan.symbol(), "the protective stop " + stop.linkId()
                + " is " + stop.status() + " (" + stop.statusReason() + ") while the position is open: closing at market", now);
        om.submitExit(plan.symbol(), "emergency", now);
    }

    /**
     * The venue refused to amend the stop. A refused price move (trailing, breakeven) leaves a stop that still covers
     * the position: nothing more to do. A refused resize leaves part of the position without a stop: tried again
     * after a pause, and after {@value #MAX_RESIZE_REFUSALS} refusals in the trade the position is closed at market.
     */
    void onAmendRefused(Plan plan, String reason, long now) {
        if (om.isProtected(plan.symbol()) || plan.exitInFlight() || om.portfolio().position(plan.symbol()) == null) {
            return;
        }
        plan.stopResizeRefusals++;
        if (plan.stopResizeRefusals >= MAX_RESIZE_REFUSALS) {
            om.alert(ExecutionEvents.Severity.CRITICAL, "STOP_LOST", plan.symbol(), "the venue refused " + plan.stopResizeRefusals
                    + " times to resize the protective stop " + plan.stop.linkId() + " to the position (" + reason
                    + "): closing at market", now);
            om.submitExit(plan.symbol(), "emergency", now);
            return;
        }
        long wait = RESIZE_RETRY_MS << (plan.stopResizeRefusals - 1);
        om.alert(ExecutionEvents.Severity.IMPORTANT, "STOP_RESIZE_REFUSED", plan.symbol(), "the venue refused to resize the "
                + "protective stop " + plan.stop.linkId() + " to the position (" + reason + "); trying again in " + wait
                + " ms (" + plan.stopResizeRefusals + "/" + MAX_RESIZE_REFUSALS + ")", now);
        om.scheduler().schedule(now + wait, RESIZE, plan.symbol(), plan.symbol());
    }

    /** The resize timer: the stop resized again if it still does not cover the position. */
    void onResizeTimer(Plan plan, long now) {
        if (plan != null && !plan.exitInFlight() && !om.isProtected(plan.symbol())) {
            protect(plan, now);
        }
    }

    /** A position no plan accounts for: closed at market at once, with an alert. */
    void closeUnexpected(String symbol, String why, long now) {
        Portfolio.Position position = om.portfolio().position(symbol);
        if (position == null || om.exitInFlight(symbol)) {
            return;
        }
        om.alert(ExecutionEvents.Severity.CRITICAL, "UNEXPECTED_POSITION", symbol, why + ": " + position.side() + " "
                + position.size().toPlainString() + " " + symbol + " without a plan; closing at market (reduce-only)", now);
        om.submitExit(symbol, "unexpected", now);
    }
}
