package kairos.bybit.sim;

import com.fasterxml.jackson.databind.JsonNode;
import kairos.bybit.parsing.BybitPublicMessages;
import kairos.bybit.websocket.StreamRecorder;
import kairos.engine.domain.Bar;
import kairos.engine.domain.FundingRate;
import kairos.engine.domain.MarketEvent;
import kairos.engine.domain.Side;
import kairos.engine.testing.TickTape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static kairos.bybit.sim.WsProbe.onTopic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class SimTapeAndClockTest extends SimTestBase {

    /** A wall clock the test moves. */
    static final class MovableClock extends Clock {
        final AtomicLong millis = new AtomicLong(Instant.parse("2026-01-01T00:00:00Z").toEpochMilli());

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis.get());
        }
    }

    @Test
    void steppingPlaysOneTapeTimeAtATimeAndTheSeededTapeReachesTheClientIntact() throws Exception {
        List<MarketEvent> events = TickTape.of(42, T0, 3, false, TickTape.SOL);
        start(builder().tape(MarketTape.of(events)));
        assertThat(sim.now()).isLessThanOrEqualTo(events.get(0).time());
        try (WsProbe ws = WsProbe.open(sim.publicWsUrl()).seenBy(sim)) {
            ws.send("{\"op\":\"subscribe\",\"args\":[\"publicTrade.SOLUSDT\"]}");
            ws.awaitMessage(m -> "subscribe".equals(m.path("op").asText()));
            int steps = 0;
            while (sim.step()) {
                steps++;
            }
            assertThat(sim.tapeFinished()).isTrue();
            assertThat(steps).isGreaterThan(36);
            List<MarketEvent.Trade> trades = events.stream().filter(e -> e instanceof MarketEvent.Trade).map(e -> (MarketEvent.Trade) e).toList();
            ws.awaitCount(onTopic("publicTrade.SOLUSDT"), trades.size());
            BybitPublicMessages parser = new BybitPublicMessages();
            List<MarketEvent> parsed = new ArrayList<>();
            ws.texts.forEach(t -> parser.parse(t, 0, parsed::add));
            assertThat(parsed).hasSize(trades.size());
            for (int i = 0; i < trades.size(); i++) {
                MarketEvent.Trade p = (MarketEvent.Trade) parsed.get(i);
                assertThat(p.time()).isEqualTo(trades.get(i).time());
                assertThat(p.price()).isEqualTo(trades.get(i).price());
                assertThat(p.side()).isEqualTo(trades.get(i).side());
            }
        }
        assertThatThrownBy(() -> sim.advanceTo(T0)).hasMessageContaining("back in time");
    }

    @Test
    void pacedPlaysTheTapeAtTheSpeedFactorOfTheWallClock() throws Exception {
        MovableClock wall = new MovableClock();
        start(builder().wallClock(wall).tape(MarketTape.randomWalk(3, SOL, 150, 0.01, T0, 10)));
        long start = sim.now();
        sim.pace(60);
        assertThatThrownBy(() -> sim.pace(2)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> sim.step()).hasMessageContaining("paced");
        wall.millis.addAndGet(1_000);
        await().atMost(Duration.ofSeconds(20)).until(() -> sim.now() >= start + 60_000);
        assertThat(sim.now()).isLessThan(start + 120_000);
        SimClient.Reply k = client.publicGet("/v5/market/kline", "category=linear&symbol=SOLUSDT&interval=1&limit=1");
        assertThat(k.result().path("list").get(0).get(0).asLong()).isEqualTo(start + 60_000);
        sim.stopPacing();
        long stopped = sim.now();
        wall.millis.addAndGet(10_000);
        sim.advanceBy(Duration.ofSeconds(1));
        assertThat(sim.now()).isEqualTo(stopped + 1_000);
    }

    @Test
    void barsBecomeHistoryBeforeTheReplayStartAndTradesAfterIt() {
        List<Bar> bars = List.of(new Bar(T0 - 60_000, 100, 101, 99, 100.5, 10), new Bar(T0, 100.5, 102, 100, 101, 12),
                new Bar(T0 + 60_000, 101, 101.5, 100.2, 100.8, 8));
        MarketTape tape = MarketTape.fromBars(SOL, bars, List.of(new FundingRate(T0 - 1, 0.0001), new FundingRate(T0 + 1, 0.0002)),
                T0, 9, 6);
        assertThat(tape.history().get(SOL)).hasSize(1);
        assertThat(tape.fundingHistory().get(SOL)).hasSize(1);
        assertThat(tape.events()).filteredOn(e -> e instanceof MarketEvent.Trade).hasSize(12);
        assertThat(tape.events()).filteredOn(e -> e instanceof MarketEvent.Funding f && f.settlement()).hasSize(1);
        assertThat(tape.start()).isEqualTo(T0);
        assertThat(MarketTape.fromBars(SOL, bars, List.of(), T0, 9, 6).events())
                .as("seeded: the same trades").isEqualTo(MarketTape.fromBars(SOL, bars, List.of(), T0, 9, 6).events());
        assertThatThrownBy(() -> MarketTape.fromBars(SOL, List.of(new Bar(T0 + 1, 1, 1, 1, 1, 1)), List.of(), T0, 1, 4))
                .hasMessageContaining("1m");
        MarketTape both = tape.and(MarketTape.randomWalk(1, "BTCUSDT", 95_000, 0.1, T0, 2));
        assertThat(both.history()).containsKeys(SOL, "BTCUSDT");
        assertThat(both.events().size()).isGreaterThan(tape.events().size());
        assertThat(MarketTape.of(List.of()).start()).isZero();
        assertThat(MarketTape.of(List.of()).withHistory(SOL, bars).start()).isEqualTo(T0 + 120_000);
    }

    @Test
    void aRecordingPlaysBackThroughTheLiveParser(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("rec.jsonl.gz");
        try (StreamRecorder rec = new StreamRecorder(file)) {
            rec.onMessage("{\"topic\":\"publicTrade.SOLUSDT\",\"type\":\"snapshot\",\"ts\":" + (T0 + 5) + ",\"data\":[{\"T\":" + (T0 + 5)
                    + ",\"s\":\"SOLUSDT\",\"S\":\"Buy\",\"v\":\"1.5\",\"p\":\"150.10\",\"L\":\"PlusTick\",\"i\":\"x\",\"BT\":false}]}", T0 + 9);
            rec.onMessage("{\"success\":true,\"ret_msg\":\"pong\",\"op\":\"ping\"}", T0 + 10);
        }
        MarketTape tape = MarketTape.fromRecording(file);
        assertThat(tape.events()).singleElement().isInstanceOf(MarketEvent.Trade.class);
        start(builder().tape(tape));
        sim.playToEnd();
        assertThat(sim.lastPrice(SOL)).contains(dec("150.10"));
    }

    @Test
    void aScriptedEventForAnUnlistedSymbolIsRefused() {
        start(builder());
        assertThatThrownBy(() -> sim.inject(new MarketEvent.Trade("DOGEUSDT", T0, 0, 1, 1, Side.Buy)))
                .hasMessageContaining("DOGEUSDT is not listed");
        assertThatThrownBy(() -> SimInstrument.known("DOGEUSDT")).hasMessageContaining("no default contract");
        assertThatThrownBy(() -> SimInstrument.of("SOLUSD", "0.01", "0.1", "0.1", "5")).hasMessageContaining("USDT");
        assertThat(SimInstrument.of(new kairos.engine.domain.Instrument(SOL, dec("0.01"), dec("0.1"), dec("0.1"), dec("5"))))
                .isEqualTo(SimInstrument.known(SOL));
        assertThat(SimInstrument.known(SOL).withMaxLeverage(dec("25")).maxLeverage()).isEqualByComparingTo("25");
        assertThatThrownBy(() -> new ApiKey("", "s", false, java.util.Map.of(), List.of())).hasMessageContaining("key and a secret");
    }

    @Test
    void theBuilderRefusesNonsense() {
        assertThatThrownBy(() -> BybitSimulator.builder().slippageTicks(-1)).hasMessageContaining("slippage");
        assertThatThrownBy(() -> BybitSimulator.builder().maxFillFraction(0)).hasMessageContaining("fraction");
        start(builder());
        assertThatThrownBy(() -> sim.start()).isInstanceOf(IllegalStateException.class);
        assertThat(sim.restUrl().getHost()).isEqualTo("127.0.0.1");
        assertThat(sim.publicWsUrl().getPath()).isEqualTo("/v5/public/linear");
        assertThat(sim.privateWsUrl().getPath()).isEqualTo("/v5/private");
        assertThat(sim.positions()).isEmpty();
        assertThat(sim.order("none")).isEmpty();
    }

    @Test
    void twoRunsOfTheSameTapeAndSeedGiveTheSameIdentifiers() throws Exception {
        List<String> first = run();
        sim.close();
        List<String> second = run();
        assertThat(second).isEqualTo(first);
    }

    private List<String> run() throws Exception {
        start(builder().seed(5).tape(MarketTape.randomWalk(5, SOL, 150, 0.01, T0, 3)));
        sim.advanceTo(T0 + 1_000);
        place("\"side\":\"Buy\",\"orderType\":\"Market\",\"qty\":\"1\"");
        sim.advanceTo(T0 + 60_000);
        List<String> out = new ArrayList<>();
        sim.orders().forEach(o -> out.add(o.orderId()));
        sim.executions().forEach(e -> out.add(e.execId() + " " + e.execPrice()));
        JsonNode trades = client.publicGet("/v5/market/recent-trade", "category=linear&symbol=SOLUSDT").result().path("list");
        trades.forEach(t -> out.add(t.path("execId").asText()));
        return out;
    }
}
