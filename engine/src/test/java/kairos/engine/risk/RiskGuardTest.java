package kairos.engine.risk;

import kairos.engine.domain.Instrument;
import kairos.engine.domain.Side;
import kairos.engine.rules.Proposal;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RiskGuardTest {
    static final Instrument SOL = new Instrument("SOLUSDT", new BigDecimal("0.01"), new BigDecimal("0.1"),
            new BigDecimal("0.1"), new BigDecimal("5"));
    final RiskGuard guard = new RiskGuard(new RiskLimits(0.01, 3));

    static Proposal proposal(Side side, double entry, double stop, double multiplier) {
        return new Proposal("SOLUSDT", side, "s", "market", entry, stop, Double.NaN, multiplier, "test");
    }

    @Test
    void sizesSoThatTheStopLosesAtMostTheRiskBudget() {
        // equity 10,000, 1% = 100 at risk, stop 2.00 away: 50 SOL (notional 7,500 < 3x leverage)
        RiskVerdict v = guard.evaluate(proposal(Side.Buy, 150, 148, 1), 10_000, SOL, false);
        assertThat(v.accepted()).isTrue();
        assertThat(v.qty()).isEqualByComparingTo("50");
        assertThat(v.riskAmount()).isEqualTo(100);
        // short, stop rounded away from the entry (up): 151.005 -> 151.01, distance 1.01 -> 99.0 SOL
        RiskVerdict s = guard.evaluate(proposal(Side.Sell, 150, 151.005, 1), 10_000, SOL, false);
        assertThat(s.stopPrice()).isEqualByComparingTo("151.01");
        assertThat(s.qty()).isEqualByComparingTo("99");
    }

    @Test
    void leverageCapsTheNotionalAndRulesCanOnlyShrink() {
        // stop 0.10 away would allow 1,000 SOL = 150,000 notional; capped at 3 x 10,000 / 150 = 200
        assertThat(guard.evaluate(proposal(Side.Buy, 150, 149.9, 1), 10_000, SOL, false).qty()).isEqualByComparingTo("200");
        assertThat(guard.evaluate(proposal(Side.Buy, 150, 148, 5), 10_000, SOL, false).qty()).isEqualByComparingTo("50");
        assertThat(guard.evaluate(proposal(Side.Buy, 150, 148, 0.5), 10_000, SOL, false).qty()).isEqualByComparingTo("25");
        assertThat(guard.evaluate(proposal(Side.Buy, 150, 148, Double.NaN), 10_000, SOL, false).accepted()).isFalse();
    }

    @Test
    void refusesWhatDoesNotMakeSense() {
        assertThat(guard.evaluate(proposal(Side.Buy, 150, 151, 1), 10_000, SOL, false).reason()).contains("not beyond");
        assertThat(guard.evaluate(proposal(Side.Sell, 150, 149, 1), 10_000, SOL, false).accepted()).isFalse();
        assertThat(guard.evaluate(proposal(Side.Buy, 150, 148, 1), 10_000, SOL, true).reason()).contains("already open");
        assertThat(guard.evaluate(proposal(Side.Buy, 150, 148, 1), 0, SOL, false).accepted()).isFalse();
        assertThat(guard.evaluate(proposal(Side.Buy, 150, Double.NaN, 1), 10_000, SOL, false).accepted()).isFalse();
        // 10 equity: 0.1 at risk / 2 = 0.05 SOL -> below min qty 0.1
        assertThat(guard.evaluate(proposal(Side.Buy, 150, 148, 1), 10, SOL, false).reason()).contains("minimum");
    }

    @Test
    void limitsCannotBeLoosenedPastTheHardCap() {
        assertThatThrownBy(() -> new RiskLimits(0.03, 3)).hasMessageContaining("0.02");
        assertThatThrownBy(() -> new RiskLimits(0.01, 20)).hasMessageContaining("leverage");
        assertThat(new RiskLimits(0.02, 3).maxRiskPerTrade()).isEqualTo(0.02);
        assertThat(guard.limits().maxLeverage()).isEqualTo(3);
    }

    @Test
    void hardLimitsRefuseWhateverTheRulesSay() {
        Proposal p = proposal(Side.Buy, 150, 148, 1);
        assertThat(guard.evaluate(p, 1, 10_000, SOL, false, new RiskContext(0, 0, 0, true)).reason()).contains("paused");
        // exactly the 10% drawdown limit still trades; above it nothing does
        assertThat(guard.evaluate(p, 1, 10_000, SOL, false, new RiskContext(0.10, 0, 0, false)).accepted()).isTrue();
        assertThat(guard.evaluate(p, 1, 10_000, SOL, false, new RiskContext(0.1001, 0, 0, false)).reason()).contains("drawdown");
        assertThat(guard.evaluate(p, 1, 10_000, SOL, false, new RiskContext(0, -0.03, 0, false)).reason()).contains("daily loss");
        assertThat(guard.evaluate(p, 1, 10_000, SOL, false, new RiskContext(0, -0.0299, 0, false)).accepted()).isTrue();
        assertThat(guard.evaluate(p, 1, 10_000, SOL, false, new RiskContext(0, 0, 0.10, false)).reason()).contains("open risk");
        // 9.5% already at risk leaves room for 0.5% = 50: 25 SOL with a 2.00 stop, not the 1% budget's 50
        RiskVerdict room = guard.evaluate(p, 1, 10_000, SOL, false, new RiskContext(0, 0, 0.095, false));
        assertThat(room.qty()).isEqualByComparingTo("25");
        // the rules' size factors scale the budget and cannot enlarge it
        assertThat(guard.evaluate(p, 0.5, 10_000, SOL, false, RiskContext.CALM).qty()).isEqualByComparingTo("25");
        assertThat(guard.evaluate(p, 1.7, 10_000, SOL, false, RiskContext.CALM).qty()).isEqualByComparingTo("50");
        assertThat(guard.evaluate(p, Double.NaN, 10_000, SOL, false, RiskContext.CALM).accepted()).isFalse();
    }

    @Test
    void limitsAboveTheSpecificationAreRefused() {
        assertThatThrownBy(() -> new RiskLimits(0.01, 3, 0.2, 0.03, 0.1)).hasMessageContaining("drawdown");
        assertThatThrownBy(() -> new RiskLimits(0.01, 3, 0.1, 0.05, 0.1)).hasMessageContaining("daily loss");
        assertThatThrownBy(() -> new RiskLimits(0.01, 3, 0.1, 0.03, 0.2)).hasMessageContaining("open risk");
        assertThat(new RiskLimits(0.01, 3, 0.05, 0.02, 0.06).maxOpenRisk()).isEqualTo(0.06);
    }
}
