package kairos.engine.kernel;

import kairos.engine.backtest.BacktestRun;
import kairos.engine.backtest.BacktestSpec;
import kairos.engine.cep.CepEngine;
import kairos.engine.domain.MarketEvent;
import kairos.engine.domain.Timeframe;
import kairos.engine.execution.DeliveryModel;
import kairos.engine.execution.ExecutionPolicy;
import kairos.engine.execution.ExecutionVenue;
import kairos.engine.execution.Fill;
import kairos.engine.execution.OrderIntent;
import kairos.engine.execution.Portfolio;
import kairos.engine.execution.SimulatedVenue;
import kairos.engine.execution.VenueHealthReport;
import kairos.engine.execution.VenueModel;
import kairos.engine.risk.HaltLimits;
import kairos.engine.risk.RiskGuard;
import kairos.engine.risk.RiskLimits;
import kairos.engine.rules.RuleEngine;
import kairos.engine.rules.VenueHealth;
import kairos.engine.testing.LiveKernel;
import kairos.engine.testing.ProjectDirs;
import kairos.engine.testing.TestRules;
import kairos.engine.testing.TickTape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The live loop: market batches posted by a stream's thread decide exactly as the same batches pulled from a
 * recording (the proof that a session and its replay are one kernel); a real venue's timeouts run on the wall
 * clock, not on the market's time; a silent feed moves event time on and is a risk event; history teaches the
 * features and decides nothing.
 */
class KernelLiveLoopTest {
    static final long START = KernelEventsTest.START;

    /** The tape as it would arrive: the events of each instant in one message. */
    static List<MarketBatch> batches(List<MarketEvent> tape) {
        List<MarketBatch> out = new ArrayList<>();
        List<MarketEvent> current = new ArrayList<>();
        for (MarketEvent e : tape) {
            if (!current.isEmpty() && current.getLast().time() != e.time()) {
                out.add(MarketBatch.of(current, current.getLast().time()));
                current = new ArrayList<>();
            }
            current.add(e);
        }
        if (!current.isEmpty()) {
            out.add(MarketBatch.of(current, current.getLast().time()));
        }
        return out;
    }

    static BatchSource pull(List<MarketBatch> batches) {
        var it = batches.iterator();
        return new BatchSource() {
            @Override
            public MarketBatch next() {
                return it.hasNext() ? it.next() : null;
            }

            @Override
            public boolean finished() {
                return !it.hasNext();
            }
        };
    }

    @Test
    void batchesPostedByAStreamDecideAsTheSameBatchesReplayed(@TempDir Path tmp) throws Exception {
        Path rules = TestRules.enterAndLeave(tmp.resolve("rules"), false);
        List<MarketEvent> tape = TickTape.of(21, START, 130, true, TickTape.SOL, TickTape.BTC);
        List<MarketBatch> batches = batches(tape);
        BacktestSpec spec = KernelEventsTest.spec(tape, rules);

        List<Decision> replayed;
        List<Fill> replayedFills;
        try (BacktestRun run = new BacktestRun(spec, pull(batches), DeliveryModel.PERFECT)) {
            run.replay(n -> { }, Long.MAX_VALUE);
            replayed = run.decisions();
            replayedFills = run.venue().executions();
        }

        AtomicLong wall = new AtomicLong(0);   // a frozen wall: no silence, no wall timers with a simulated venue
        try (LiveKernel live = new LiveKernel(rules, null, wall, true)) {
            for (MarketBatch b : batches) {
                live.kernel.inbox().post(b);
            }
            live.drain();
            assertThat(replayed).as("decisions").isNotEmpty()
                    .anyMatch(d -> d.trigger().equals(Decision.FILL))
                    .anyMatch(d -> d.verdict().status().equals("accepted"))
                    .anyMatch(d -> d.verdict().status().equals("exit"));
            assertThat(live.decisions).as("every decision: id, trigger, rules fired, verdict, facts")
                    .containsExactlyElementsOf(replayed);
            assertThat(live.simulated().executions()).as("fill by fill").isEqualTo(replayedFills);
        }
    }

    /** A venue that takes every request and never answers. */
    static final class SilentVenue implements ExecutionVenue {
        final List<String> calls = new CopyOnWriteArrayList<>();

        @Override
        public void submit(OrderIntent intent) {
            calls.add("submit " + intent.linkId());
        }

        @Override
        public void amend(String linkId, String symbol, BigDecimal price, BigDecimal qty) {
            calls.add("amend " + linkId);
        }

        @Override
        public void cancel(String linkId, String symbol) {
            calls.add("cancel " + linkId);
        }

        @Override
        public void cancelAll(String symbol) {
            calls.add("cancelAll " + symbol);
        }

        @Override
        public void query(String linkId, String symbol) {
            calls.add("query " + linkId);
        }

        @Override
        public void reconcile(long since) {
            calls.add("reconcile");
        }
    }

