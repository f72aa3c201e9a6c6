package kairos.engine.backtest;

import kairos.engine.kernel.Decision;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One decision's audit as a trader reads it: facts, rules fired in order, vetoes (the "why not"), skipped checks,
 * size factors, actions, the proposal and the risk guard's verdict. {@code kairos explain} prints it and the report
 * shows it for each trade's entry decision.
 */
public final class DecisionText {
    /**
     * What a decision point without a proposal did not evaluate: the rules whose condition needs a proposal
     * ({@code exists Proposal(...)}) do not run there.
     */
    static final String NOT_EVALUATED = "the filter tiers (market, technical, ML), the drawdown size and confidence "
            + "tiers and sizing run only for a proposal (rules with `exists Proposal` in their condition), so none of "
            + "their checks ran here";

    private DecisionText() {
    }

    public static List<String> lines(Decision d) {
        List<String> o = new ArrayList<>();
        o.add("Decision " + d.id() + "  " + d.ts() + "  " + d.symbol() + "  (" + d.trigger() + ")");
        o.add("  ruleset " + d.rulesetHash() + ", model " + d.modelVersion()
                + (d.factsDigest() == null ? "" : ", facts digest " + d.factsDigest()));
        o.add("Facts");
        o.add("  " + d.facts());
        if (d.patterns() != null && !d.patterns().isEmpty()) {
            o.add("  patterns: " + String.join(", ", d.patterns()));
        }
        o.add("Rules fired (in order)");
        if (d.rulesFired().isEmpty()) {
            o.add("  (none)");
        }
        for (int i = 0; i < d.rulesFired().size(); i++) {
            o.add("  " + (i + 1) + ". " + d.rulesFired().get(i));
        }
        o.add("Why not: filters and limits that blocked");
        if (d.vetoes().isEmpty()) {
            o.add("  (no veto)");
        }
        for (Decision.VetoRecord v : d.vetoes()) {
            o.add("  [" + v.tier() + (v.side() == null ? "" : ", " + v.side() + " only") + "] " + v.rule() + ": " + v.reason());
        }
        if (d.proposal() == null) {
            o.add("Not evaluated (no proposal): " + NOT_EVALUATED);
        }
        if (d.skipped() != null && !d.skipped().isEmpty()) {
            o.add("Checks skipped (input not available)");
            for (Decision.SkipRecord s : d.skipped()) {
                o.add("  [" + s.tier() + "] " + s.reason());
            }
        }
        if (d.sizeFactors() != null && !d.sizeFactors().isEmpty()) {
            o.add("Size factors");
            for (Decision.SizeFactorRecord f : d.sizeFactors()) {
                o.add(String.format(Locale.ROOT, "  x%.4f %s (%s): %s", f.factor(), f.name(), f.rule(), f.reason()));
            }
        }
        if (d.actions() != null && !d.actions().isEmpty()) {
            o.add("Actions");
            for (Decision.ActionRecord a : d.actions()) {
                o.add("  " + a.type() + (a.symbol() == null ? "" : " " + a.symbol())
                        + (a.until() == null ? "" : " until " + a.until())
                        + (a.alertType() == null ? "" : " " + a.alertType()) + " (" + a.rule() + "): " + a.reason());
            }
        }
        o.add("Proposal");
        Decision.ProposalRecord p = d.proposal();
        if (p == null) {
            o.add("  (none)");
        } else {
            o.add(String.format(Locale.ROOT, "  %s %s by '%s', %s entry %s, stop %s, size x%.4f", p.side(), p.strategy(),
                    p.rule(), p.entryType(), num(p.entryPrice()), num(p.stopPrice()), p.sizeMultiplier()));
            if (p.targets() != null) {
                for (Decision.TargetRecord t : p.targets()) {
                    o.add(String.format(Locale.ROOT, "  take profit %s for %.0f%%", num(t.price()), 100 * t.fraction()));
                }
                o.add(String.format(Locale.ROOT, "  runner %.0f%% (trailing stop)", 100 * p.runnerFraction()));
            }
            o.add("  reason: " + p.reason());
        }
        for (Decision.ExitRecord x : d.exits()) {
            o.add("Exit signal: " + x.reason() + " by '" + x.rule() + "'");
        }
        Decision.Verdict v = d.verdict();
        o.add("Verdict: " + v.status() + " - " + v.reason()
                + (v.qty() == null ? "" : " (qty " + v.qty() + ", stop " + v.stopPrice() + ", order " + v.orderLinkId() + ")"));
        return o;
    }

    private static String num(double v) {
        return Double.isFinite(v) ? new BigDecimal(v).round(new MathContext(8)).stripTrailingZeros().toPlainString()
                : String.valueOf(v);
    }
}
