package kairos.app.session;

import kairos.engine.data.MarketStore;
import kairos.engine.domain.Bar;
import kairos.engine.kernel.Kernel;
import kairos.engine.testing.TestRules;
import kairos.engine.testing.ProjectDirs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class SessionWarmupTest {
    static final long START = PaperSessionCrashTest.START;

    /** A seeded random walk of {@code n} 1m bars (not market data: for the plumbing). */
    static List<Bar> walk(int n) {
        Random r = new Random(7);
        List<Bar> bars = new ArrayList<>(n);
        double price = 150;
        for (int i = 0; i < n; i++) {
            double open = price;
            price *= 1 + r.nextGaussian() * 0.002;
            double high = Math.max(open, price) * 1.001;
            double low = Math.min(open, price) * 0.999;
            bars.add(new Bar(START + i * 60_000L, open, high, low, price, 100 + r.nextInt(50)));
        }
        return bars;
    }

    private static long scratchFolders() throws IOException {
        try (Stream<Path> s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return s.filter(p -> p.getFileName().toString().startsWith("kairos-warmup")).count();
        }
    }

    @Test
    void theWarmupTradesInAScratchSessionAndLeavesNothingBehind(@TempDir Path dir) throws IOException {
        Path store = dir.resolve("store");
        TradingSession.Spec spec = PaperSessionProcess.spec(store, TestRules.enterAndLeave(dir.resolve("rules"), false),
                ProjectDirs.cep());
        long before = scratchFolders();
        AtomicReference<Kernel> attached = new AtomicReference<>();
        SessionWarmup.Result r = SessionWarmup.play(spec, "SOLUSDT", "test/SOLUSDT", walk(600), attached::set);
        assertThat(r.bars()).isEqualTo(600);
        assertThat(r.fills()).as("the scratch session traded: its order path ran").isPositive();
        assertThat(r.toString()).startsWith("test/SOLUSDT, 600 1m bars, " + r.fills() + " fills, ");
        assertThat(attached.get()).as("the scratch kernel was given what the real one is given").isNotNull();
        assertThat(store).as("the real session's store is not touched").doesNotExist();
        assertThat(scratchFolders()).as("the scratch session's folder is deleted").isEqualTo(before);
    }

    @Test
    void noWarmupWhenItIsOffOrTheStoreHasNoneOfTheSymbols(@TempDir Path dir) throws IOException {
        TradingSession.Spec spec = PaperSessionProcess.spec(dir.resolve("store"), dir, ProjectDirs.cep());
        MarketStore empty = new MarketStore(dir.resolve("market"));
        assertThat(SessionWarmup.run(spec, empty, 0, k -> { })).isEmpty();
        assertThat(SessionWarmup.run(spec, empty, 2, k -> { })).isEmpty();
    }
}
