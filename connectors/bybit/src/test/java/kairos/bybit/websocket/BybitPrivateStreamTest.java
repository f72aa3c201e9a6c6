package kairos.bybit.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import kairos.bybit.Fixtures;
import kairos.bybit.TestClock;
import kairos.bybit.http.BybitCredentials;

class BybitPrivateStreamTest {
    static final String KEY = "local-key";
    static final String SECRET = "local-secret";
    static final Duration WAIT = Duration.ofSeconds(10);

    LocalBybitPrivateServer server;
    TestClock clock = new TestClock(1_700_000_000_000L);
    final List<String> messages = new CopyOnWriteArrayList<>();
    final List<String> connection = new CopyOnWriteArrayList<>();
    final BybitPrivateStream.Handler handler = new BybitPrivateStream.Handler() {
        @Override
        public void onMessage(String text, long recvTs) {
            messages.add(text);
        }

        @Override
        public void onConnection(boolean up, String detail) {
            connection.add((up ? "up: " : "down: ") + detail);
        }
    };

    @BeforeEach
    void start() {
        server = new LocalBybitPrivateServer(KEY, SECRET);
    }

    @AfterEach
    void stop() throws InterruptedException {
        server.stop(1000);
    }

    BybitPrivateStream stream(long serverOffset) throws InterruptedException {
        return new BybitPrivateStream(server.startAndGetUri(), new BybitCredentials(KEY, SECRET),
                () -> clock.millis() + serverOffset, clock, new BybitPrivateStream.Settings(Duration.ofMillis(100),
                Duration.ofMillis(20), Duration.ofMillis(200), Duration.ofSeconds(10)), handler);
    }

    @Test
    void authenticatesSubscribesAndDoesBothAgainAfterEveryReconnect() throws Exception {
        server.afterSubscribe.add(Fixtures.read("ws_private_order.json"));
        try (BybitPrivateStream s = stream(3423)) {
            s.start();
            await().atMost(WAIT).until(() -> connection.size() == 1 && messages.size() == 1);
            assertThat(connection.getFirst()).startsWith("up: authenticated and subscribed to order, execution, position, wallet");
            assertThat(s.up()).isTrue();
            assertThat(server.lastExpires).as("expires from Bybit's time").isEqualTo(clock.millis() + 3423 + 10_000);
            assertThat(server.received).filteredOn(m -> m.contains("subscribe")).singleElement().asString()
                    .contains("\"args\":[\"order\",\"execution\",\"position\",\"wallet\"]");
            await().atMost(WAIT).until(() -> server.count("ping") >= 2);
            assertThat(messages).as("pongs are not passed on").hasSize(1);

            server.dropAll();
            await().atMost(WAIT).until(() -> connection.size() == 3);
            // the close frame, or a ping sent in the instant the server closed: either way one loss, then one reconnect
            assertThat(connection.get(1)).matches("down: (closed by server|send failed).*");
            assertThat(connection.get(2)).startsWith("up: ");
            assertThat(server.count("auth")).isEqualTo(2);
            assertThat(server.count("subscribe")).isEqualTo(2);
            assertThat(s.connections()).isEqualTo(2);
            await().atMost(WAIT).until(() -> messages.size() == 2);
        }
    }

    @Test
    void aRefusedKeyIsReportedDownOnceAndRetried() throws Exception {
        server.refuseAuth = true;
        try (BybitPrivateStream s = stream(0)) {
            s.start();
            await().atMost(WAIT).until(() -> server.count("auth") >= 3);
            assertThat(connection).singleElement().asString().startsWith("down: authentication refused by Bybit: "
                    + "Invalid apikey (check BYBIT_API_KEY / BYBIT_API_SECRET");
            assertThat(server.count("subscribe")).isZero();
            assertThat(s.up()).isFalse();
            server.refuseAuth = false;
            await().atMost(WAIT).until(() -> s.up());
            assertThat(connection.getLast()).startsWith("up: ");
        }
    }

    @Test
    void aSilentConnectionIsDroppedAndReplaced() throws Exception {
        try (BybitPrivateStream s = stream(0)) {
            s.start();
            await().atMost(WAIT).until(s::up);
            await().atMost(WAIT).until(() -> {
                clock.advance(Duration.ofSeconds(1));   // by this clock nothing arrives for ten ping intervals
                return s.connections() >= 2;
            });
            await().atMost(WAIT).until(s::up);
            assertThat(connection).anySatisfy(c -> assertThat(c).startsWith("down: nothing received for"));
        }
    }
}
