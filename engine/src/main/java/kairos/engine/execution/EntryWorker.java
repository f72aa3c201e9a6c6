package kairos.engine.execution;

import kairos.engine.domain.Instrument;
import kairos.engine.domain.Side;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Works a sized entry on the venue (R7.1-R7.8): a limit order {@code limitOffset} inside the reference price with
 * a fill timeout (accept a partial fill of at least {@code minPartialFill}, else re-price at the last price, else
 * cancel), or a market order with a slippage bound; an entry above {@code icebergSliceNotional} is cut into equal
 * slices sent at jittered intervals from a seed of the entry (deterministic). When every entry order is done and
 * every execution booked, the entry is finished: too small a partial fill is closed again, else the take-profit
 * ladder is placed.
 */
final class EntryWorker {
    static final String FILL_TIMEOUT = "fill_timeout";
    static final String SLICE = "slice";
    private static final int MAX_SLICES = 50;

    private final OrderManager om;

    EntryWorker(OrderManager om) {
        this.om = om;
    }

    String submit(EntryRequest r) {
        Instrument instrument = om.instrument(r.symbol());
        TakeProfitLadder ladder = r.ladder() != null ? r.ladder() : om.policy().ladder();
        Plan plan = new Plan(r, ladder, om.policy().swingBars());
        om.plans().put(r.symbol(), plan);
        double notional = r.qty().doubleValue() * r.refPrice();
        int n = (int) Math.min(MAX_SLICES, Math.ceil(notional / om.policy().icebergSliceNotional() - 1e-9));
        BigDecimal sliceQty = n > 1 ? instrument.floorQty(r.qty().doubleValue() / n) : r.qty();
        if (n > 1 && instrument.acceptable(sliceQty, r.refPrice())) {
            SplittableRandom jitter = new SplittableRandom(r.symbol().hashCode() * 31L + r.time());
            long at = r.time();
            for (int i = 1; i < n; i++) {
                at += Math.round(om.policy().icebergIntervalMs() * (0.5 + jitter.nextDouble()));
                BigDecimal q = i == n - 1 ? r.qty().subtract(sliceQty.multiply(BigDecimal.valueOf(n - 1))) : sliceQty;
                plan.slices.add(new Plan.Slice(at, q));
                om.scheduler().schedule(at, SLICE, r.symbol(), r.symbol());
            }
        } else {
            sliceQty = r.qty();
        }
        return send(plan, sliceQty, r.time(), r.refPrice());
    }

    private String send(Plan plan, BigDecimal qty, long now, double ref) {
        EntryRequest r = plan.request;
        Instrument instrument = om.instrument(r.symbol());
        String linkId = om.registry().nextLinkId(r.symbol(), now, "e");
        OrderIntent intent;
        if (r.limit()) {
            BigDecimal price = instrument.roundPrice(ref * (1 - r.side().sign() * om.policy().limitOffset()),
                    plan.isLong ? RoundingMode.FLOOR : RoundingMode.CEILING);
            intent = new OrderIntent(linkId, r.symbol(), r.side(), OrderType.LIMIT, qty, price, false,
                    OrderPurpose.ENTRY, "entry", now);
        } else {
            BigDecimal bound = instrument.roundPrice(ref * (1 + r.side().sign() * om.policy().maxSlippage()),
                    plan.isLong ? RoundingMode.FLOOR : RoundingMode.CEILING);
            intent = new OrderIntent(linkId, r.symbol(), r.side(), OrderType.MARKET, qty, null, false,
                    OrderPurpose.ENTRY, "entry", now, bound);
        }
        ManagedOrder order = om.registry().send(intent, now);
        plan.entries.add(order);
        if (r.limit()) {
            om.scheduler().schedule(now + om.policy().fillTimeoutMs(), FILL_TIMEOUT, linkId, r.symbol());
        }
        return linkId;
    }

    /** Sends the iceberg slices of the symbol's entry that are due. */
    void onSliceTimer(String symbol, long now) {
        Plan plan = om.plans().get(symbol);
        if (plan == null || plan.entryDone || plan.closing != null) {
            return;
        }
        while (!plan.slices.isEmpty() && plan.slices.getFirst().at() <= now) {
            Plan.Slice s = plan.slices.removeFirst();
            send(plan, s.qty(), now, om.lastPrice(symbol, plan.request.refPrice()));
        }
        maybeFinish(plan, now);
    }

    /** A limit entry's fill timeout came due (unless it was re-priced since). */
    void onFillTimeout(String linkId, long now) {
        ManagedOrder o = om.registry().get(linkId);
        if (o == null || !o.isOpen() || o.purpose() != OrderPurpose.ENTRY || now < o.pricedAt() + om.policy().fillTimeoutMs()) {
            return;
        }
        Plan plan = om.plans().get(o.symbol());
        if (plan == null || !plan.entries.contains(o)) {
            return;
        }
        BigDecimal filled = plan.entryFilled();
        double wanted = om.policy().minPartialFill() * plan.request.qty().doubleValue();
        if (filled.doubleValue() >= wanted - 1e-9) {
            om.venue().cancel(o.linkId(), o.symbol());
            plan.slices.clear();
        } else if (o.reprices() < om.policy().maxReprices()) {
            Instrument instrument = om.instrument(o.symbol());
            double last = om.lastPrice(o.symbol(), plan.request.refPrice());
            BigDecimal price = instrument.roundPrice(last * (1 - plan.request.side().sign() * om.policy().limitOffset()),
                    plan.isLong ? RoundingMode.FLOOR : RoundingMode.CEILING);
            om.venue().amend(o.linkId(), o.symbol(), price, o.targetQty());
            o.amendRequested(price, o.targetQty(), now);
            o.countReprice();
            om.scheduler().schedule(now + om.policy().fillTimeoutMs(), FILL_TIMEOUT, o.linkId(), o.symbol());
        } else {
            om.venue().cancel(o.linkId(), o.symbol());
            plan.slices.clear();
        }
    }

