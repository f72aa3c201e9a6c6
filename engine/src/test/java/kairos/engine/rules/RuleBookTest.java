package kairos.engine.rules;

import kairos.engine.cep.PatternFact;
import kairos.engine.domain.Side;
import kairos.engine.testing.ProjectDirs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RuleBookTest {
    static final long T = 1_746_316_800_000L;

    static MarketState bullish(double close, double open) {
        // low above EMA21: no pullback, so only the momentum burst can trigger
        return new MarketState("SOLUSDT", "5m", T, open, close + 0.5, open - 0.1, close, 5_000, 149, 148, 60, 1.0, 1_000);
    }

    static PatternFact spike(double ratio) {
        return new PatternFact("VolumeSpike", "SOLUSDT", T, Map.of("ratio", ratio));
    }

    @Test
    void shippedRulesProposeALongOnAVolumeSpikeInAnUptrend() {
        RuleBook book = RuleBook.build(ProjectDirs.rules());
        assertThat(book.ruleFiles()).isGreaterThanOrEqualTo(3);
        assertThat(book.rules()).isGreaterThanOrEqualTo(6);
        try (RuleSession s = book.newSession()) {
            RuleOutcome o = s.decide(List.of(bullish(150, 149.5), new AccountState(10_000, 10_000, 0), spike(3.5)));
            assertThat(o.proposals()).hasSize(1);
            Proposal p = o.proposals().getFirst();
            assertThat(p.getSide()).isEqualTo(Side.Buy);
            assertThat(p.getRule()).isEqualTo("Momentum burst long");
            assertThat(p.getStopPrice()).isEqualTo(150 - 1.5);
            assertThat(p.getTargetPrice()).isEqualTo(150 + 2.5);
            assertThat(p.getTargets()).containsExactly(new TakeProfit(151, 0.4), new TakeProfit(151.5, 0.3),
                    new TakeProfit(152.5, 0.2));
            assertThat(p.getRunnerFraction()).isCloseTo(0.1, org.assertj.core.api.Assertions.within(1e-12));
            assertThat(p.isLong()).isTrue();
            assertThat(p.isShort()).isFalse();
            assertThat(o.firstClearProposal()).isSameAs(p);
            assertThat(o.rulesFired()).contains("Momentum burst long");

            // the same facts without the pattern, or with a weak one: nothing; facts do not leak between decisions
            assertThat(s.decide(List.of(bullish(150, 149.5))).proposals()).isEmpty();
            assertThat(s.decide(List.of(bullish(150, 149.5), spike(2.9))).proposals()).isEmpty();
            // a position already open: no new entry
            PositionState pos = new PositionState("SOLUSDT", Side.Buy, 1, 149, T - 60_000, 1, 1, "s");
            assertThat(s.decide(List.of(bullish(150, 149.5), spike(4), pos)).proposals()).isEmpty();
        }
    }

    @Test
    void shippedExitRulesCloseOnTimeStopAndLostTrend() {
        try (RuleSession s = RuleBook.build(ProjectDirs.rules()).newSession()) {
            PositionState old = new PositionState("SOLUSDT", Side.Buy, 1, 149, T - 7_200_000, 120, 1, "s");
            RuleOutcome o = s.decide(List.of(bullish(150, 149.5), old));
            assertThat(o.exits()).extracting(ExitSignal::getReason).containsExactly("time_stop");
            assertThat(o.exits().getFirst().getRule()).isEqualTo("Time stop");
            PositionState young = new PositionState("SOLUSDT", Side.Buy, 1, 149, T - 60_000, 119.9, 1, "s");
            assertThat(s.decide(List.of(bullish(150, 149.5), young)).exits()).isEmpty();
            MarketState below = new MarketState("SOLUSDT", "5m", T, 148, 148, 147, 147.5, 1, 149, 148, 40, 1, 1);
            assertThat(s.decide(List.of(below, young)).exits()).extracting(ExitSignal::getReason).containsExactly("trend_exit");
        }
    }

    @Test
    void brokenDrlIsRefusedWithFileLineAndColumn(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("ok.drl"), "package t;\nrule \"fine\"\nwhen\nthen\nend\n");
        Files.createDirectories(dir.resolve("sub"));
        Files.writeString(dir.resolve("sub/broken.drl"), "package t;\n\nrule \"broken\"\nwhen\n    $x : NoSuchFact( price > )\nthen\nend\n");
        assertThatThrownBy(() -> RuleBook.build(dir))
                .isInstanceOf(RuleBuildException.class)
                .satisfies(e -> assertThat(((RuleBuildException) e).errors())
                        .anyMatch(m -> m.matches(".*sub/broken\\.drl:\\d+:\\d+: .*")));
        assertThatThrownBy(() -> RuleBook.build(dir.resolve("none"))).hasMessageContaining("no such folder");
        Files.delete(dir.resolve("ok.drl"));
        Files.delete(dir.resolve("sub/broken.drl"));
        assertThatThrownBy(() -> RuleBook.build(dir)).hasMessageContaining("no *.drl");
    }

    @Test
    void unknownFieldAndWrongTypeAreBuildErrors(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("f.drl"), "package t;\nimport kairos.engine.rules.MarketState;\n"
                + "rule \"r\"\nwhen\n  MarketState(nosuchfield > 1)\nthen\nend\n");
        assertThatThrownBy(() -> RuleBook.build(dir)).hasMessageContaining("f.drl:");
        Files.writeString(dir.resolve("f.drl"), "package t;\nimport kairos.engine.rules.MarketState;\n"
                + "rule \"r\"\nwhen\n  MarketState(symbol > 1)\nthen\n  int x = \"text\";\nend\n");
        assertThatThrownBy(() -> RuleBook.build(dir)).hasMessageContaining("f.drl:");
    }

    @Test
    void rulesetHashChangesWithAnyRuleOrEplByte(@TempDir Path dir) throws IOException {
        Path rules = Files.createDirectories(dir.resolve("rules"));
        Path cep = Files.createDirectories(dir.resolve("cep"));
        Files.writeString(rules.resolve("a.drl"), "package t;\n");
        Files.writeString(cep.resolve("a.epl"), "select * from BarClosed;\n");
        String h1 = RulesetHash.of(rules, cep);
        assertThat(h1).hasSize(16).isEqualTo(RulesetHash.of(rules, cep));
        Files.writeString(cep.resolve("a.epl"), "select * from BarClosed; \n");
        assertThat(RulesetHash.of(rules, cep)).isNotEqualTo(h1);
        assertThat(RulesetHash.of(dir.resolve("x"), null)).hasSize(16);
    }
}
