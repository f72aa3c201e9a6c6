package kairos.engine.risk;

import kairos.engine.rules.VenueHealth;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The emergency halts that live in Java whatever the rule files say (MISSION §16): deleting or breaking an
 * emergency rule cannot remove them; rules may only add stricter ones. Evaluated by the kernel at every decision
 * point, before the rules:
 * <ul>
 *   <li>flash crash or pump: a one-minute move above {@link HaltLimits#flashMoveMax} — close every position,
 *       cancel every order, no entries for {@link HaltLimits#flashPauseMinutes}, alert {@code EXTREME_MOVEMENT};</li>
 *   <li>black swan: drawdown above {@link HaltLimits#blackSwanDrawdown} — close everything, stop trading until an
 *       operator resumes, alert {@code BLACK_SWAN};</li>
 *   <li>stale feed: a symbol that streams ticks has been silent for {@link HaltLimits#staleFeedSeconds} — no
 *       entries in it;</li>
 *   <li>venue health: the private connection down, maintenance, an API error rate above the limit, critical
 *       feed latency, data flagged as suspect, an error rate or latency that is unknown (NaN) — no entries; a
 *       delisting within {@link HaltLimits#delistingHours} — the position is closed and no entries taken.</li>
 * </ul>
 */
public final class HardHalts {
    private final HaltLimits limits;

    public HardHalts(HaltLimits limits) {
        this.limits = limits;
    }

    public HaltLimits limits() {
        return limits;
    }

    /**
     * What the kernel measures at a decision point.
     *
     * @param move1m       largest one-minute move since the last decision, a fraction of price (NaN: unknown)
     * @param feedSilentMs how long the symbol's tick streams have been silent (-1: it streams no ticks)
     * @param venueUp      whether the private connection to the venue is up
     */
    public record Inputs(String symbol, long now, double move1m, long feedSilentMs, VenueHealth venue,
                         boolean venueUp, double drawdown) {
    }

    /**
     * The halts' answer. {@code entryBan} names why entries are refused (null: allowed); the rest are what the
     * kernel must do now: close every position or the symbol's, cancel every order, pause until a time
     * ({@link Long#MAX_VALUE}: until an operator resumes), raise an alert of {@code alertType}.
     */
    public record Verdict(String entryBan, boolean flattenAll, boolean flattenSymbol, boolean cancelAll,
                          long pauseUntil, String alertType, String reason) {
        static final Verdict NONE = new Verdict(null, false, false, false, 0, null, null);

        public boolean acts() {
            return flattenAll || flattenSymbol || cancelAll || pauseUntil != 0 || alertType != null;
        }
    }

    public Verdict evaluate(Inputs in) {
        if (in.drawdown() > limits.blackSwanDrawdown()) {
            String why = "drawdown " + pct(in.drawdown()) + " above " + pct(limits.blackSwanDrawdown()) + " (R16.8)";
            return new Verdict("black swan: " + why, true, false, true, Long.MAX_VALUE, "BLACK_SWAN", why);
        }
        if (Double.isFinite(in.move1m()) && in.move1m() > limits.flashMoveMax()) {
            String why = in.symbol() + " moved " + pct(in.move1m()) + " within one minute, above "
                    + pct(limits.flashMoveMax()) + " (R16.1)";
            long until = in.now() + Math.round(limits.flashPauseMinutes() * 60_000);
            return new Verdict("flash crash / pump: " + why, true, false, true, until, "EXTREME_MOVEMENT", why);
        }
        VenueHealth v = in.venue();
        if (v != null && v.delistingInHours() <= limits.delistingHours()) {
            String why = in.symbol() + " is delisted in " + round(v.delistingInHours()) + " h (R16.7)";
            return new Verdict(why, false, true, false, 0, "DELISTING", why);
        }
        String ban = null;
        if (!in.venueUp()) {
            ban = "the connection to the venue is down (R16.12)";
        } else if (in.feedSilentMs() >= limits.staleFeedSeconds() * 1000) {
            ban = "no market data for " + in.symbol() + " for " + round(in.feedSilentMs() / 1000.0) + " s (R16.12)";
        } else if (v != null && v.maintenance()) {
            ban = "exchange maintenance (R16.4)";
        } else if (v != null && Double.isNaN(v.apiErrorRate())) {
            ban = "API error rate unknown (R16.5)";   // fail safe, as the filters do
        } else if (v != null && v.apiErrorRate() > limits.apiErrorRateMax()) {
            ban = "API error rate " + pct(v.apiErrorRate()) + " above " + pct(limits.apiErrorRateMax()) + " (R16.5)";
        } else if (v != null && Double.isNaN(v.latencyMs())) {
            ban = "feed latency unknown (R16.14)";
        } else if (v != null && v.latencyMs() >= limits.latencyCriticalMs()) {
            ban = "feed latency " + round(v.latencyMs()) + " ms at or above " + round(limits.latencyCriticalMs())
                    + " ms (R16.14)";
        } else if (v != null && v.dataSuspect()) {
            ban = "market data flagged as anomalous (R16.6)";
        }
        return ban == null ? Verdict.NONE : new Verdict(ban, false, false, false, 0, null, null);
    }

    private static String pct(double fraction) {
        return round(100 * fraction) + "%";
    }

    private static String round(double v) {
        return BigDecimal.valueOf(v).setScale(2, RoundingMode.HALF_EVEN).stripTrailingZeros().toPlainString();
    }
}