    /** Cancels what is still being worked of the entry (slices and open orders). */
    void cancel(Plan plan) {
        plan.slices.clear();
        for (ManagedOrder o : plan.entries) {
            if (o.isOpen()) {
                om.venue().cancel(o.linkId(), o.symbol());
            }
        }
    }

    /** Whether every entry order of the plan is done (terminal, every execution booked) and no slice is left. */
    boolean allDone(Plan plan, long now) {
        if (!plan.slices.isEmpty()) {
            return false;
        }
        boolean done = true;
        for (ManagedOrder o : plan.entries) {
            if (!o.isDone()) {
                if (o.status().isTerminal()) {
                    om.registry().expectExecutions(o, now);
                }
                done = false;
            }
        }
        return done;
    }

    /**
     * Finishes the entry once every order is done: no position → the plan goes; an exit asked meanwhile → the
     * position is closed; a fill below the minimum → closed; else the initial risk is recorded and the
     * take-profit ladder placed.
     */
    void maybeFinish(Plan plan, long now) {
        if (plan.entryDone || !allDone(plan, now)) {
            return;
        }
        plan.entryDone = true;
        String symbol = plan.symbol();
        Portfolio.Position position = om.portfolio().position(symbol);
        if (position == null) {
            om.plans().remove(symbol);
            plan.entries.forEach(o -> om.registry().forgetIfDone(o, now));
            return;
        }
        if (plan.closing != null) {
            om.submitExit(symbol, plan.closing, now, plan.exitDecision);
            return;
        }
        if (plan.entryFilled().doubleValue() < om.policy().minPartialFill() * plan.request.qty().doubleValue() - 1e-9) {
            om.submitExit(symbol, "partial_fill_below_min", now);
            return;
        }
        om.portfolio().setInitialRisk(symbol, position.qty() * Math.abs(position.avgEntry() - plan.request.stop().doubleValue()));
        placeTargets(plan, position, now);
    }

    private void placeTargets(Plan plan, Portfolio.Position position, long now) {
        EntryRequest r = plan.request;
        Instrument instrument = om.instrument(r.symbol());
        RoundingMode away = plan.isLong ? RoundingMode.CEILING : RoundingMode.FLOOR;
        Side exitSide = r.side().opposite();
        double entry = position.avgEntry();
        BigDecimal total = position.size();
        if (plan.ladder.levels() > 0 && Double.isFinite(r.atr()) && r.atr() > 0) {
            BigDecimal placed = BigDecimal.ZERO;
            for (int i = 0; i < plan.ladder.levels(); i++) {
                BigDecimal qty = instrument.floorQty(plan.ladder.fraction(i) * total.doubleValue() + 1e-9);
                BigDecimal price = instrument.roundPrice(entry + r.side().sign() * plan.ladder.atrMultiple(i) * r.atr(), away);
                if (qty.signum() <= 0 || placed.add(qty).compareTo(total) > 0
                        || !instrument.acceptable(qty, price.doubleValue())) {
                    continue;
                }
                placed = placed.add(qty);
                placeTarget(plan, exitSide, qty, price, "tp" + (i + 1), now);
            }
        } else if (Double.isFinite(r.target()) && r.target() > 0) {
            placeTarget(plan, exitSide, total, instrument.roundPrice(r.target(), away), "tp1", now);
        }
    }

    private void placeTarget(Plan plan, Side side, BigDecimal qty, BigDecimal price, String reason, long now) {
        String linkId = om.registry().nextLinkId(plan.symbol(), now, "t" + reason.charAt(reason.length() - 1));
        OrderIntent intent = new OrderIntent(linkId, plan.symbol(), side, OrderType.LIMIT, qty, price, true,
                OrderPurpose.TARGET, reason, now);
        plan.targets.add(om.registry().send(intent, now));
    }

    /** Re-arms the entry timers of a plan restored from the journal. */
    void rearm(Plan plan, long now) {
        for (Plan.Slice s : plan.slices) {
            om.scheduler().schedule(Math.max(now, s.at()), SLICE, plan.symbol(), plan.symbol());
        }
        for (ManagedOrder o : plan.entries) {
            if (o.isOpen() && o.intent().type() == OrderType.LIMIT) {
                om.scheduler().schedule(Math.max(now, o.pricedAt() + om.policy().fillTimeoutMs()), FILL_TIMEOUT, o.linkId(), o.symbol());
            }
        }
    }

    List<ManagedOrder> openEntries(Plan plan) {
        return plan.entries.stream().filter(ManagedOrder::isOpen).toList();
    }
}
