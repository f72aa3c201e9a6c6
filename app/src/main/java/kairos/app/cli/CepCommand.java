package kairos.app.cli;

import kairos.engine.cep.CepEngine;
import kairos.engine.cep.CepFeed;
import kairos.engine.cep.EventFile;
import kairos.engine.domain.MarketEvent;
import kairos.engine.cep.PatternJson;
import kairos.engine.cep.TickSynthesiser;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code kairos cep}: work with the EPL modules without trading. */
@Command(name = "cep", mixinStandardHelpOptions = true, description = "Work with the CEP (Esper EPL) pattern statements.",
        subcommands = {CepCommand.Test.class})
public final class CepCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** {@code kairos cep test --events f.jsonl}: prints every pattern the statements emit for an event file. */
    @Command(name = "test", mixinStandardHelpOptions = true,
            description = {"Runs the EPL modules over an event file and prints one JSON line per pattern emitted "
                    + "(statement, ts, symbol and the statement's columns).",
                    "Event lines: {\"type\":\"trade\",\"symbol\":\"SOLUSDT\",\"ts\":\"2025-05-04T12:00:00Z\",\"price\":150.1,"
                            + "\"qty\":400,\"side\":\"Buy\"}; see docs/cep-guide.md for every type."})
    public static final class Test implements Callable<Integer> {
        @Mixin
        CommonOptions common;

        @Option(names = "--events", required = true, paramLabel = "FILE", description = "Event file: JSON lines (.gz allowed).")
        Path events;

        @Option(names = "--cep", paramLabel = "DIR", description = "Folder of *.epl modules, read recursively (default: cep-statements/).")
        Path cep;

        @Option(names = "--drain-ms", paramLabel = "MS", defaultValue = "1000",
                description = "After the last event, advance event time this much so windows that close on a timer "
                        + "(one-second trade bars) report (default: ${DEFAULT-VALUE}).")
        long drainMs;

        @Option(names = "--synth-ticks", paramLabel = "SEED",
                description = "Precede every 1m bar event with trades synthesised from it (seeded; open, nearer extreme, "
                        + "other extreme, close) so tick-level statements run on candle-only data.")
        Long synthSeed;

        @Option(names = "--ticks-per-bar", paramLabel = "N", defaultValue = "12",
                description = "Trades synthesised per 1m bar with --synth-ticks (default: ${DEFAULT-VALUE}).")
        int ticksPerBar;

        @Override
        public Integer call() throws IOException {
            common.loadConfig();
            if (!Files.isRegularFile(events)) {
                throw new UserError("--events: no such file: " + events);
            }
            if (drainMs < 0) {
                throw new UserError("--drain-ms: must be >= 0, got " + drainMs);
            }
            if (ticksPerBar < 4) {
                throw new UserError("--ticks-per-bar: must be >= 4 (open, two extremes, close), got " + ticksPerBar);
            }
            List<MarketEvent> list = EventFile.read(events);
            Path dir = cep != null ? cep : KairosHome.resolve("cep-statements");
            long start = list.stream().mapToLong(MarketEvent::time).min().orElse(0) - 60_001;
            PrintStream out = System.out;
            try (CepEngine engine = CepEngine.load(dir, Math.max(start, 0), p -> out.println(PatternJson.line(p)))) {
                CepFeed feed = new CepFeed(engine, synthSeed == null ? null : new TickSynthesiser(synthSeed, ticksPerBar));
                long last = 0;
                for (MarketEvent e : list) {
                    feed.accept(e);
                    last = Math.max(last, e.time());
                }
                feed.advanceTime(last + drainMs);
            }
            out.flush();
            return 0;
        }
    }
}
