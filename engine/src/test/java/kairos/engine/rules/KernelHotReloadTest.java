package kairos.engine.rules;

import kairos.engine.backtest.BacktestRun;
import kairos.engine.backtest.BacktestSpec;
import kairos.engine.data.CandleSeries;
import kairos.engine.domain.Instrument;
import kairos.engine.domain.Timeframe;
import kairos.engine.execution.ExecutionPolicy;
import kairos.engine.execution.VenueModel;
import kairos.engine.kernel.Decision;
import kairos.engine.risk.RiskLimits;
import kairos.engine.testing.ProjectDirs;
import kairos.engine.testing.SyntheticBars;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hot reload on a running kernel: broken rules (syntax error, unknown fact, unknown field, wrong type) and rules
 * whose scenarios fail are rejected with their locations while the kernel keeps deciding with the old rules;
 * good rules are swapped in between two events and every request is audited.
 */
class KernelHotReloadTest {
    static final long START = 1_746_316_800_000L; // 2025-05-04T00:00Z
    /** Builds on the caller's thread so the test is deterministic; the kernel uses a background executor. */
    static final Executor INLINE = Runnable::run;

    static BacktestSpec spec(int bars) {
        CandleSeries sol = CandleSeries.of(Timeframe.M1, SyntheticBars.randomWalk(7, START, 60_000, bars, 150));
        return new BacktestSpec("bybit", List.of("SOLUSDT"), List.of(), Timeframe.M1, Timeframe.M5,
                Map.of("SOLUSDT", sol), Map.of(), ProjectDirs.rules(), ProjectDirs.cep(), 10_000,
                VenueModel.DEFAULT, ExecutionPolicy.DEFAULT, new RiskLimits(0.01, 3),
                Map.of("SOLUSDT", new Instrument("SOLUSDT", new BigDecimal("0.01"), new BigDecimal("0.1"),
                        new BigDecimal("0.1"), new BigDecimal("5"))), "none");
    }

