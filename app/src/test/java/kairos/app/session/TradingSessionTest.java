package kairos.app.session;

import kairos.engine.domain.MarketEvent;
import kairos.engine.execution.Fill;
import kairos.engine.execution.ForwardingVenue;
import kairos.engine.execution.OrderIntent;
import kairos.engine.execution.TradeRecord;
import kairos.engine.kernel.Decision;
import kairos.engine.kernel.ForwardingStateJournal;
import kairos.engine.execution.OrderPurpose;
import kairos.engine.kernel.KernelState;
import kairos.engine.kernel.MarketDataSource;
import kairos.engine.kernel.Notifier;
import kairos.engine.testing.ProjectDirs;
import kairos.engine.testing.TickTape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** A paper session in this JVM: it journals as it goes, and a second start resumes where the first stopped. */
class TradingSessionTest {
    static final long START = PaperSessionCrashTest.START;

    @Test
    void aSessionJournalsAsItGoesAndASecondStartResumesAfterTheLastEvent(@TempDir Path dir) throws Exception {
        List<MarketEvent> tape = TickTape.of(21, START, 130, true, TickTape.SOL, TickTape.BTC);
        Path store = dir.resolve("store");
        Path rules = PaperSessionCrashTest.rules(dir.resolve("rules"));
        List<String> alerts = new ArrayList<>();
        Notifier notifier = a -> alerts.add(a.type() + " " + a.text());
        TradingSession.Spec spec = PaperSessionProcess.spec(store, rules, ProjectDirs.cep());
        // the first run ends two minutes after an entry, holding that position (found by a run of its own)
        long entry;
        try (TradingSession probe = TradingSession.onRecordedData(PaperSessionProcess.spec(dir.resolve("probe"), rules,
                ProjectDirs.cep()), MarketDataSource.of(tape), START - 60_000, a -> { })) {
            probe.run();
            entry = probe.venue().executions().stream().filter(f -> f.purpose() == OrderPurpose.ENTRY)
                    .mapToLong(Fill::time).filter(t -> t < tape.getLast().time() - 20 * 60_000).max().orElseThrow();
        }
        long stopAt = entry + 2 * 60_000;
        List<MarketEvent> firstPart = tape.stream().filter(e -> e.time() <= stopAt).toList();

        KernelState first;
        List<String> fills;
        try (TradingSession s = TradingSession.onRecordedData(spec, MarketDataSource.of(firstPart), START - 60_000, notifier)) {
            assertThat(s.resumed()).isFalse();
            s.run();
            first = s.journal().load().orElseThrow();
            fills = s.journal().fillIds();
            assertThat(fills).as("entries and exits, the last entry among them").isNotEmpty();
            assertThat(first.portfolio().positions()).hasSize(1);
            assertThat(s.journal().counts().getFirst()).as("decisions").isPositive();
            assertThat(s.kernel().lastEventTime()).isEqualTo(firstPart.getLast().time());
            assertThat(s.venue().executions()).hasSize(fills.size());
        }
        assertThat(store.resolve("paper-venue.json")).exists();
        assertThat(alerts).noneMatch(a -> a.startsWith("RECONCILIATION_MISMATCH"));

        // the whole data: what the first run handled is skipped, the position it left is carried on and closed
        int seen[] = {0};
        MarketDataSource counting = new MarketDataSource() {
            final MarketDataSource inner = MarketDataSource.of(tape);

            @Override
            public MarketEvent next() {
                MarketEvent e = inner.next();
                if (e != null) {
                    seen[0]++;
                }
                return e;
            }

            @Override
            public boolean finished() {
                return inner.finished();
            }
        };
        try (TradingSession s = TradingSession.onRecordedData(spec, counting, START - 60_000, notifier)) {
            assertThat(s.resumed()).isTrue();
            s.run();
            assertThat(seen[0]).isEqualTo(tape.size());
            KernelState end = s.journal().load().orElseThrow();
            assertThat(end.lastEventTime()).isEqualTo(tape.getLast().time());
            assertThat(s.journal().fillIds()).startsWith(fills.toArray(String[]::new)).hasSizeGreaterThan(fills.size())
                    .doesNotHaveDuplicates().hasSameSizeAs(s.venue().executions());
            String carried = first.portfolio().positions().getFirst().entryDecision();
            var trade = end.portfolio().recentTrades().stream().filter(t -> t.entryDecision().equals(carried))
                    .findFirst().orElseThrow();
            assertThat(trade.entryDecision()).isEqualTo(first.portfolio().positions().getFirst().entryDecision());
            assertThat(trade.exitReason()).isEqualTo("test exit");
            assertThat(trade.entryTime()).isLessThan(stopAt).isEqualTo(first.portfolio().positions().getFirst().entryTime());
        }
        assertThat(alerts).noneMatch(a -> a.startsWith("RECONCILIATION_MISMATCH"));
    }

    @Test
    void noRequestLeavesBeforeTheStateThatAskedForItIsWritten(@TempDir Path dir) throws Exception {
        List<MarketEvent> tape = TickTape.of(21, START, 60, true, TickTape.SOL);
        TradingSession.Spec spec = PaperSessionProcess.spec(dir.resolve("store"),
                PaperSessionCrashTest.rules(dir.resolve("rules")), ProjectDirs.cep());
        AtomicReference<TradingSession> running = new AtomicReference<>();
        Set<String> written = ConcurrentHashMap.newKeySet();   // the writer thread: orders in the states written
        List<String> sentUnwritten = new ArrayList<>();        // the kernel thread
        int[] sent = {0};
        TradingSession.Interposers seams = new TradingSession.Interposers(j -> new ForwardingStateJournal(j) {
            @Override
            public void save(KernelState state, List<Fill> fills, List<TradeRecord> trades, List<Decision> decisions) {
                super.save(state, fills, trades, decisions);
                state.orders().orders().forEach(o -> written.add(o.intent().linkId()));
            }
        }, v -> new ForwardingVenue(v) {
            @Override
            public void submit(OrderIntent intent) {
                sent[0]++;
                if (!written.contains(intent.linkId()) || running.get().writes().savesPending() > 0) {
                    sentUnwritten.add(intent.linkId());
                }
                super.submit(intent);
            }
        }, st -> st);
        try (TradingSession s = TradingSession.onRecordedData(spec, MarketDataSource.of(tape), START - 60_000, a -> { },
                seams)) {
            running.set(s);
            s.run();
            assertThat(s.writes().savesPending()).isZero();
            assertThat(s.writes().written()).isPositive();
        }
        assertThat(sent[0]).as("orders sent").isGreaterThan(10);
        assertThat(sentUnwritten).as("orders sent before their state was written").isEmpty();
    }

    @Test
    void aStoppedSessionEndsAfterTheEventInHand(@TempDir Path dir) throws Exception {
        List<MarketEvent> tape = TickTape.of(34, START, 10, true, TickTape.SOL);
        Path store = dir.resolve("store");
        TradingSession.Spec spec = PaperSessionProcess.spec(store, PaperSessionCrashTest.rules(dir.resolve("rules")),
                ProjectDirs.cep());
        try (TradingSession s = TradingSession.onRecordedData(spec, MarketDataSource.of(tape), START - 60_000, a -> { })) {
            s.stop();
            s.run();
            assertThat(s.kernel().lastEventTime()).isLessThan(START);
            assertThat(Files.exists(store.resolve("journal.db"))).isTrue();
        }
    }
}
