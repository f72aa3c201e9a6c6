package kairos.ops.telegram;

import kairos.engine.kernel.Decision;

import java.util.Locale;

/**
 * The rule-firing audit of one trade decision as a Telegram message: what was decided, the rules that fired in
 * firing order, every veto with its tier and reason, the size factors, the verdict, and the ruleset hash and model
 * version that decided it. A trade decision is a proposal acted on (accepted, rejected by the risk guard or vetoed
 * by a rule) or an exit; decision points where the rules proposed nothing, or proposed where entries are not taken
 * (at a fill), are not sent.
 */
final class AuditText {
    private AuditText() {
    }

    static boolean isTradeDecision(Decision d) {
        if (Decision.RULES_RELOAD.equals(d.trigger())) {
            return false;
        }
        String status = d.verdict() == null ? "none" : d.verdict().status();
        return (d.proposal() != null && !"none".equals(status)) || "exit".equals(status)
                || (d.exits() != null && !d.exits().isEmpty());
    }

    static String of(Decision d) {
        StringBuilder b = new StringBuilder();
        String status = d.verdict() == null ? "none" : d.verdict().status();
        b.append("AUDIT ").append(d.symbol()).append(' ').append(d.ts()).append(" (").append(d.trigger()).append(")\n");
        Decision.ProposalRecord p = d.proposal();
        if (p != null) {
            b.append(String.format(Locale.ROOT, "proposal: %s %s by %s, entry %s stop %s target %s, size x%.2f",
                    p.side(), p.strategy(), p.rule(), num(p.entryPrice()), num(p.stopPrice()), num(p.targetPrice()),
                    p.sizeMultiplier()));
            if (p.reason() != null && !p.reason().isBlank()) {
                b.append(" (").append(p.reason()).append(')');
            }
            b.append('\n');
        }
        if (d.exits() != null) {
            for (Decision.ExitRecord e : d.exits()) {
                b.append("exit: ").append(e.rule()).append(" - ").append(e.reason()).append('\n');
            }
        }
        b.append("rules fired:");
        if (d.rulesFired() == null || d.rulesFired().isEmpty()) {
            b.append(" none\n");
        } else {
            b.append('\n');
            int i = 1;
            for (String r : d.rulesFired()) {
                b.append("  ").append(i++).append(". ").append(r).append('\n');
            }
        }
        b.append("vetoes:");
        if (d.vetoes() == null || d.vetoes().isEmpty()) {
            b.append(" none\n");
        } else {
            b.append('\n');
            for (Decision.VetoRecord v : d.vetoes()) {
                b.append("  [").append(v.tier()).append("] ").append(v.rule()).append(": ").append(v.reason());
                if (v.side() != null) {
                    b.append(" (").append(v.side()).append(" only)");
                }
                b.append('\n');
            }
        }
        b.append("size factors:");
        if (d.sizeFactors() == null || d.sizeFactors().isEmpty()) {
            b.append(" none\n");
        } else {
            b.append('\n');
            for (Decision.SizeFactorRecord f : d.sizeFactors()) {
                b.append(String.format(Locale.ROOT, "  %s x%.2f by %s", f.name(), f.factor(), f.rule()));
                if (f.reason() != null && !f.reason().isBlank()) {
                    b.append(": ").append(f.reason());
                }
                b.append('\n');
            }
        }
        b.append("verdict: ").append(status.toUpperCase(Locale.ROOT));
        if (d.verdict() != null) {
            if (d.verdict().reason() != null && !d.verdict().reason().isBlank()) {
                b.append(" - ").append(d.verdict().reason());
            }
            if (d.verdict().qty() != null) {
                b.append(", qty ").append(d.verdict().qty());
            }
            if (d.verdict().stopPrice() != null) {
                b.append(", stop ").append(d.verdict().stopPrice());
            }
            if (d.verdict().orderLinkId() != null) {
                b.append(", order ").append(d.verdict().orderLinkId());
            }
        }
        b.append('\n');
        b.append("ruleset ").append(d.rulesetHash()).append(", model ").append(d.modelVersion());
        return b.toString();
    }

    private static String num(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.4f", v).replaceAll("0+$", "").replaceAll("\\.$", "") : "-";
    }
}
