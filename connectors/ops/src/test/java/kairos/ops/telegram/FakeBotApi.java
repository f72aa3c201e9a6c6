package kairos.ops.telegram;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A local Telegram Bot API server on 127.0.0.1 (JDK HttpServer) answering what camel-telegram calls:
 * {@code GET /bot<token>/getUpdates?offset&limit&timeout} from a queue of test messages (at once, no long poll),
 * {@code POST /bot<token>/sendMessage} (JSON) and {@code POST /bot<token>/sendPhoto} (multipart/form-data), which
 * it records. A wrong token gets Telegram's 401; {@link #tooManyRequests} makes it answer 429 with {@code retry_after},
 * {@link #badRequests} 400 (what Telegram answers for a chat the bot may not write to), {@link #unavailable} 502.
 */
public final class FakeBotApi implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the bot sent: {@code photo} is null for a text message. */
    public record Sent(String method, String chatId, String text, byte[] photo) {
    }

    private final String token;
    private final HttpServer server;
    private final List<ObjectNode> updates = new CopyOnWriteArrayList<>();
    public final List<Sent> sent = new CopyOnWriteArrayList<>();
    public final List<String> paths = new CopyOnWriteArrayList<>();
    private final AtomicLong nextUpdate = new AtomicLong(1);
    private final java.util.concurrent.atomic.AtomicInteger tooManyRequests = new java.util.concurrent.atomic.AtomicInteger();
    private volatile int retryAfterSeconds;
    private final java.util.concurrent.atomic.AtomicInteger badRequests = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicInteger unavailable = new java.util.concurrent.atomic.AtomicInteger();
    private volatile boolean pollsUnavailable;
    /** How many getUpdates calls were made. */
    public final java.util.concurrent.atomic.AtomicInteger polls = new java.util.concurrent.atomic.AtomicInteger();
    /** How many sendMessage calls were answered 429, 400 or 502. */
    public final java.util.concurrent.atomic.AtomicInteger refused = new java.util.concurrent.atomic.AtomicInteger();

    public FakeBotApi(String token) throws IOException {
        this.token = token;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(2));
        server.createContext("/", this::handle);
        server.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Queues a text message from {@code userId} in {@code chatId}. */
    public void message(long chatId, long userId, String text) {
        long id = nextUpdate.getAndIncrement();
        ObjectNode u = JSON.createObjectNode();
        u.put("update_id", id);
        ObjectNode m = u.putObject("message");
        m.put("message_id", id);
        m.put("date", 1_746_000_000L);
        m.putObject("chat").put("id", chatId).put("type", chatId < 0 ? "group" : "private");
        m.putObject("from").put("id", userId).put("is_bot", false).put("first_name", "trader");
        m.put("text", text);
        updates.add(u);
    }

    /** The next {@code count} sendMessage calls get Telegram's 429 with {@code retry_after} seconds. */
    public void tooManyRequests(int count, int retryAfter) {
        this.retryAfterSeconds = retryAfter;
        tooManyRequests.set(count);
    }

    /** The next {@code count} sendMessage calls get Telegram's 400 "chat not found". */
    public void badRequests(int count) {
        badRequests.set(count);
    }

    /** The next {@code count} sendMessage calls get a 502 Bad Gateway (Telegram unreachable behind its proxy). */
    public void unavailable(int count) {
        unavailable.set(count);
    }

    /** While on, getUpdates gets a 502 Bad Gateway. */
    public void pollsUnavailable(boolean on) {
        pollsUnavailable = on;
    }

    public List<Sent> to(long chatId) {
        return sent.stream().filter(s -> s.chatId().equals(String.valueOf(chatId))).toList();
    }

    public List<String> textsTo(long chatId) {
        return to(chatId).stream().map(Sent::text).toList();
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        paths.add(path);
        byte[] body = ex.getRequestBody().readAllBytes();
        String prefix = "/bot" + token + "/";
        if (!path.startsWith(prefix)) {
            reply(ex, 401, "{\"ok\":false,\"error_code\":401,\"description\":\"Unauthorized\"}");
            return;
        }
        String method = path.substring(prefix.length());
        switch (method) {
            case "getUpdates" -> {
                polls.incrementAndGet();
                if (pollsUnavailable) {
                    reply(ex, 502, "{\"ok\":false,\"error_code\":502,\"description\":\"Bad Gateway\"}");
                    return;
                }
                long offset = 0;
                String q = ex.getRequestURI().getRawQuery();
                if (q != null) {
                    for (String kv : q.split("&")) {
                        String[] p = kv.split("=", 2);
                        if (p[0].equals("offset") && p.length == 2) {
                            offset = Long.parseLong(URLDecoder.decode(p[1], StandardCharsets.UTF_8));
                        }
                    }
                }
                ObjectNode r = JSON.createObjectNode().put("ok", true);
                ArrayNode list = r.putArray("result");
                for (ObjectNode u : updates) {
                    if (u.get("update_id").asLong() >= offset) {
                        list.add(u);
                    }
                }
                reply(ex, 200, r.toString());
            }
            case "sendMessage" -> {
                if (tooManyRequests.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    refused.incrementAndGet();
                    reply(ex, 429, "{\"ok\":false,\"error_code\":429,\"description\":\"Too Many Requests: retry after "
                            + retryAfterSeconds + "\",\"parameters\":{\"retry_after\":" + retryAfterSeconds + "}}");
                    return;
                }
                if (unavailable.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    refused.incrementAndGet();
                    reply(ex, 502, "{\"ok\":false,\"error_code\":502,\"description\":\"Bad Gateway\"}");
                    return;
                }
                if (badRequests.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    refused.incrementAndGet();
                    reply(ex, 400, "{\"ok\":false,\"error_code\":400,\"description\":\"Bad Request: chat not found\"}");
                    return;
                }
                JsonNode n = JSON.readTree(body);
                record(ex, new Sent(method, n.path("chat_id").asText(), n.path("text").asText(), null));
            }
            case "sendPhoto" -> {
                String type = ex.getRequestHeaders().getFirst("Content-Type");
                Multipart mp = Multipart.parse(type, body);
                record(ex, new Sent(method, mp.text("chat_id"), mp.text("caption"), mp.bytes("photo")));
            }
            default -> reply(ex, 404, "{\"ok\":false,\"error_code\":404,\"description\":\"Not Found\"}");
        }
    }

    private void record(HttpExchange ex, Sent s) throws IOException {
        sent.add(s);
        ObjectNode r = JSON.createObjectNode().put("ok", true);
        ObjectNode m = r.putObject("result");
        m.put("message_id", sent.size());
        m.put("date", 1_746_000_000L);
        m.putObject("chat").put("id", s.chatId()).put("type", "private");
        reply(ex, 200, r.toString());
    }

    private static void reply(HttpExchange ex, int code, String json) throws IOException {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(code, b.length);
        try (OutputStream o = ex.getResponseBody()) {
            o.write(b);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }

    /** Just enough multipart/form-data: the parts by name. */
    record Multipart(List<String> names, List<byte[]> values) {
        static Multipart parse(String contentType, byte[] body) {
            String boundary = contentType.substring(contentType.indexOf("boundary=") + 9).replace("\"", "").strip();
            byte[] delim = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
            List<String> names = new ArrayList<>();
            List<byte[]> values = new ArrayList<>();
            int i = indexOf(body, delim, 0);
            while (i >= 0) {
                int start = i + delim.length;
                if (start + 2 <= body.length && body[start] == '-' && body[start + 1] == '-') {
                    break;
                }
                int next = indexOf(body, delim, start);
                if (next < 0) {
                    break;
                }
                byte[] part = Arrays.copyOfRange(body, start + 2, next - 2);   // after CRLF, before CRLF
                int headersEnd = indexOf(part, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), 0);
                String headers = new String(part, 0, headersEnd, StandardCharsets.ISO_8859_1);
                int n = headers.indexOf("name=\"");
                names.add(headers.substring(n + 6, headers.indexOf('"', n + 6)));
                values.add(Arrays.copyOfRange(part, headersEnd + 4, part.length));
                i = next;
            }
            return new Multipart(names, values);
        }

        String text(String name) {
            byte[] b = bytes(name);
            return b == null ? null : new String(b, StandardCharsets.UTF_8);
        }

        byte[] bytes(String name) {
            int i = names.indexOf(name);
            return i < 0 ? null : values.get(i);
        }

        private static int indexOf(byte[] hay, byte[] needle, int from) {
            outer:
            for (int i = from; i <= hay.length - needle.length; i++) {
                for (int j = 0; j < needle.length; j++) {
                    if (hay[i + j] != needle[j]) {
                        continue outer;
                    }
                }
                return i;
            }
            return -1;
        }
    }
}
