package kairos.engine.rules;

import kairos.engine.domain.Side;
import kairos.engine.testing.ProjectDirs;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The fact and output types' own behaviour: NaN handling, Kelly, sessions, ladders, size products, parameters. */
class RuleFactsTest {

    @Test
    void marketStateTellsMissingFromWarmingUp() {
        MarketState m = new MarketState("SOLUSDT", "5m", 0, 1, 2, 0.5, 1.5, 10, Map.of("adx_14", Double.NaN, "rsi_14", 55.0));
        assertThat(m.provides("adx_14")).isTrue();
        assertThat(m.has("adx_14")).isFalse();
        assertThat(m.getAdx()).isNaN();
        assertThat(m.provides("corr_btc_1h")).isFalse();
        assertThat(m.getBtcCorrelation()).isNaN();
        assertThat(m.getRsi()).isEqualTo(55);
        assertThat(m.isReady()).isFalse();
        assertThat(m.digest()).isEqualTo("close=1.5 open=1.0 high=2.0 low=0.5 vol=10.0 adx_14=NaN rsi_14=55.0");
        assertThat(List.of(m.getAtrPercentile(), m.getVolumeZ(), m.getMacdHist(), m.getPoc(), m.getVah(), m.getVal(),
                m.getStructureTrend(), m.getMove1m())).allMatch(d -> d.isNaN());
        assertThat(m.getFeatures()).containsKeys("adx_14", "rsi_14");
        assertThat(m.getTimeframe()).isEqualTo("5m");
    }

    @Test
    void kellyFollowsTheSpecificationsFormula() {
        RiskState calm = RiskState.calm("SOLUSDT");
        assertThat(calm.getKelly()).isNaN();
        assertThat(calm.getMinutesSinceLastLoss()).isInfinite();
        RiskState r = new RiskState("S", 0, 0, 0, 1, 0, 0, 0, false, "", 10, 0.6, 100, 50);
        // (0.6 x 100 - 0.4 x 50) / 100 = 0.4
        assertThat(r.getKelly()).isCloseTo(0.4, within(1e-12));
        assertThat(new RiskState("S", 0, 0, 0, 1, 0, 0, 0, false, "", 3, 1.0, 100, Double.NaN).getKelly()).isEqualTo(1);
        assertThat(new RiskState("S", 0, 0, 0, 1, 0, 0, 0, false, "", 3, 0.0, Double.NaN, 50).getKelly()).isEqualTo(-1);
    }

    @Test
    void sessionsAreUtcAndTheNextDayIsMidnight() {
        SessionState s = SessionState.at(Instant.parse("2025-05-01T08:30:00Z").toEpochMilli());
        assertThat(s.isAsia()).isTrue();
        assertThat(s.isEurope()).isTrue();
        assertThat(s.isUs()).isFalse();
        assertThat(s.getMinuteOfDay()).isEqualTo(510);
        assertThat(s.getDayOfWeek()).isEqualTo(4);
        assertThat(s.getNextUtcDay()).isEqualTo(Instant.parse("2025-05-02T00:00:00Z").toEpochMilli());
    }

    @Test
    void laddersMirrorForShortsAndRefuseOverAllocation() {
        assertThat(TakeProfit.ladder(Side.Sell, 100, 2, 1.0, 0.4, 2.5, 0.2))
                .containsExactly(new TakeProfit(98, 0.4), new TakeProfit(95, 0.2));
        assertThatThrownBy(() -> TakeProfit.ladder(Side.Buy, 100, 1, 1.0, 0.7, 2.0, 0.5)).hasMessageContaining("sum to");
        assertThatThrownBy(() -> TakeProfit.ladder(Side.Buy, 100, 1, 1.0)).hasMessageContaining("pairs");
        assertThatThrownBy(() -> new TakeProfit(100, 0)).hasMessageContaining("fraction");
        Proposal none = new Proposal("S", Side.Buy, "s", "market", 100, 99, List.of(), 1, "r");
        assertThat(none.getTargetPrice()).isNaN();
        assertThat(none.getRunnerFraction()).isEqualTo(1);
    }

