package kairos.ops.journal;

import kairos.engine.execution.Fill;
import kairos.engine.execution.SimulatedVenue;
import kairos.engine.execution.TradeRecord;
import kairos.engine.execution.VenueStore;
import kairos.engine.kernel.Decision;
import kairos.engine.kernel.KernelState;
import kairos.engine.kernel.StateJournal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The session's state writer: in order, the newest venue state once, sync as the barrier (written by the writer's
 * thread or, when it is idle, by the caller), a failure stops it.
 */
class WriteBehindTest {
    final WriteBehind writes = new WriteBehind();
    final List<String> log = new CopyOnWriteArrayList<>();
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    boolean onThread;   // the log names the thread that wrote

    @AfterEach
    void close() {
        release.countDown();
        writes.close();
    }

    static KernelState state(long time) {
        return SqliteStateJournalTest.state(time, "h", 9_000);
    }

    static SimulatedVenue.State venue(long seq) {
        return new SimulatedVenue.State(List.of(), List.of(), List.of(), seq, seq, List.of(), List.of());
    }

    /** A journal that logs its saves; a save of time 0 waits for {@link #release}, one of time -1 fails. */
    StateJournal journal() {
        return new StateJournal() {
            @Override
            public Optional<KernelState> load() {
                return Optional.of(state(42));
            }

            @Override
            public void save(KernelState s, List<Fill> fills, List<TradeRecord> trades, List<Decision> decisions) {
                if (s.time() == 0) {
                    entered.countDown();
                    await(release);
                }
                if (s.time() == -1) {
                    throw new IllegalStateException("disk full");
                }
                log.add("K" + s.time() + (onThread ? " on " + Thread.currentThread().getName() : "")
                        + (fills.isEmpty() ? "" : " fills " + fills.stream().map(Fill::execId).toList())
                        + (trades.isEmpty() ? "" : " trades " + trades.stream().map(t -> t.id() + ">" + t.exitDecision()).toList())
                        + (decisions.isEmpty() ? "" : " decisions " + decisions.stream().map(Decision::id).toList()));
            }
        };
    }

    VenueStore store() {
        return new VenueStore() {
            @Override
            public Optional<SimulatedVenue.State> load() {
                return Optional.of(venue(7));
            }

            @Override
            public void save(SimulatedVenue.State state) {
                log.add("V" + state.execSeq());
            }
        };
    }