    static Path copyRules(Path dir) throws IOException {
        Path src = ProjectDirs.rules();
        try (Stream<Path> walk = Files.walk(src)) {
            for (Path p : walk.toList()) {
                Path to = dir.resolve(src.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to);
                }
            }
        }
        return dir;
    }

    static List<Decision> barDecisions(List<Decision> all) {
        return all.stream().filter(d -> d.trigger().equals("bar_close")).toList();
    }

    static void append(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardOpenOption.APPEND);
    }

    @Test
    void brokenRulesAreRejectedWhileTheKernelKeepsDecidingAndGoodRulesSwapBetweenEvents(@TempDir Path tmp) throws IOException {
        Path syntax = copyRules(tmp.resolve("syntax"));
        append(syntax.resolve("risk/protection.drl"), "\nrule \"broken on purpose\" when $x : NoSuchFact( price > ) then end\n");
        Path unknownFact = copyRules(tmp.resolve("fact"));
        append(unknownFact.resolve("risk/protection.drl"), "\nrule \"unknown fact\"\nwhen\n    NoSuchFact( price > 1 )\nthen\nend\n");
        Path unknownField = copyRules(tmp.resolve("field"));
        append(unknownField.resolve("risk/protection.drl"), "\nrule \"unknown field\"\nwhen\n    MarketState( nosuch > 1 )\nthen\nend\n");
        Path wrongType = copyRules(tmp.resolve("type"));
        append(wrongType.resolve("risk/protection.drl"), "\nrule \"wrong type\"\nwhen\n    MarketState()\nthen\n    int x = \"text\";\nend\n");
        Path failingScenario = copyRules(tmp.resolve("scenario"));
        Files.writeString(failingScenario.resolve("params/filters.drl"),
                Files.readString(failingScenario.resolve("params/filters.drl")).replace("p.setAdxMin(25.0);", "p.setAdxMin(20.0);"));
        Path good = copyRules(tmp.resolve("good"));
        Files.writeString(good.resolve("marker.drl"), "package kairos.rules;\nimport kairos.engine.rules.MarketState;\n"
                + "rule \"Hot reload marker\"\nwhen\n    MarketState()\nthen\nend\n");

        List<RulesSwap> results = new ArrayList<>();
        List<Integer> decisionsAtRequest = new ArrayList<>();
        try (BacktestRun run = new BacktestRun(spec(3_000))) {
            RuleEngine engine = run.rules();
            String oldHash = engine.rulesetHash();
            run.replay(n -> {
                decisionsAtRequest.add(barDecisions(run.decisions()).size());
                if (n == 1_000) {
                    for (Path broken : List.of(syntax, unknownFact, unknownField, wrongType, failingScenario)) {
                        results.add(engine.requestReload(broken, ProjectDirs.cep(), "test: " + broken.getFileName(), INLINE).join());
                    }
                } else if (n == 2_000) {
                    engine.requestReload(good, ProjectDirs.cep(), "control API", INLINE)
                            .thenAccept(results::add);
                }
            }, 1_000);

            assertThat(results).hasSize(6);
            for (RulesSwap r : results.subList(0, 5)) {
                assertThat(r.status()).isEqualTo("rejected");
                assertThat(r.oldHash()).isEqualTo(oldHash);
                assertThat(r.errors()).isNotEmpty();
            }
            assertThat(results.get(0).errors()).singleElement().asString()
                    .matches(".*syntax/risk/protection\\.drl:\\d+:\\d+: \\[ERR 101\\].*");
            assertThat(results.get(1).errors()).anyMatch(e -> e.matches(".*fact/risk/protection\\.drl:\\d+:\\d+: Unable to resolve ObjectType 'NoSuchFact'.*"));
            assertThat(results.get(2).errors()).anyMatch(e -> e.matches(".*field/risk/protection\\.drl:\\d+:\\d+: .*nosuch.*"));
            assertThat(results.get(3).errors()).anyMatch(e -> e.matches(".*type/risk/protection\\.drl:\\d+:\\d+: .*Type mismatch.*"));
            assertThat(results.get(4).errors()).anyMatch(e -> e.contains("filters/market.yaml: scenario 'ADX exactly 25 blocks'"));

            RulesSwap swap = results.get(5);
            assertThat(swap.status()).isEqualTo("swapped");
            assertThat(swap.trigger()).isEqualTo("control API");
            assertThat(swap.oldHash()).isEqualTo(oldHash);
            assertThat(swap.newHash()).isNotEqualTo(oldHash).isEqualTo(engine.rulesetHash());
            assertThat(engine.audit()).extracting(RulesSwap::status)
                    .containsExactly("rejected", "rejected", "rejected", "rejected", "rejected", "swapped");

            // the kernel kept deciding with the old rules after every rejection, and with the new ones after the swap
            List<Decision> decisions = barDecisions(run.decisions());
            assertThat(decisions).hasSize(600);
            // every request is in the decision journal too, between the events where it happened
            assertThat(run.decisions()).filteredOn(d -> d.trigger().equals("rules_reload"))
                    .extracting(d -> d.verdict().status())
                    .containsExactly("rejected", "rejected", "rejected", "rejected", "rejected", "swapped");
            assertThat(run.decisions()).filteredOn(d -> d.trigger().equals("rules_reload")).last()
                    .satisfies(d -> assertThat(d.verdict().reason()).contains(oldHash + " -> " + results.get(5).newHash(), "control API"));
            int atFirst = decisionsAtRequest.get(0);
            int atSecond = decisionsAtRequest.get(1);
            assertThat(decisions.subList(0, atSecond)).allSatisfy(d -> {
                assertThat(d.rulesetHash()).isEqualTo(oldHash);
                assertThat(d.rulesFired()).doesNotContain("Hot reload marker");
            });
            assertThat(atSecond).isGreaterThan(atFirst);
            assertThat(decisions.subList(atSecond, decisions.size()))
                    .allSatisfy(d -> {
                        assertThat(d.rulesetHash()).isEqualTo(swap.newHash());
                        assertThat(d.rulesFired()).contains("Hot reload marker");
                    });
            assertThat(swap.ts()).isGreaterThan(START);
        }
    }
}
