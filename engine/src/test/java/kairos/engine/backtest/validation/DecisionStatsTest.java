package kairos.engine.backtest.validation;

import kairos.engine.kernel.Decision;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Decision records built by hand (one helper, so a change of the audit record touches one place). */
class DecisionStatsTest {
    static final long T0 = Instant.parse("2025-06-01T00:00:00Z").toEpochMilli();

    static Decision decision(int i, String trigger, List<Decision.VetoRecord> vetoes, boolean proposal, String status,
                             String reason, List<String> fired, List<Decision.ActionRecord> actions) {
        Decision.ProposalRecord p = proposal ? new Decision.ProposalRecord("Buy", "momentum", "Momentum long", "market",
                100, 99, 102, 1, "why", List.of(), 0.1) : null;
        return new Decision("SOLUSDT-" + i, Instant.ofEpochMilli(T0 + i * 300_000L).toString(), "SOLUSDT", trigger, fired,
                vetoes, p, new Decision.Verdict(status, reason, null, null, null), List.of(), List.of(), "", "h", "none",
                actions, List.of(), List.of(), "d", "bars");
    }

    static Decision.VetoRecord veto(String tier) {
        return new Decision.VetoRecord(tier, tier + " rule", "because", null);
    }

    @Test
    void theMlTierVetoingEveryDecisionPointIsSaidInOneSentence() {
        List<Decision> d = new ArrayList<>();
        for (int i = 0; i < 4_032; i++) {
            d.add(decision(i, "bar_close", List.of(veto("ml"), veto(i % 2 == 0 ? "market" : "ml")), false, "none", "", List.of(),
                    List.of()));
        }
        DecisionStats s = DecisionStats.of(d, Long.MIN_VALUE, Set.of());
        assertThat(s.noTradeReason(0)).isEqualTo("0 trades: the ml tier vetoed 4,032 of 4,032 decision points; "
                + "no strategy proposed an entry");
        assertThat(s.noTradeReason(3)).isNull();
        assertThat(s.vetoesByTier()).containsEntry("ml", 4_032).containsEntry("market", 2_016);
        assertThat(s.toMap()).containsEntry("decision_points", 4_032).containsEntry("proposals", 0);
    }

    @Test
    void proposalsBlockedRejectedOrUnfilledAreCountedAndTheWarmUpIgnored() {
        List<Decision> d = new ArrayList<>();
        d.add(decision(0, "bar_close", List.of(veto(DecisionStats.WARM_UP_TIER)), true, "vetoed", "", List.of(), List.of()));
        d.add(decision(1, "bar_close", List.of(veto("technical")), true, "vetoed", "", List.of("Emergency: flash move"),
                List.of(new Decision.ActionRecord("flatten", "SOLUSDT", null, null, null, "r", "x"))));
        d.add(decision(2, "bar_close", List.of(new Decision.VetoRecord("technical", "t", "x", "Sell")), true, "vetoed", "",
                List.of(), List.of()));
        d.add(decision(3, "bar_close", List.of(), true, "rejected", "risk above the cap", List.of(), List.of()));
        d.add(decision(4, "risk_event", List.of(veto("emergency")), false, "none", "", List.of("Emergency: flash move",
                "Emergency: flash move"), List.of()));
        d.add(decision(5, "bar_close", List.of(), true, "accepted", "", List.of(), List.of()));
        DecisionStats s = DecisionStats.of(d, T0 + 300_000L, Set.of("Emergency: flash move"));
        assertThat(s.decisionPoints()).isEqualTo(4);
        assertThat(s.proposals()).isEqualTo(4);
        assertThat(s.proposalsVetoedByTier()).containsExactly(java.util.Map.entry("technical", 1)); // the Sell veto does not block a Buy
        assertThat(s.rejected()).isEqualTo(1);
        assertThat(s.accepted()).isEqualTo(1);
        assertThat(s.rulesFired()).containsEntry("Emergency: flash move", 2);
        assertThat(s.actions()).containsEntry("flatten", 1);
        assertThat(s.noTradeReason(0)).isEqualTo("0 trades: the technical tier vetoed 2 of 4 decision points; 4 proposals, "
                + "1 blocked by the technical tier, 1 rejected by the risk guard (risk above the cap), 1 accepted but never filled");
        DecisionStats all = DecisionStats.of(d, Long.MIN_VALUE, Set.of());
        assertThat(all.vetoesByTier()).doesNotContainKey(DecisionStats.WARM_UP_TIER);
        assertThat(DecisionStats.of(List.of(), 0, Set.of()).noTradeReason(0)).isEqualTo("0 trades: no decision point in the window");
        DecisionStats quiet = DecisionStats.of(List.of(decision(0, "bar_close", List.of(), true, "accepted", "", List.of(),
                List.of())), Long.MIN_VALUE, Set.of());
        assertThat(quiet.noTradeReason(0)).isEqualTo("0 trades: no veto at any of the 1 decision points; 1 proposal, "
                + "1 accepted but never filled");
    }
}
