package kairos.ops.metrics;

import com.fasterxml.jackson.databind.ObjectMapper;
import kairos.engine.backtest.DecisionsJsonl;
import kairos.engine.domain.Side;
import kairos.engine.execution.Fill;
import kairos.engine.execution.OrderPurpose;
import kairos.engine.kernel.Decision;
import kairos.engine.kernel.KernelStatus;
import kairos.engine.kernel.Notifier;
import kairos.ops.api.SessionStreams;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** What a session's metrics count and expose, and what its streams send to subscribers. */
class SessionMetricsTest {
    static Decision decision(String id) throws Exception {
        return DecisionsJsonl.fromJson("{\"id\":\"" + id + "\",\"ts\":\"2025-05-04T15:35:00Z\",\"symbol\":\"SOLUSDT\","
                + "\"trigger\":\"bar_close\",\"rules_fired\":[\"Entry: momentum\",\"Size: base\"],"
                + "\"vetoes\":[{\"tier\":\"market\",\"rule\":\"Market: trend\",\"reason\":\"flat\"}],\"proposal\":null,"
                + "\"verdict\":{\"status\":\"rejected\",\"reason\":\"r\"},\"ruleset_hash\":\"abc\",\"model_version\":\"none\"}");
    }

    static Fill fill() {
        return new Fill("e1", "kSOL-1", "SOLUSDT", Side.Buy, new BigDecimal("2.5"), new BigDecimal("150.1"), 0.21,
                false, 1_000, OrderPurpose.ENTRY, "entry");
    }

    static KernelStatus status(double equity) {
        return new KernelStatus("paper", false, null, List.of("SOLUSDT"), equity, 9_000, List.of(new KernelStatus.PositionView(
                "SOLUSDT", "Buy", new BigDecimal("2.5"), 150.1, 12.5, 145, "momentum")), 2, "abc", "none", true, true,
                1_000, null);
    }

    @Test
    void everyCounterGaugeAndHistogramIsExposedWithTheKairosPrefix() throws Exception {
        SessionMetrics m = new SessionMetrics(10_000);
        AtomicLong tapped = new AtomicLong(-1);
        m.tapDecisionLatency(tapped::set);
        m.onStatus(status(10_200));
        m.onStatus(status(9_690));   // 5% below the peak
        m.onDecision(decision("SOLUSDT-1"), 2_000_000);
        m.onDecision(decision("SOLUSDT-2"), -1);   // not measured: counted, not timed
        m.onPattern("MomentumBurst");
        m.onFill(fill());
        m.onOrder("SOLUSDT", 3_000_000);
        m.onFeedLag(40);
        m.onPrice("SOLUSDT", 150.2);
        m.onFeedStatus("connected");
        m.onFeedStatus("disconnected");
        m.onAlert(new Notifier.Alert(Notifier.Level.CRITICAL, "ORDER_REJECTED", "SOLUSDT", 1_000, "refused"));
        m.onAlert(new Notifier.Alert(Notifier.Level.INFO, "VENUE_CONNECTED", null, 1_000, "up"));
        m.rateLimitHeadroom(() -> 0.25);
        assertThat(tapped.get()).isEqualTo(2_000_000);
        assertThat(m.prices()).containsEntry("SOLUSDT", 150.2);
        String text = m.scrape();
        assertThat(text.lines().filter(l -> !l.startsWith("#") && !l.isBlank())).allMatch(l -> l.startsWith("kairos_"));
        assertThat(text).contains("kairos_decisions_total", "verdict=\"rejected\"", "kairos_rule_firings_total",
                "rule=\"Entry: momentum\"", "kairos_vetoes_total", "kairos_cep_patterns_total",
                "statement=\"MomentumBurst\"", "kairos_fills_total", "kairos_api_errors_total", "type=\"ORDER_REJECTED\"",
                "kairos_reconnects_total", "kairos_equity", "kairos_open_positions", "kairos_decision_latency_seconds",
                "kairos_tick_to_order_latency_seconds", "kairos_feed_lag_seconds");
        assertThat(text).containsPattern("(?m)^kairos_venue_rate_limit_headroom\\{app=\"kairos\"} 0\\.25$");
        assertThat(m.snapshot().toString()).contains("SOLUSDT");
        assertThat(m.registry()).isNotNull();
    }

    @Test
    void streamsSendTheBacklogThenLiveMessagesAndDropAClientThatFails() throws Exception {
        try (SessionStreams streams = new SessionStreams()) {
            streams.decision(decision("SOLUSDT-1"));
            streams.fill(fill());
            streams.metrics(new ObjectMapper().createObjectNode().put("equity", 1));
            List<String> got = new CopyOnWriteArrayList<>();
            SessionStreams.Subscriber client = msg -> got.add(msg);
            streams.subscribe(SessionStreams.Topic.DECISIONS, client);
            streams.subscribe(SessionStreams.Topic.FILLS, client);
            streams.subscribe(SessionStreams.Topic.METRICS, client);
            await().until(() -> got.size() == 3);
            assertThat(got).allMatch(s -> s.contains("\"backlog\":true"));
            assertThat(streams.subscribers(SessionStreams.Topic.DECISIONS)).isEqualTo(1);
            SessionStreams.Subscriber broken = msg -> false;
            streams.subscribe(SessionStreams.Topic.DECISIONS, broken);
            streams.decision(decision("SOLUSDT-2"));
            await().until(() -> got.size() == 4);
            assertThat(got.getLast()).contains("\"backlog\":false", "SOLUSDT-2", "decision");
            await().until(() -> streams.subscribers(SessionStreams.Topic.DECISIONS) == 1);
            streams.unsubscribe(SessionStreams.Topic.DECISIONS, client);
            assertThat(streams.subscribers(SessionStreams.Topic.DECISIONS)).isZero();
            assertThat(streams.sent()).as("live messages sent (the backlog not counted)").isEqualTo(1);
            assertThat(SessionStreams.Topic.DECISIONS.path()).contains("decisions");
        }
    }
}
