package kairos.app.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code --help} as a new user reads it: whole sentences, the modes that exist, and what {@code test} does. */
class HelpTextTest {
    @TempDir
    static Path tmp;
    static Path home;

    @BeforeAll
    static void home() {
        home = CliHarness.scratchHome(tmp);
    }

    /** Command name → its summary in a help text's "Commands:" list, continuation lines joined. */
    static Map<String, String> commandList(String help) {
        Map<String, String> out = new LinkedHashMap<>();
        String current = null;
        boolean inList = false;
        for (String line : help.split("\n")) {
            if (line.startsWith("Commands:")) {
                inList = true;
            } else if (inList && line.isBlank()) {
                break;
            } else if (inList && line.matches("^  \\S.*")) {
                String[] parts = line.trim().split("\\s+", 2);
                current = parts[0];
                out.put(current, parts.length > 1 ? parts[1] : "");
            } else if (inList && current != null) {
                out.put(current, (out.get(current) + " " + line.trim()).trim());
            }
        }
        return out;
    }

    @Test
    void everyCommandSummaryIsAWholeSentenceOnEveryLevel() {
        for (String[] args : new String[][] {{"--help"}, {"data", "--help"}, {"rules", "--help"}, {"bench", "--help"},
                {"cep", "--help"}, {"journal", "--help"}}) {
            CliHarness.Result r = CliHarness.run(home, args);
            assertThat(r.exit()).as(String.join(" ", args)).isZero();
            Map<String, String> list = commandList(r.out());
            assertThat(list).as(String.join(" ", args)).isNotEmpty();
            list.forEach((name, summary) -> assertThat(summary).as(String.join(" ", args) + ": " + name)
                    .matches("^[A-Z].*[.]$").doesNotContain(" (rules,").doesNotEndWith(",."));
        }
        Map<String, String> top = commandList(CliHarness.run(home, "--help").out());
        assertThat(top).containsKeys("backtest", "data", "rules", "explain", "journal", "test");
        assertThat(top.get("backtest")).isEqualTo("Replays stored market data through the trading kernel and writes the results.");
    }

    @Test
    void theTopLevelHelpSaysWhichModesExistToday() {
        String help = CliHarness.run(home, "--help").out().replaceAll("\\s+", " ");
        assertThat(help).contains("Modes: backtest", "replay", "run --mode paper", "run --mode live against Bybit",
                "Telegram", "not built yet");
    }

    @Test
    void testHelpExplainsWhatItRuns() {
        CliHarness.Result r = CliHarness.run(home, "test", "--help");
        assertThat(r.exit()).isZero();
        String text = r.out().replaceAll("\\s+", " ");
        assertThat(text).contains("./mvnw -B -ntp verify", "JaCoCo coverage reports", ".ci/run", "skipped",
                "Extra Maven arguments");
    }

    /** Off a terminal (a pipe, a file) help is 120 wide: each description line as written, none split in two. */
    @Test
    void descriptionsAreLaidOutAsWrittenAndNoLineIsWiderThanTheHelp() {
        for (String[] args : new String[][] {{"--help"}, {"backtest", "--help"}, {"bench", "compare", "--help"},
                {"run", "--help"}, {"walkforward", "--help"}}) {
            String help = CliHarness.run(home, args).out();
            assertThat(help.lines()).as(String.join(" ", args)).allMatch(l -> l.length() <= KairosCommand.HELP_WIDTH);
        }
        assertThat(CliHarness.run(home, "backtest", "--help").out().lines())
                .contains("Replays stored market data through the trading kernel (rules, CEP, risk guard, simulated venue)");
    }
}
