package kairos.engine.cep;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import kairos.engine.data.CompiledCache;
import kairos.engine.data.CompiledCacheTest;
import kairos.engine.domain.Bar;
import kairos.engine.domain.Timeframe;
import kairos.engine.rules.RuleBookCacheTest;
import kairos.engine.testing.ProjectDirs;
import kairos.engine.testing.SyntheticBars;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * EPL modules compiled by an earlier process are loaded from the compiled cache instead of compiled again, and the
 * statements deployed from them emit exactly the patterns freshly compiled ones emit.
 */
class CepModuleCacheTest {
    @TempDir
    Path tmp;
    private final String before = System.getProperty(CompiledCache.PROPERTY);

    @AfterEach
    void restore() {
        if (before == null) {
            System.clearProperty(CompiledCache.PROPERTY);
        } else {
            System.setProperty(CompiledCache.PROPERTY, before);
        }
        CepModules.forgetCompiled();
    }

    static List<String> patterns(Path cepDir) {
        List<String> out = new ArrayList<>();
        long t0 = CepHarness.T0;
        try (CepEngine cep = CepEngine.load(cepDir, t0, f -> out.add(f.getName() + "@" + f.getTs() + " " + f.getAttributes()))) {
            CepFeed feed = new CepFeed(cep);
            List<Bar> bars = SyntheticBars.randomWalk(42, t0, 60_000, 3 * 1440, 150);
            for (int i = 0; i < bars.size(); i++) {
                feed.onBar(CepHarness.SOL, Timeframe.M1, bars.get(i), 0);
                if ((i + 1) % 5 == 0) {
                    Bar first = bars.get(i - 4);
                    double high = bars.subList(i - 4, i + 1).stream().mapToDouble(Bar::high).max().orElseThrow();
                    double low = bars.subList(i - 4, i + 1).stream().mapToDouble(Bar::low).min().orElseThrow();
                    double volume = bars.subList(i - 4, i + 1).stream().mapToDouble(Bar::volume).sum();
                    feed.onBar(CepHarness.SOL, Timeframe.M5, new Bar(first.openTime(), first.open(), high, low,
                            bars.get(i).close(), volume), 0);
                }
            }
        }
        return out;
    }

    @Test
    void modulesFromTheCacheEmitWhatFreshlyCompiledOnesEmit() throws IOException {
        Path cep = tmp.resolve("cep");
        RuleBookCacheTest.copy(ProjectDirs.cep(), cep);
        System.setProperty(CompiledCache.PROPERTY, "off");
        CepModules.forgetCompiled();
        List<String> fresh = patterns(cep);
        assertThat(fresh).as("the synthetic bars make patterns").hasSizeGreaterThan(10);

        System.setProperty(CompiledCache.PROPERTY, tmp.resolve("cache").toString());
        CepModules.forgetCompiled();
        int modules = CepEngine.compileAll(cep).size();
        assertThat(entries()).isEqualTo(modules);
        CepModules.forgetCompiled();
        long compiles = CepModules.COMPILES.get();
        assertThat(patterns(cep)).isEqualTo(fresh);
        assertThat(CepModules.COMPILES.get()).as("a new process compiles nothing").isEqualTo(compiles);

        // an edited module and every module after it (which may use its streams) compile again, the others not
        List<Path> files = CepModules.eplFiles(cep);
        Path last = files.getLast();
        Files.writeString(last, Files.readString(last) + "\n// an edit\n");
        CepModules.forgetCompiled();
        CepEngine.compileAll(cep);
        assertThat(CepModules.COMPILES.get() - compiles).isEqualTo(1);
    }

    @Test
    void aDamagedModuleEntryIsReportedAndCompiledAgain() throws IOException {
        Path cep = tmp.resolve("cep");
        RuleBookCacheTest.copy(ProjectDirs.cep(), cep);
        System.setProperty(CompiledCache.PROPERTY, tmp.resolve("cache").toString());
        CepModules.forgetCompiled();
        CepEngine.compileAll(cep);
        List<Path> all;
        try (Stream<Path> s = Files.list(tmp.resolve("cache").resolve(CepModules.CACHE_KIND))) {
            all = s.filter(p -> p.toString().endsWith(".bin")).sorted().toList();
        }
        Path damaged = all.getFirst();
        byte[] bytes = Files.readAllBytes(damaged);
        bytes[bytes.length - 3] ^= 0x7f;
        Files.write(damaged, bytes);
        ListAppender<ILoggingEvent> log = CompiledCacheTest.capture();
        CepModules.forgetCompiled();
        long compiles = CepModules.COMPILES.get();
        CepEngine.compileAll(cep);
        assertThat(CepModules.COMPILES.get() - compiles).isEqualTo(1);
        assertThat(log.list).singleElement().extracting(ILoggingEvent::getFormattedMessage).asString().contains(damaged.toString());
        assertThat(entries()).isEqualTo(all.size());
    }

    private long entries() throws IOException {
        try (Stream<Path> s = Files.list(tmp.resolve("cache").resolve(CepModules.CACHE_KIND))) {
            return s.filter(p -> p.toString().endsWith(".bin")).count();
        }
    }
}
