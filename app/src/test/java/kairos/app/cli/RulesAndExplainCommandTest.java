package kairos.app.cli;

import kairos.engine.backtest.DecisionsJsonl;
import kairos.engine.kernel.Decision;
import kairos.engine.testing.ProjectDirs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code kairos rules check} and {@code kairos explain} as a trader runs them. */
class RulesAndExplainCommandTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream oldOut;
    private PrintStream oldErr;

    @BeforeEach
    void capture() {
        oldOut = System.out;
        oldErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(oldOut);
        System.setErr(oldErr);
    }

    private List<String> lines() {
        return out.toString(StandardCharsets.UTF_8).lines().toList();
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

    @Test
    void rulesCheckPassesOnTheShippedRulesAndRejectsABrokenRuleWithItsLocation(@TempDir Path tmp) throws IOException {
        String cep = ProjectDirs.cep().toString();
        assertThat(KairosCommand.run("rules", "check", ProjectDirs.rules().toString(), "--cep", cep)).isZero();
        assertThat(lines().getLast()).matches("\\d+ rule files, \\d+ rules, \\d+ scenarios: ok");

        Path broken = copyRules(tmp.resolve("rules"));
        Files.writeString(broken.resolve("risk/protection.drl"),
                "\nrule \"broken on purpose\" when $x : NoSuchFact( price > ) then end\n", StandardOpenOption.APPEND);
        out.reset();
        assertThat(KairosCommand.run("rules", "check", "--rules", broken.toString(), "--cep", cep)).isEqualTo(1);
        assertThat(lines()).anyMatch(l -> l.matches(".*protection\\.drl:\\d+:\\d+: .*no viable alternative.*"));
        assertThat(lines().getLast()).endsWith(": 1 error");

        out.reset();
        Files.writeString(broken.resolve("risk/protection.drl"), Files.readString(ProjectDirs.rules().resolve("risk/protection.drl")));
        Files.writeString(broken.resolve("tests/risk/protection.yaml"), Files.readString(broken.resolve("tests/risk/protection.yaml"))
                .replace("daily loss of -2.99% still trades", "renamed").replace("daily_pnl: -0.0299", "daily_pnl: -0.031"));
        assertThat(KairosCommand.run("rules", "check", broken.toString(), "--cep", cep)).isEqualTo(1);
        assertThat(lines()).anyMatch(l -> l.contains("protection.yaml: scenario 'renamed': vetoes: expected []"));

        assertThat(KairosCommand.run("rules", "check", broken.toString(), "--rules", tmp.toString())).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("give the rules folder once");
    }

    @Test
    void explainPrintsOneDecisionReadably(@TempDir Path dir) throws IOException {
        Decision d = new Decision("SOLUSDT-1746108000000", "2025-05-01T14:00:00Z", "SOLUSDT", "bar_close",
                List.of("Market: trend strength (ADX)", "Momentum burst long"),
                List.of(new Decision.VetoRecord("market", "Market: trend strength (ADX)", "ADX 20 not above 25 (R5.1)", null),
                        new Decision.VetoRecord("technical", "Technical: EMA stack (long)", "EMA stack not bullish", "Buy")),
                new Decision.ProposalRecord("Buy", "momentum_burst", "Momentum burst long", "market", 150, 148.5, 152.5,
                        0.5, "volume spike", List.of(new Decision.TargetRecord(151, 0.4), new Decision.TargetRecord(152.5, 0.2)), 0.4),
                new Decision.Verdict("vetoed", "market: ADX 20 not above 25 (R5.1)", null, null, null),
                List.of(new Decision.ExitRecord("Time stop", "time_stop")), List.of("VolumeSpike"), "close=150 adx_14=20",
                "abc", "none", List.of(new Decision.ActionRecord("pause", null, "manual", null, null, "Drawdown", "review")),
                List.of(new Decision.SizeFactorRecord("drawdown", 0.5, "Drawdown above 5%: half size", "dd 6%")),
                List.of(new Decision.SkipRecord("ml", "ML: no score", "no model")), "0123456789abcdef", "bars");
        DecisionsJsonl.write(dir.resolve("decisions.jsonl"), List.of(d));
        assertThat(KairosCommand.run("explain", "--decision", "SOLUSDT-1746108000000", "--out", dir.toString())).isZero();
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("Decision SOLUSDT-1746108000000", "1. Market: trend strength (ADX)",
                "Why not", "[market] Market: trend strength (ADX): ADX 20 not above 25 (R5.1)", "[technical, Buy only]",
                "x0.5000 drawdown", "pause until manual", "take profit 151 for 40%", "runner 40%",
                "Exit signal: time_stop", "Verdict: vetoed", "[ml] no model", "ruleset abc, model none");
        assertThat(text).doesNotContain("Not evaluated");
        // a decision point without a proposal says which checks did not run there
        Decision quiet = new Decision("SOLUSDT-1746108300000", "2025-05-01T14:05:00Z", "SOLUSDT", "bar_close",
                List.of("Params: risk"), List.of(), null, new Decision.Verdict("none", "no proposal", null, null, null),
                List.of(), List.of(), "close=150", "abc", "none", List.of(), List.of(), List.of(), "0123456789abcdef", "bars");
        DecisionsJsonl.write(dir.resolve("decisions.jsonl"), List.of(d, quiet));
        out.reset();
        assertThat(KairosCommand.run("explain", "--decision", "SOLUSDT-1746108300000", "--out", dir.toString())).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("(no veto)",
                "Not evaluated (no proposal): the filter tiers (market, technical, ML), the drawdown size");
        assertThat(KairosCommand.run("explain", "--decision", "nope", "--out", dir.toString())).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--decision nope: no such decision");
        assertThat(KairosCommand.run("explain", "--decision", "x", "--out", dir.resolve("empty").toString())).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("no decisions.jsonl there");
    }
}
