package kairos.engine.rules;

import kairos.engine.testing.ProjectDirs;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The scenario runner reports what failed and where, for a trader to fix. */
class RuleScenariosTest {
    static RuleBook book;

    @BeforeAll
    static void build() {
        book = RuleBook.build(ProjectDirs.rules());
    }

    static RuleScenarios.Report run(Path dir, String yaml) throws IOException {
        Files.writeString(dir.resolve("s.yaml"), yaml);
        return RuleScenarios.run(book, dir);
    }

    @Test
    void wrongExpectationsAreReportedWithWhatWasExpectedAndGot(@TempDir Path dir) throws IOException {
        RuleScenarios.Report r = run(dir, """
                scenarios:
                  - name: all wrong
                    given:
                      market: {close: 150, open: 149.5, high: 150.5, low: 149.4, volume: 5000,
                               features: {ema_21: 149, ema_55: 148, rsi_14: 60, atr_14: 1, rvol_20: 5}}
                      patterns: [{name: VolumeSpike, ratio: 4}]
                      position: {side: Buy, held_minutes: 200}
                      ml: {p_up: 0.5, p_down: 0.1, p_flat: 0.4, agreement: 0.9}
                      venue: {latency_ms: 600}
                      orders: [{side: Sell, purpose: stop, price: 148}]
                    expect:
                      proposals: [{strategy: breakout, side: Buy}]
                      vetoes: [{tier: market}]
                      vetoes_include: [{tier: ml, rule: "ML: ensemble agreement"}]
                      actions: [{type: pause}]
                      exits: []
                      size_factors: [kelly]
                      skipped: [ml]
                      size_multiplier: 0.3
                      verdict: trade
                      fired: ["Breakout long"]
                      not_fired: ["Time stop"]
                  - name: details of a matching proposal
                    given:
                      market: {close: 150, open: 149.5, high: 150.5, low: 149.4, volume: 5000,
                               features: {ema_21: 149, ema_55: 148, rsi_14: 60, atr_14: 1, rvol_20: 5}}
                      patterns: [{name: VolumeSpike, ratio: 4}]
                    expect:
                      proposals: [{strategy: momentum_burst, side: Buy, entry_type: limit, entry: 1, stop: 2, targets: [[1, 1]]}]
                      actions: []
                  - name: ladder detail and pause time
                    given:
                      market: {close: 150, open: 149.5, high: 150.5, low: 149.4, volume: 5000, time: 1746108000000,
                               features: {ema_21: 149, ema_55: 148, rsi_14: 60, atr_14: 1, rvol_20: 5}}
                      patterns: [{name: VolumeSpike, ratio: 4}]
                      risk: {daily_pnl: -0.05}
                    expect:
                      proposals: [{strategy: momentum_burst, side: Buy, targets: [[151, 0.4], [151.5, 0.3], [152, 0.2]]}]
                      actions: [{type: pause, until: manual, symbol: X}, {type: alert, alert_type: DAILY_LOSS_LIMIT}]
                  - name: no proposal for a size
                    expect: {size_multiplier: 1}
                """);
        assertThat(r.files()).isEqualTo(1);
        assertThat(r.scenarios()).isEqualTo(4);
        assertThat(r.ok()).isFalse();
        List<String> f = r.failures();
        assertThat(f).allMatch(s -> s.startsWith(dir.resolve("s.yaml") + ": scenario '"));
        assertThat(String.join("\n", f)).contains(
                "proposals: expected [breakout/Buy], got []",
                "vetoes: expected [market], got",
                "vetoes: expected to include ml/ML: ensemble agreement",
                "actions: expected [PAUSE], got []",
                "exits: expected [], got [time_stop]",
                "size_factors: expected [kelly], got [latency]",
                "skipped: expected [ml], got []",
                "size_multiplier: expected 0.3, but there is no proposal",
                "verdict: expected trade, got none",
                "fired: expected rule 'Breakout long' to fire",
                "not_fired: rule 'Time stop' fired",
                "proposals[0].entry_type: expected limit, got market",
                "proposals[0].entry: expected 1.0, got 150.0",
                "proposals[0].stop: expected 2.0, got 148.5",
                "proposals[0].targets: expected 1 rungs",
                "proposals[0].targets[2].price: expected 152.0, got 152.5",
                "actions[0].until: expected manual, got 2025-05-02T00:00:00Z",
                "actions[0].symbol: expected X, got null",
                "'no proposal for a size': size_multiplier: expected 1.0, but there is no proposal");
    }

    @Test
    void badInputNamesTheFieldOrTheLine(@TempDir Path dir) throws IOException {
        assertThat(run(dir, "scenarios:\n  - name: x\n    given: {market: {colse: 1}}\n").failures())
                .singleElement().asString().contains("scenario 'x': given.market.colse: unknown field");
        assertThat(run(dir, "scenarios:\n  - name: x\n    given: {risk: {drawdown: lots}}\n").failures())
                .singleElement().asString().contains("given.risk.drawdown: expected a number");
        assertThat(run(dir, "scenarios:\n  - name: x\n    given: {venue: {maintenance: 1}}\n").failures())
                .singleElement().asString().contains("given.venue.maintenance: expected true or false");
        assertThat(run(dir, "scenarios:\n  - name: x\n    given: {position: {side: up}}\n").failures())
                .singleElement().asString().contains("given.position.side: expected Buy or Sell");
        assertThat(run(dir, "scenarios:\n  - name: x\n    given: {market: {time: yesterday}}\n").failures())
                .singleElement().asString().contains("given.market.time: expected an ISO-8601");
        assertThat(run(dir, "scenarios:\n  - name: x\n    given: {patterns: [{ratio: 3}]}\n").failures())
                .singleElement().asString().contains("given.patterns[0].name");
        assertThat(run(dir, "scenarios:\n  - name: x\n    params: {nosuch: 1}\n").failures())
                .singleElement().asString().contains("params.nosuch");
        assertThat(run(dir, "scenarios:\n  - name: x\n    expect: {vetos: []}\n").failures())
                .singleElement().asString().contains("expect.vetos: unknown field");
        assertThat(run(dir, "scenarios:\n  - nme: x\n").failures()).singleElement().asString().contains("nme: unknown field");
        assertThat(run(dir, "scenario: []\n").failures()).singleElement().asString().contains("'scenarios' list");
        assertThat(run(dir, "defaults: {}\nscenarios: []\nextra: 1\n").failures()).singleElement().asString()
                .contains("unknown key 'extra'");
        assertThat(run(dir, "scenarios: [\n  {name: x\n").failures()).singleElement().asString()
                .matches(".*s\\.yaml:\\d+:\\d+: not valid YAML.*");
        assertThat(run(dir, "scenarios:\n  - name: inf and nan\n    given: {market: {features: {adx_14: inf, rsi_14: -inf, atr_14: nan}}}\n"
                + "    expect: {proposals: []}\n").ok()).isTrue();
    }

    @Test
    void noTestsFolderMeansNoScenarios(@TempDir Path dir) {
        RuleScenarios.Report r = RuleScenarios.run(book, dir.resolve("absent"));
        assertThat(r.files()).isZero();
        assertThat(r.ok()).isTrue();
    }
}
