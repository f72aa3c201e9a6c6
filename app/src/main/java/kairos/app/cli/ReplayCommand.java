package kairos.app.cli;

import kairos.bybit.parsing.RecordedStream;
import kairos.engine.cep.CepEngine;
import kairos.engine.cep.CepFeed;
import kairos.engine.cep.PatternJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code kairos replay FILE}: runs a recording through the live parser and the EPL modules, printing patterns. */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Replays a 'kairos record' recording through the live Bybit parser and the EPL modules, "
                + "in event time, and prints one JSON line per pattern emitted (as 'kairos cep test' does)."})
public final class ReplayCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Parameters(paramLabel = "FILE", description = "Recording (.jsonl.gz) written by 'kairos record'.")
    Path file;

    @Option(names = "--cep", paramLabel = "DIR", description = "Folder of *.epl modules, read recursively (default: cep-statements/).")
    Path cep;

    @Override
    public Integer call() throws IOException {
        common.loadConfig();
        if (!Files.isRegularFile(file)) {
            throw new UserError("no such recording: " + file);
        }
        Path dir = cep != null ? cep : KairosHome.resolve("cep-statements");
        PrintStream out = System.out;
        long[] patterns = new long[1];
        try (CepEngine engine = CepEngine.load(dir, 0, p -> {
            patterns[0]++;
            out.println(PatternJson.line(p));
        })) {
            CepFeed feed = new CepFeed(engine);
            long messages = RecordedStream.replay(file, feed);
            feed.advanceTime(engine.currentTime() + 1_000);
            out.flush();
            System.err.println("kairos replay: " + messages + " market-data messages, " + patterns[0] + " patterns");
        }
        return 0;
    }
}
