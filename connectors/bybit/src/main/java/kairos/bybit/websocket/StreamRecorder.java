package kairos.bybit.websocket;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/**
 * Writes raw venue messages with their receive time as gzip JSON lines: {@code {"recv_ts":<epoch ms>,"msg":<the
 * message as received>}}. Thread-safe; {@link #close} finishes the gzip stream so the file is valid after a
 * stop by duration or by signal. Messages that are not JSON are kept as a string under {@code raw}. A session also
 * records its kline back-fill ({@link #onRest}) and the messages of the Binance fallback feed ({@link #binance}).
 */
public final class StreamRecorder implements BybitPublicStream.Handler, AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final BufferedWriter out;
    private long messages;
    private boolean closed;

    public StreamRecorder(Path file) throws IOException {
        this.file = file;
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        this.out = new BufferedWriter(new OutputStreamWriter(new GZIPOutputStream(Files.newOutputStream(file), 1 << 16, true),
                StandardCharsets.UTF_8));
    }

    @Override
    public synchronized void onMessage(String text, long recvTs) {
        if (closed) {
            return;
        }
        ObjectNode line = JSON.createObjectNode();
        line.put("recv_ts", recvTs);
        try {
            JsonNode msg = JSON.readTree(text);
            line.set("msg", msg);
        } catch (IOException e) {
            line.put("raw", text);
        }
        write(line);
    }

    /**
     * The market runs on a clock of its own (a simulator faster than real time): {@code {"recv_ts":<ms>,
     * "clock":"market"}}; the replay then gives its events no receive time, as the session did.
     */
    public synchronized void onOwnClock(long recvTs) {
        if (closed) {
            return;
        }
        ObjectNode line = JSON.createObjectNode();
        line.put("recv_ts", recvTs);
        line.put("clock", "market");
        write(line);
    }

    /**
     * A REST answer the session took as market data (the kline back-fill):
     * {@code {"recv_ts":<ms>,"rest":"GET /v5/market/kline?...","msg":<the body>}}; replayed as history.
     */
    public synchronized void onRest(String request, String body, long recvTs) {
        if (closed) {
            return;
        }
        ObjectNode line = JSON.createObjectNode();
        line.put("recv_ts", recvTs);
        line.put("rest", request);
        try {
            line.set("msg", JSON.readTree(body));
        } catch (IOException e) {
            return;   // not JSON: the session could not use it either
        }
        write(line);
    }

    /**
     * A message of the Binance fallback feed the session took while Bybit's was stale:
     * {@code {"recv_ts":<ms>,"binance":<the message>}}; replayed as fallback batches. Not JSON: not kept (the
     * session could not use it either).
     */
    public synchronized void binance(String text, long recvTs) {
        if (closed) {
            return;
        }
        ObjectNode line = JSON.createObjectNode();
        line.put("recv_ts", recvTs);
        try {
            line.set("binance", JSON.readTree(text));
        } catch (IOException e) {
            return;
        }
        write(line);
    }

    private void write(ObjectNode line) {
        try {
            out.write(line.toString());
            out.write('\n');
            messages++;
            if (messages % 1_000 == 0) {
                out.flush();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot write: " + e.getMessage(), e);
        }
    }

    /** Writes what is buffered (a session flushes now and then, so a crash loses little of its recording). */
    public synchronized void flush() throws IOException {
        if (!closed) {
            out.flush();
        }
    }

    public synchronized long messages() {
        return messages;
    }

    public Path file() {
        return file;
    }

    @Override
    public synchronized void close() throws IOException {
        if (!closed) {
            closed = true;
            out.close();
        }
    }
}
