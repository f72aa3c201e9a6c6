package kairos.engine.cep;

import kairos.engine.cep.events.Fill;
import kairos.engine.cep.events.FeedHealth;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Hot reload between events, and EPL errors that change nothing. */
class CepReloadTest {
    static final long T0 = CepHarness.T0;
    final List<PatternFact> out = new ArrayList<>();

    static final String BASE = """
            module base;
            create variable double min_usd = 1000;
            @Name('Big') insert into Big select symbol, notional from TradeTick(notional > min_usd);
            """;
    static final String COUNTER = """
            module counter;
            // counts every trade: its state shows whether the module was redeployed
            @Name('Counted') select symbol, count(*) as n from TradeTick group by symbol;
            """;
    static final String ALERT = """
            module alert;
            @Name('BigAlert') select symbol, notional from Big;
            """;

    Path folder(Path dir) throws IOException {
        Files.writeString(dir.resolve("a-base.epl"), BASE);
        Files.writeString(dir.resolve("b-counter.epl"), COUNTER);
        Files.writeString(dir.resolve("c-alert.epl"), ALERT);
        return dir;
    }

    void trade(CepEngine cep, long ts, double qty) {
        new CepFeed(cep).onTrade("SOLUSDT", ts, 0, 100, qty, "Buy");
    }

    List<String> names() {
        return out.stream().map(p -> p.getName() + (p.getName().equals("Counted") ? "=" + p.getAttributes().get("n") : "")).toList();
    }

    @Test
    void aChangedModuleIsSwappedInBetweenEventsAndEarlierModulesKeepTheirState(@TempDir Path dir) throws Exception {
        ExecutorService compiler = Executors.newSingleThreadExecutor();
        try (CepEngine cep = CepEngine.load(folder(dir), T0, out::add)) {
            assertThat(cep.statementNames()).containsExactly("Counted", "BigAlert");
            trade(cep, T0 + 1, 20);   // $2000
            assertThat(names()).containsExactly("Counted=1", "BigAlert");

            Files.writeString(dir.resolve("c-alert.epl"), ALERT.replace("notional from Big", "notional, 'v2' as version from Big"));
            CepModules.Plan plan = cep.requestReload(dir, compiler).join();
            assertThat(plan.files()).containsExactly(dir.resolve("c-alert.epl"));
            assertThat(plan.toString()).contains("c-alert.epl");
            assertThat(cep.reloaded()).isFalse();
            cep.advanceTime(T0 + 2);      // between events: swapped in here
            assertThat(cep.reloaded()).isTrue();
            trade(cep, T0 + 3, 20);
            assertThat(names()).containsExactly("Counted=1", "BigAlert", "Counted=2", "BigAlert");
            assertThat(out.getLast().getAttributes()).containsEntry("version", "v2");
            assertThat(cep.moduleFiles()).hasSize(3);

            // changing the first module redeploys everything after it (they may use its streams)
            Files.writeString(dir.resolve("a-base.epl"), BASE.replace("1000", "5000"));
            cep.requestReload(dir, compiler).join();
            cep.advanceTime(T0 + 4);
            trade(cep, T0 + 5, 20);
            assertThat(names()).endsWith("Counted=1");   // counter state restarted, $2000 no longer big
            assertThat(cep.variable("min_usd")).isEqualTo(5000.0);

            assertThat(cep.requestReload(dir, compiler).join().unchanged()).isTrue();
            assertThat(cep.applyPendingReload()).isFalse();   // already applied by nobody: an unchanged plan is a no-op
        } finally {
            compiler.shutdownNow();
        }
    }

    @Test
    void aBrokenModuleIsRefusedWithFileAndLineAndTheOldStatementsKeepRunning(@TempDir Path dir) throws Exception {
        ExecutorService compiler = Executors.newSingleThreadExecutor();
        try (CepEngine cep = CepEngine.load(folder(dir), T0, out::add)) {
            Files.writeString(dir.resolve("c-alert.epl"), "module alert;\n\n@Name('BigAlert')\nselect symbol, notional, nosuch from Big;\n");
            assertThatThrownBy(() -> cep.requestReload(dir, compiler).join())
                    .isInstanceOf(CompletionException.class)
                    .cause().isInstanceOf(CepException.class)
                    .hasMessageContaining("c-alert.epl:4: ")
                    .hasMessageContaining("nosuch");
            // a type error: a string compared with a number
            Files.writeString(dir.resolve("c-alert.epl"), "module alert;\n@Name('BigAlert')\nselect symbol from Big\nwhere symbol > 5;\n");
            assertThatThrownBy(() -> cep.requestReload(dir, compiler).join()).cause()
                    .satisfies(e -> assertThat(((CepException) e).errors()).singleElement().asString().contains("c-alert.epl:"));
            // malformed EPL
            Files.writeString(dir.resolve("c-alert.epl"), "module alert;\n@Name('BigAlert')\nselect from where;\n");
            assertThatThrownBy(() -> cep.requestReload(dir, compiler).join()).cause().hasMessageContaining("c-alert.epl:3");
            cep.advanceTime(T0 + 1);
            trade(cep, T0 + 2, 20);
            assertThat(names()).containsExactly("Counted=1", "BigAlert");
            assertThat(cep.statementNames()).containsExactly("Counted", "BigAlert");
        } finally {
            compiler.shutdownNow();
        }
    }

    @Test
    void unknownEventTypesAndMissingFoldersAreClearErrors(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("x.epl"), "module x;\n@Name('X')\nselect symbol from NoSuchEvent;\n");
        assertThatThrownBy(() -> CepEngine.load(dir, T0, out::add)).isInstanceOf(CepException.class)
                .hasMessageContaining("x.epl:3").hasMessageContaining("NoSuchEvent");
        assertThatThrownBy(() -> CepEngine.load(dir.resolve("absent"), T0, out::add)).hasMessageContaining("no such folder");
        assertThatThrownBy(() -> CepEngine.compileAll(dir)).isInstanceOf(CepException.class);
    }

    @Test
    void fillsAndFeedHealthAreEventTypesStatementsCanUse(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("x.epl"), """
                module x;
                @Name('OurFill') select symbol, price, qty, side, fee, orderLinkId as link, execId as exec from Fill;
                @Name('FeedDown') select symbol, stream, status, detail from FeedHealth(status = 'disconnected');
                """);
        try (CepEngine cep = CepEngine.load(dir, T0, out::add)) {
            cep.send(new Fill("SOLUSDT", T0, "Buy", 150, 2, 0.1, "k-1", "e-1"));
            cep.send(new FeedHealth("*", T0, "public", "connected", ""));
            cep.send(new FeedHealth("*", T0, "public", "disconnected", "closed by server"));
            assertThat(out).extracting(PatternFact::getName).containsExactly("OurFill", "FeedDown");
            assertThat(out.getFirst().getAttributes()).containsEntry("link", "k-1").containsEntry("exec", "e-1");
            assertThatThrownBy(() -> cep.send("not an event")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> cep.variable("nope")).hasMessageContaining("nope");
            assertThat(cep.currentTime()).isEqualTo(T0);
        }
    }
}