    @Test
    void sizeFactorsMultiplyAndNeverEnlarge() {
        Proposal p = new Proposal("SOLUSDT", Side.Buy, "s", "market", 100, 99, 103, 1, "r");
        Veto shortOnly = new Veto("technical", "x", Side.Sell);
        RuleOutcome o = new RuleOutcome(List.of(), List.of(p), List.of(), List.of(shortOnly), List.of(),
                List.of(new SizeFactor("SOLUSDT", "a", 0.5, ""), new SizeFactor("ETHUSDT", "b", 0.1, ""),
                        new SizeFactor(null, "c", 0.8, "")), List.of());
        assertThat(o.sizeMultiplier(p)).isCloseTo(0.4, within(1e-12));
        assertThat(o.vetoesOf(p)).isEmpty();
        assertThat(o.firstClearProposal()).isSameAs(p);
        RuleOutcome big = new RuleOutcome(List.of(), List.of(p), List.of(), List.of(new Veto("market", "y")), List.of(),
                List.of(new SizeFactor("SOLUSDT", "low_volatility", 1.2, "")), List.of());
        assertThat(big.sizeMultiplier(p)).isEqualTo(1);
        assertThat(big.firstClearProposal()).isNull();
        RuleOutcome nan = new RuleOutcome(List.of(), List.of(p), List.of(), List.of(), List.of(),
                List.of(new SizeFactor("SOLUSDT", "x", Double.NaN, "")), List.of());
        assertThat(nan.sizeMultiplier(p)).isZero();
    }

    @Test
    void actionsCarryTheirParameters() {
        assertThat(Action.halt("r").getUntil()).isEqualTo(Long.MAX_VALUE);
        assertThat(Action.pauseFor(1_000, 30, "r").getUntil()).isEqualTo(1_000 + 1_800_000);
        Action reduce = Action.reduce("SOLUSDT", 0.5, "r");
        assertThat(reduce.getType()).isEqualTo(Action.Type.REDUCE);
        assertThat(reduce.getFraction()).isEqualTo(0.5);
        assertThat(reduce.getSymbol()).isEqualTo("SOLUSDT");
        assertThatThrownBy(() -> Action.reduce("S", 1.5, "r")).hasMessageContaining("fraction");
        assertThat(Action.alert("X", "why").getAlertType()).isEqualTo("X");
    }

    @Test
    void numbersInReasonsAreShortAndStable() {
        assertThat(Fmt.n(25.0)).isEqualTo("25");
        assertThat(Fmt.n(0.123456)).isEqualTo("0.1235");
        assertThat(Fmt.n(Double.NaN)).isEqualTo("NaN");
        assertThat(Fmt.n(Double.NEGATIVE_INFINITY)).isEqualTo("-inf");
        assertThat(Fmt.n(Double.POSITIVE_INFINITY)).isEqualTo("inf");
        assertThat(Fmt.n(-0.00001)).isEqualTo("0");
        assertThat(Fmt.pct(-0.03)).isEqualTo("-3%");
        assertThat(Fmt.pct(Double.NaN)).isEqualTo("NaN");
    }

    @Test
    void ruleErrorsSplitIntoTheirParts() {
        assertThat(RuleError.parse("rules/a.drl:12:5: bad")).isEqualTo(new RuleError("rules/a.drl", 12, 5, "bad"));
        assertThat(RuleError.parse("rules/tests/x.yaml: scenario 'y': failed"))
                .isEqualTo(new RuleError("rules/tests/x.yaml", 0, 0, "scenario 'y': failed"));
        assertThat(RuleError.parse("nothing")).isEqualTo(new RuleError("", 0, 0, "nothing"));
    }

    @Test
    void parametersCanBeReadAndSetByNameWithTypeChecks() {
        try (RuleSession s = RuleBook.build(ProjectDirs.rules()).newSession()) {
            assertThat(s.param("adxMin")).isEqualTo(25.0);
            assertThat(s.param("nosuch")).isNull();
            s.setParam("adxMin", 30);
            assertThat(s.param("adxMin")).isEqualTo(30.0);
            s.setParam("kellyMinTrades", 10);
            assertThat(s.param("kellyMinTrades")).isEqualTo(10);
            s.setParam("mlRequired", true);
            s.setParam("dollarMoveSymbol", "ETHUSDT");
            assertThat(s.param("dollarMoveSymbol")).isEqualTo("ETHUSDT");
            assertThatThrownBy(() -> s.setParam("nosuch", 1)).hasMessageContaining("params.nosuch");
            assertThatThrownBy(() -> s.setParam("kellyMinTrades", 1.5)).hasMessageContaining("expected a int");
            assertThatThrownBy(() -> s.setParam("mlRequired", "yes")).hasMessageContaining("expected a boolean");
        }
    }

    @Test
    void aRuleLoopFailsInsteadOfHanging(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Files.writeString(dir.resolve("loop.drl"), "package t;\nimport kairos.engine.rules.Veto;\n"
                + "rule \"loop\"\nwhen\n    Veto()\nthen\n    insert(new Veto(\"x\", \"y\"));\nend\n");
        try (RuleSession s = RuleBook.build(dir).newSession()) {
            assertThatThrownBy(() -> s.decide(List.of(new Veto("a", "b")))).hasMessageContaining("rule loop");
        }
    }
}