    @Test
    void aRealVenuesTimeoutsRunOnTheWallClockWhateverTheMarketsPace(@TempDir Path tmp) throws Exception {
        Path rules = TestRules.enterAndLeave(tmp.resolve("rules"), false);
        SilentVenue venue = new SilentVenue();
        AtomicLong wall = new AtomicLong(1_000_000);
        try (LiveKernel live = new LiveKernel(rules, venue, wall, false)) {
            live.drain();
            assertThat(venue.calls).containsExactly("reconcile");
            // an hour of market passes in no wall time: the reconciliation is not retried, no timeout fires
            for (MarketBatch b : batches(TickTape.of(3, START, 60, true, TickTape.SOL))) {
                live.kernel.inbox().post(b);
            }
            live.drain();
            assertThat(venue.calls).containsExactly("reconcile");
            assertThat(live.kernel.isReconciling()).isTrue();
            assertThat(live.decisions).as("no decision before the venue answered").isEmpty();
            // the wall clock reaches the retry (3 ack timeouts): asked again
            wall.addAndGet(3 * ExecutionPolicy.DEFAULT.ackTimeoutMs());
            live.drain();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(venue.calls).containsExactly("reconcile", "reconcile"));
        }
    }

    @Test
    void aSilentFeedMovesEventTimeOnAndIsARiskEvent(@TempDir Path tmp) throws Exception {
        Path rules = TestRules.enterAndLeave(tmp.resolve("rules"), true);
        AtomicLong wall = new AtomicLong(0);
        List<MarketEvent> tape = TickTape.of(4, START, 30, true, TickTape.SOL, TickTape.BTC);
        try (LiveKernel live = new LiveKernel(rules, null, wall, true)) {
            for (MarketBatch b : batches(tape)) {
                live.kernel.inbox().post(b);
            }
            live.drain();
            long last = live.clock.millis();
            assertThat(last).isEqualTo(tape.getLast().time());
            int before = live.decisions.size();
            // the stream stops; 15 s of wall time pass
            wall.addAndGet(15_000);
            live.kernel.inbox().post(new MarketBatch(List.of(), false, 0));
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(live.clock.millis()).isGreaterThanOrEqualTo(last + 10_000);
                assertThat(new ArrayList<>(live.decisions).subList(before, live.decisions.size()))
                        .as("the heartbeat found the feed silent").anyMatch(d -> d.trigger().equals(Decision.RISK_EVENT));
            });
            // it stays silent for 30 s more: still the one risk event, not one at every heartbeat
            wall.addAndGet(30_000);
            live.kernel.inbox().post(new MarketBatch(List.of(), false, 0));
            await().atMost(Duration.ofSeconds(10)).until(() -> live.clock.millis() >= last + 40_000);
            live.drain();
            assertThat(new ArrayList<>(live.decisions).subList(before, live.decisions.size()).stream()
                    .filter(d -> d.trigger().equals(Decision.RISK_EVENT)).count())
                    .as("risk events during 45 s of silence").isBetween(1L, 2L);
        }
    }

    @Test
    void statusIsAnsweredWithinALongBackFill(@TempDir Path tmp) throws Exception {
        Path rules = TestRules.enterAndLeave(tmp.resolve("rules"), true);
        List<MarketEvent> bars = TickTape.of(6, START, 3 * 24 * 60, true, TickTape.SOL, TickTape.BTC).stream()
                .filter(e -> e instanceof MarketEvent.BarClose).toList();
        long last = bars.getLast().time();
        try (LiveKernel live = new LiveKernel(rules, null, new AtomicLong(0), true)) {
            live.kernel.inbox().post(new MarketBatch(bars, true, 0));   // three days of 1m bars: seconds of work
            KernelStatus status = live.kernel.control().statusNow().get(60, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(status.time()).as("answered between two bars of the back-fill, not after it").isLessThan(last);
            live.drain();
        }
    }

    @Test
    void historyTeachesTheFeaturesAndDecidesNothing(@TempDir Path tmp) throws Exception {
        Path rules = TestRules.enterAndLeave(tmp.resolve("rules"), true);
        List<MarketEvent> tape = TickTape.of(5, START, 150, true, TickTape.SOL, TickTape.BTC);
        List<MarketEvent> bars = tape.stream().filter(e -> e instanceof MarketEvent.BarClose).toList();
        long split = START + 120 * 60_000;
        AtomicLong wall = new AtomicLong(0);
        try (LiveKernel live = new LiveKernel(rules, null, wall, true)) {
            live.kernel.inbox().post(new MarketBatch(bars.stream().filter(b -> b.time() <= split).toList(), true, 0));
            live.drain();
            assertThat(live.decisions).isEmpty();
            assertThat(live.kernel.barsProcessed()).isZero();
            assertThat(live.kernel.equityCurve().isEmpty()).isTrue();
            for (MarketBatch b : batches(tape.stream().filter(e -> e.time() > split).toList())) {
                live.kernel.inbox().post(b);
            }
            live.drain();
            // warm from the history: the first bar close after it sees a 21-bar EMA of 5m bars, which 30 minutes
            // of data alone could not give
            assertThat(live.decisions).isNotEmpty();
            Decision first = live.decisions.getFirst();
            assertThat(first.ts()).isEqualTo(java.time.Instant.ofEpochMilli(split + 5 * 60_000).toString());
            assertThat(first.facts()).contains("ema_21=1", "rsi_14=", "atr_14=").doesNotContain("ema_21=NaN", "rsi_14=NaN");
            assertThat(live.kernel.barsProcessed()).isEqualTo(30);
        }
    }

    @Test
    void venueHealthReachesTheHaltsThroughTheInbox(@TempDir Path tmp) throws Exception {
        Path rules = TestRules.enterAndLeave(tmp.resolve("rules"), false);
        AtomicLong wall = new AtomicLong(0);
        List<MarketEvent> tape = TickTape.of(21, START, 100, true, TickTape.SOL, TickTape.BTC);
        try (LiveKernel live = new LiveKernel(rules, null, wall, false)) {
            live.kernel.inbox().post(new VenueHealthReport(new VenueHealth("SOLUSDT", true, 0, 0, false,
                    Double.POSITIVE_INFINITY), 0));
            for (MarketBatch b : batches(tape)) {
                live.kernel.inbox().post(b);
            }
            live.drain();
            assertThat(live.decisions).isNotEmpty().noneMatch(d -> d.verdict().status().equals("accepted"));
            assertThat(live.decisions).anyMatch(d -> d.verdict().reason().contains("maintenance"));
        }
    }
}
