package kairos.app.cli;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * An open-loop HTTP/1.1 load generator for one GET on loopback, light enough not to be what it measures (the way
 * wrk2 measures): a request is due every {@code 1/rate} s and its latency counts from when it was due, so a stall of
 * the server (or of every connection being busy) is not hidden. {@code connections} keep-alive sockets, each on its
 * own virtual thread, take the due requests in turn; the request's bytes are written once, the answer is read to its
 * {@code Content-Length}. A request that fails, times out or answers other than 200 is an error (its socket is
 * opened anew).
 */
final class LoopbackLoad {
    /** The latencies in ns (one per request, due order), the number of failed requests and the first failure. */
    record Result(long[] latencies, long errors, String firstError) {
    }

    private final String host;
    private final int port;
    private final byte[] request;
    private final int connections;
    private final int timeoutMs;

    LoopbackLoad(String host, int port, String path, String bearer, int connections, int timeoutMs) {
        this.host = host;
        this.port = port;
        this.request = ("GET " + path + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\n"
                + (bearer == null ? "" : "Authorization: Bearer " + bearer + "\r\n")
                + "Accept: application/json\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        this.connections = connections;
        this.timeoutMs = timeoutMs;
    }

    /** {@code rate * seconds} requests, one due every {@code 1/rate} s from now. */
    Result run(int rate, int seconds) throws InterruptedException {
        int n = rate * seconds;
        long[] latencies = new long[n];
        AtomicInteger next = new AtomicInteger();
        AtomicLong errors = new AtomicLong();
        java.util.concurrent.atomic.AtomicReference<String> first = new java.util.concurrent.atomic.AtomicReference<>();
        long period = 1_000_000_000L / rate;
        long t0 = System.nanoTime() + 1_000_000;
        List<Thread> threads = new ArrayList<>(connections);
        for (int c = 0; c < connections; c++) {
            threads.add(Thread.ofVirtual().name("load-" + c).start(() -> {
                Connection conn = null;
                for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                    long due = t0 + i * period;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    }
                    String failure;
                    try {
                        if (conn == null) {
                            conn = new Connection();
                        }
                        int code = conn.get();
                        failure = code == 200 ? null : "HTTP " + code;
                    } catch (IOException | RuntimeException e) {
                        failure = e.toString();
                    }
                    latencies[i] = System.nanoTime() - due;
                    if (failure != null) {
                        errors.incrementAndGet();
                        first.compareAndSet(null, failure);
                        if (conn != null) {
                            conn.close();
                            conn = null;
                        }
                    }
                }
                if (conn != null) {
                    conn.close();
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        return new Result(latencies, errors.get(), first.get());
    }

    private final class Connection {
        private final Socket socket = new Socket();
        private final OutputStream out;
        private final InputStream in;
        private final StringBuilder line = new StringBuilder(128);

        Connection() throws IOException {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(timeoutMs);
            socket.connect(new InetSocketAddress(host, port), timeoutMs);
            out = socket.getOutputStream();
            in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
        }

        /** One request and its whole answer; the status code. */
        int get() throws IOException {
            out.write(request);
            out.flush();
            String status = readLine();
            if (!status.startsWith("HTTP/1.1 ") || status.length() < 12) {
                throw new IOException("not an HTTP/1.1 answer: " + status);
            }
            int code = Integer.parseInt(status.substring(9, 12));
            long length = -1;
            boolean chunked = false;
            for (String h = readLine(); !h.isEmpty(); h = readLine()) {
                int colon = h.indexOf(':');
                String name = colon > 0 ? h.substring(0, colon).strip().toLowerCase(Locale.ROOT) : "";
                String value = colon > 0 ? h.substring(colon + 1).strip().toLowerCase(Locale.ROOT) : "";
                if (name.equals("content-length")) {
                    length = Long.parseLong(value);
                } else if (name.equals("transfer-encoding") && value.contains("chunked")) {
                    chunked = true;
                }
            }
            if (chunked) {
                for (long size = chunk(); size > 0; size = chunk()) {
                    in.skipNBytes(size);
                    readLine();
                }
                while (!readLine().isEmpty()) {
                    // trailers: none expected
                }
            } else if (length >= 0) {
                in.skipNBytes(length);
            } else {
                throw new IOException("neither Content-Length nor chunked in the answer");
            }
            return code;
        }

        private long chunk() throws IOException {
            String size = readLine();
            int ext = size.indexOf(';');
            return Long.parseLong((ext < 0 ? size : size.substring(0, ext)).strip(), 16);
        }

        private String readLine() throws IOException {
            line.setLength(0);
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0) {
                    throw new IOException("connection closed");
                }
                if (b != '\r') {
                    line.append((char) b);
                }
            }
            return line.toString();
        }

        void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing a socket that failed: nothing to do
            }
        }
    }
}