    static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(30, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void writesAreMadeInOrderAndSyncWaitsForThem() {
        StateJournal j = writes.journal(journal());
        VenueStore v = writes.venueStore(store());
        assertThat(j.load()).hasValueSatisfying(s -> assertThat(s.time()).isEqualTo(42));   // loads at once
        assertThat(v.load()).hasValueSatisfying(s -> assertThat(s.execSeq()).isEqualTo(7));
        j.save(state(0), List.of(), List.of(), List.of());   // the writer waits inside this one
        await(entered);
        v.save(venue(1));
        j.save(state(2), List.of(), List.of(), List.of());
        CompletableFuture<Void> synced = CompletableFuture.runAsync(j::sync);
        assertThat(synced).as("the writer is held inside the first save").isNotDone();
        assertThat(writes.savesPending()).isEqualTo(2);
        release.countDown();
        synced.join();
        assertThat(log).containsExactly("K0", "V1", "K2");
        assertThat(writes.savesPending()).isZero();
        assertThat(writes.written()).isEqualTo(3);
        assertThat(writes.waitedNanos()).isPositive();
    }

    @Test
    void venueStatesWaitingAreWrittenOnceTheNewestAndNeverAfterALaterJournalSave() {
        StateJournal j = writes.journal(journal());
        VenueStore v = writes.venueStore(store());
        j.save(state(0), List.of(), List.of(), List.of());
        await(entered);
        v.save(venue(1));
        j.save(state(3), List.of(), List.of(), List.of());
        v.save(venue(2));   // replaces state 1 ahead of the journal's save: the venue may be ahead, never behind
        release.countDown();
        j.sync();
        assertThat(log).containsExactly("K0", "V2", "K3");
        v.save(venue(4));   // nothing waiting any more: a write of its own
        j.sync();
        assertThat(log).endsWith("V4");
        assertThat(writes.written()).isEqualTo(4);
    }

    @Test
    void theSavesWaitingAreWrittenAsOneTransactionWithEveryFillTradeAndDecision() throws Exception {
        StateJournal j = writes.journal(journal());
        j.save(state(0), List.of(), List.of(), List.of());
        await(entered);
        j.save(state(1), List.of(SqliteStateJournalTest.fill("e1", 1)), List.of(SqliteJournalTest.trade("T1")),
                List.of(SqliteJournalTest.decision("d1", "accepted")));
        j.save(state(2), List.of(SqliteStateJournalTest.fill("e2", 2)),
                List.of(SqliteJournalTest.trade("T1").withExitDecision("d2"), SqliteJournalTest.trade("T2")),
                List.of(SqliteJournalTest.decision("d2", "accepted")));
        assertThat(writes.savesPending()).isEqualTo(3);
        release.countDown();
        writes.close();   // the writer's thread takes both at once (the decisions with them, or right after a sync)
        assertThat(log).hasSize(2);
        assertThat(log.get(1)).isEqualTo("K2 fills [e1, e2] trades [T1>d2, T2>] decisions [d1, d2]");
        assertThat(writes.savesPending()).isZero();
    }

    @Test
    void aSyncWritesWhatIsWaitingItselfAndLeavesTheDecisionRecordsToTheWriter() throws Exception {
        onThread = true;
        try (WriteBehind idle = new WriteBehind(Long.MAX_VALUE)) {   // its thread writes only when closed
            StateJournal j = idle.journal(journal());
            j.save(state(1), List.of(SqliteStateJournalTest.fill("e1", 1)), List.of(),
                    List.of(SqliteJournalTest.decision("d1", "accepted")));
            j.save(state(2), List.of(), List.of(), List.of(SqliteJournalTest.decision("d2", "accepted")));
            j.sync();
            assertThat(log).containsExactly("K2 on main fills [e1]");
            j.save(state(3), List.of(), List.of(), List.of());
            j.sync();   // the decisions left wait for the writer; the state they go with is the newest
            assertThat(log).containsExactly("K2 on main fills [e1]", "K3 on main");
            j.save(state(4), List.of(), List.of(), List.of(SqliteJournalTest.decision("d4", "accepted")));
            idle.flush();   // a session's end: everything, here
            assertThat(log).containsExactly("K2 on main fills [e1]", "K3 on main", "K4 on main decisions [d1, d2, d4]");
            j.save(state(5), List.of(), List.of(), List.of(SqliteJournalTest.decision("d5", "accepted")));
            j.sync();
            idle.close();   // the writer's thread writes what a sync left
            assertThat(log).endsWith("K5 on main", "K5 on kairos-state-writer decisions [d5]");
            assertThat(idle.savesPending()).isZero();
            assertThat(idle.written()).isEqualTo(5);
        }
    }

    @Test
    void aFailedWriteStopsTheWriterAndEverySaveAndSyncAfterItThrows() {
        StateJournal j = writes.journal(journal());
        VenueStore v = writes.venueStore(store());
        j.save(state(0), List.of(), List.of(), List.of());
        await(entered);
        j.save(state(-1), List.of(), List.of(), List.of());
        release.countDown();
        assertThatThrownBy(j::sync).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("could not be written, nothing more is sent: disk full")
                .hasRootCauseMessage("disk full");
        assertThat(log).as("nothing after the failed write").containsExactly("K0");
        assertThatThrownBy(() -> j.save(state(6), List.of(), List.of(), List.of())).hasMessageContaining("disk full");
        assertThatThrownBy(() -> v.save(venue(7))).hasMessageContaining("disk full");
        writes.close();   // quietly: the failure was raised already
    }

    @Test
    void closeWritesWhatIsWaitingThenRefusesMore() {
        StateJournal j = writes.journal(journal());
        j.save(state(0), List.of(), List.of(), List.of());
        await(entered);
        j.save(state(8), List.of(), List.of(), List.of());
        CompletableFuture<Void> closed = CompletableFuture.runAsync(writes::close);
        release.countDown();
        closed.join();
        assertThat(log).containsExactly("K0", "K8");
        assertThatThrownBy(() -> j.save(state(9), List.of(), List.of(), List.of()))
                .hasMessageContaining("writer is closed");
        j.sync();   // nothing waiting
    }

    @Test
    void anInterruptedSyncSendsNothingAndKeepsTheInterrupt() throws Exception {
        StateJournal j = writes.journal(journal());
        j.save(state(0), List.of(), List.of(), List.of());
        await(entered);
        Thread.currentThread().interrupt();
        assertThatThrownBy(j::sync).hasMessageContaining("interrupted while the session's state was being written");
        assertThat(Thread.interrupted()).isTrue();
    }

    @Test
    void aRealJournalWrittenBehindHoldsEverySaveAfterSync(@TempDir Path store) {
        try (SqliteStateJournal sqlite = SqliteStateJournal.open(store, "paper-wb", SqliteStateJournalTest.paper(),
                SqliteStateJournalTest.STARTED)) {
            StateJournal j = writes.journal(sqlite);
            for (int i = 1; i <= 50; i++) {
                j.save(state(i * 1_000L), List.of(SqliteStateJournalTest.fill("e" + i, i * 1_000L)), List.of(), List.of());
            }
            j.sync();
            assertThat(sqlite.load()).hasValueSatisfying(s -> assertThat(s.time()).isEqualTo(50_000));
            assertThat(sqlite.fillIds()).hasSize(50).startsWith("e1", "e2").endsWith("e50");
        }
    }
}
