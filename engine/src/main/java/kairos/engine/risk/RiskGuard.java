package kairos.engine.risk;

import kairos.engine.domain.Instrument;
import kairos.engine.domain.Side;
import kairos.engine.rules.Proposal;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The last word on every entry. Sizes a proposal so that hitting its stop loses at most
 * {@code maxRiskPerTrade × equity × min(1, sizeMultiplier)}, caps the notional at {@code maxLeverage × equity},
 * rounds to the instrument's steps (quantity down, stop away from the entry) and refuses what does not make sense:
 * a stop on the wrong side, a position already open, a size below the exchange minimum. A hard halt in force
 * ({@link HardHalts}) refuses every entry.
 */
public final class RiskGuard {
    private final RiskLimits limits;

    public RiskGuard(RiskLimits limits) {
        this.limits = limits;
    }

    public RiskLimits limits() {
        return limits;
    }

    /** Sizes {@code p} with its own multiplier in a calm account (no drawdown, no open risk, no pause). */
    public RiskVerdict evaluate(Proposal p, double equity, Instrument instrument, boolean positionOpen) {
        return evaluate(p, p.getSizeMultiplier(), equity, instrument, positionOpen, RiskContext.CALM);
    }

    /**
     * Sizes {@code p} scaled by {@code sizeMultiplier} (the rules' size factors; above 1 acts as 1), or refuses it
     * when a hard limit is hit: a pause in force, the drawdown kill switch, the daily loss limit, the exposure limit.
     */
    public RiskVerdict evaluate(Proposal p, double sizeMultiplier, double equity, Instrument instrument,
                                boolean positionOpen, RiskContext ctx) {
        if (ctx.halt() != null) {
            return RiskVerdict.reject("hard halt: " + ctx.halt());
        }
        if (ctx.paused()) {
            return RiskVerdict.reject("trading is paused");
        }
        if (ctx.drawdown() > limits.maxDrawdown()) {
            return RiskVerdict.reject("drawdown " + pct(ctx.drawdown()) + " above the hard limit " + pct(limits.maxDrawdown()));
        }
        if (ctx.dailyPnl() <= -limits.maxDailyLoss()) {
            return RiskVerdict.reject("daily loss " + pct(ctx.dailyPnl()) + " at the hard limit -" + pct(limits.maxDailyLoss()));
        }
        double roomLeft = limits.maxOpenRisk() - ctx.openRisk();
        if (!(roomLeft > 0)) {
            return RiskVerdict.reject("open risk " + pct(ctx.openRisk()) + " at the hard limit " + pct(limits.maxOpenRisk()));
        }
        if (positionOpen) {
            return RiskVerdict.reject("a position in " + p.getSymbol() + " is already open");
        }
        if (!(equity > 0)) {
            return RiskVerdict.reject("equity is not positive");
        }
        double entry = p.getEntryPrice();
        if (!(entry > 0) || !Double.isFinite(p.getStopPrice())) {
            return RiskVerdict.reject("proposal has no valid entry or stop price");
        }
        boolean isLong = p.getSide() == Side.Buy;
        BigDecimal stop = instrument.roundPrice(p.getStopPrice(), isLong ? RoundingMode.FLOOR : RoundingMode.CEILING);
        double distance = isLong ? entry - stop.doubleValue() : stop.doubleValue() - entry;
        if (!(distance > 0)) {
            return RiskVerdict.reject("stop " + stop.toPlainString() + " is not beyond the entry " + entry + " for a "
                    + (isLong ? "long" : "short"));
        }
        double multiplier = Double.isFinite(sizeMultiplier) ? Math.max(0, Math.min(1, sizeMultiplier)) : 0;
        double riskBudget = equity * Math.min(limits.maxRiskPerTrade() * multiplier, roomLeft);
        double qty = Math.min(riskBudget / distance, equity * limits.maxLeverage() / entry);
        BigDecimal rounded = instrument.floorQty(qty);
        if (!instrument.acceptable(rounded, entry)) {
            return RiskVerdict.reject("size " + rounded.toPlainString() + " is below the exchange minimum for "
                    + p.getSymbol());
        }
        double risk = rounded.doubleValue() * distance;
        return new RiskVerdict(true, "risk " + round2(risk) + " = " + round2(100 * risk / equity) + "% of equity",
                rounded, stop, risk);
    }

    private static String pct(double fraction) {
        return round2(100 * fraction) + "%";
    }

    private static String round2(double v) {
        return BigDecimal.valueOf(v).setScale(2, RoundingMode.HALF_EVEN).toPlainString();
    }
}
