package kairos.engine.backtest.validation;

import kairos.engine.backtest.BacktestSpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The whole suite on a synthetic market with the EMA test strategy: every scenario runs and does what it says. */
class StressSuiteTest {
    static Map<String, Object> stress;
    static Map<String, Map<String, Object>> byName = new LinkedHashMap<>();
    static List<String> progress = new ArrayList<>();

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void run() {
        BacktestSpec spec = ValidationFixtures.emaSpec(2_000);
        stress = StressSuite.run(spec, new StressSuite.Settings(3, 6, 2), null, line -> {
            synchronized (progress) {
                progress.add(line);
            }
        });
        for (Map<String, Object> s : (List<Map<String, Object>>) stress.get("scenarios")) {
            byName.put((String) s.get("name"), s);
        }
    }

    static double num(Map<String, Object> s, String key) {
        return ((Number) s.get(key)).doubleValue();
    }

    @Test
    void everyScenarioRunsWithTheKpisOfASummary() {
        assertThat(byName.keySet()).containsExactlyElementsOf(StressSuite.NAMES);
        for (Map<String, Object> s : byName.values()) {
            assertThat(s).containsKeys("name", "description", "trades", "win_rate", "profit_factor", "sharpe",
                    "max_drawdown", "total_return", "worst_trade", "emergency_rules_fired", "vs_baseline");
        }
        assertThat(num(byName.get("baseline"), "trades")).isGreaterThan(20);
        assertThat(stress.get("emergency_rules_watched")).isEqualTo(List.of("Emergency: 5% below EMA(8)"));
        assertThat(progress).contains("stress: baseline");
        String json = ValidationJson.write(stress);
        assertThat(json).doesNotContain("NaN");
    }

    @Test
    @SuppressWarnings("unchecked")
    void eachInjectionDoesWhatItSays() {
        Map<String, Object> atr = (Map<String, Object>) byName.get("atr_x3").get("measured");
        assertThat((double) atr.get("mean_true_range_ratio")).isBetween(2.7, 3.05);
        Map<String, Object> rev = (Map<String, Object>) byName.get("correlation_reversal").get("measured");
        assertThat((double) rev.get("correlation_BTCUSDT_after"))
                .isCloseTo(-(double) rev.get("correlation_BTCUSDT_before"), org.assertj.core.api.Assertions.within(1e-9));
        // fees x2: twice the fees per trade (fewer trades may follow: the risk guard sizes against the costs)
        double perTrade = num(byName.get("fees_x2"), "fees_paid") / num(byName.get("fees_x2"), "trades");
        double basePerTrade = num(byName.get("baseline"), "fees_paid") / num(byName.get("baseline"), "trades");
        assertThat(perTrade / basePerTrade).isBetween(1.7, 2.3);
        // a 20% gap while a long is open: a loss no stop could hold, and the emergency rule saw the bar
        Map<String, Object> drop = byName.get("drop_20pct");
        assertThat(num(drop, "max_drawdown")).isGreaterThan(num(byName.get("baseline"), "max_drawdown"));
        assertThat((Map<String, Object>) drop.get("emergency_rules_fired")).containsKey("Emergency: 5% below EMA(8)");
        assertThat(drop.get("injected_at")).isNotNull();
        Map<String, Object> worst = (Map<String, Object>) drop.get("worst_trade");
        assertThat((double) worst.get("net_pnl")).isLessThan(-100);
        assertThat((Map<String, Object>) byName.get("flash_crash").get("emergency_rules_fired")).isNotEmpty();
        // the losing streak reached its three losses in a row
        Map<String, Object> streak = (Map<String, Object>) byName.get("losing_streak").get("measured");
        assertThat((int) streak.get("losses_in_a_row")).isGreaterThanOrEqualTo(3);
        assertThat(num(byName.get("data_gap"), "bars_processed")).isLessThan(num(byName.get("baseline"), "bars_processed"));
        assertThat(StressSuite.worstDrawdown(stress)).isEqualTo(
                byName.values().stream().mapToDouble(s -> num(s, "max_drawdown")).max().orElseThrow());
    }

    @Test
    void settingsAreChecked() {
        assertThatThrownBy(() -> new StressSuite.Settings(0, 6, 1)).hasMessageContaining("--loss-run");
        assertThatThrownBy(() -> new StressSuite.Settings(3, 0, 1)).hasMessageContaining("--gap-hours");
        assertThatThrownBy(() -> new StressSuite.Settings(3, 6, 0)).hasMessageContaining("--threads");
        assertThat(StressSuite.Settings.defaults().lossRun()).isEqualTo(5);
    }
}
