package kairos.app.cli;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

import static org.assertj.core.api.Assertions.assertThat;

/** The load generator of {@code bench api} against a hand-written HTTP/1.1 server: framing, keep-alive, errors. */
class LoopbackLoadTest {
    /** Answers the n-th request (from 0, over all connections) with {@code answer.apply(n)}; null closes the socket. */
    private static final class Server implements AutoCloseable {
        final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        final AtomicInteger requests = new AtomicInteger();
        final AtomicInteger connections = new AtomicInteger();
        final List<String> heads = new CopyOnWriteArrayList<>();

        Server(IntFunction<String> answer) throws IOException {
            Thread.ofVirtual().start(() -> {
                while (!socket.isClosed()) {
                    try {
                        Socket s = socket.accept();
                        connections.incrementAndGet();
                        Thread.ofVirtual().start(() -> serve(s, answer));
                    } catch (IOException e) {
                        return;
                    }
                }
            });
        }

        private void serve(Socket s, IntFunction<String> answer) {
            try (s; BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII))) {
                OutputStream out = s.getOutputStream();
                while (true) {
                    StringBuilder head = new StringBuilder();
                    for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                        head.append(line).append('\n');
                    }
                    if (head.isEmpty()) {
                        return;
                    }
                    heads.add(head.toString());
                    String a = answer.apply(requests.getAndIncrement());
                    if (a == null) {
                        return;
                    }
                    out.write(a.getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
            } catch (IOException e) {
                // the client went away
            }
        }

        int port() {
            return socket.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    private static final String OK = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 11\r\n\r\n{\"ok\":true}";
    private static final String CHUNKED = "HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n"
            + "4;ext=1\r\n{\"ok\r\n7\r\n\":true}\r\n0\r\n\r\n";

    @Test
    void keepsItsConnectionsAliveAndReadsBothFramings() throws Exception {
        try (Server server = new Server(n -> n % 2 == 0 ? OK : CHUNKED)) {
            LoopbackLoad load = new LoopbackLoad("127.0.0.1", server.port(), "/status", "tok", 2, 5_000);
            LoopbackLoad.Result r = load.run(200, 1);
            assertThat(r.errors()).as(r.firstError()).isZero();
            assertThat(r.latencies()).hasSize(200);
            assertThat(java.util.Arrays.stream(r.latencies()).min().orElseThrow()).isPositive();
            assertThat(server.requests).hasValue(200);
            assertThat(server.connections).as("keep-alive: one socket per connection").hasValue(2);
            assertThat(server.heads.getFirst()).startsWith("GET /status HTTP/1.1\n")
                    .contains("Authorization: Bearer tok\n", "Host: 127.0.0.1:" + server.port());
        }
    }

    @Test
    void countsEveryFailureAndReconnectsAfterOne() throws Exception {
        try (Server server = new Server(n -> switch (n) {
            case 1 -> "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n";
            case 2 -> null;
            case 3 -> "HTTP/1.1 200 OK\r\n\r\n";
            case 4 -> "HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n";
            default -> OK;
        })) {
            LoopbackLoad load = new LoopbackLoad("127.0.0.1", server.port(), "/health", null, 1, 5_000);
            LoopbackLoad.Result r = load.run(100, 1);
            assertThat(r.errors()).isEqualTo(4);
            assertThat(r.firstError()).isEqualTo("HTTP 503");
            assertThat(server.requests).hasValue(100);
            assertThat(server.connections).as("a new socket after each failure").hasValue(5);
            assertThat(server.heads.getFirst()).doesNotContain("Authorization");
        }
    }

    @Test
    void aServerThatIsNotThereIsAnErrorPerRequest() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        LoopbackLoad.Result r = new LoopbackLoad("127.0.0.1", port, "/status", "t", 2, 1_000).run(20, 1);
        assertThat(r.errors()).isEqualTo(20);
        assertThat(r.firstError()).contains("Connect");
    }
}
