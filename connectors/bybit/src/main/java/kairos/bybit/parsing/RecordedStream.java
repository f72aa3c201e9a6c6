package kairos.bybit.parsing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import kairos.engine.data.DataFileException;
import kairos.engine.domain.MarketEvent;
import kairos.engine.kernel.BatchSource;
import kairos.engine.kernel.MarketBatch;
import kairos.engine.kernel.MarketDataSource;

import java.io.BufferedReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * A recording of {@code kairos record} (or the input a {@code kairos run} session recorded) read back through the
 * live parser, message by message, in file order (arrival order): as a source of events the kernel pulls from
 * ({@link #open}), as the batches the live loop took — one per recorded message ({@link #batches}) — or pushed to a
 * consumer ({@link #replay}). Besides the WebSocket messages ({@code {"recv_ts":..,"msg":{..}}}) a session records
 * its REST back-fill of klines ({@code {"recv_ts":..,"rest":"GET /v5/market/kline?...","msg":{..}}}): those are
 * history batches. While Bybit's feed was stale the session took Binance's, recorded as
 * {@code {"recv_ts":..,"binance":{..}}}: those lines are parsed by the Binance parser into batches marked
 * {@code fallback = "binance"}, its state new for each stretch on the fallback (after Bybit market data), as the
 * session's was. A recording cut off hard (power loss) keeps what was complete.
 */
public final class RecordedStream implements MarketDataSource, AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final BufferedReader in;
    /** The fallback feed's name in batches ({@link MarketBatch#fallback}). */
    public static final String BINANCE = "binance";

    private final BybitPublicMessages parser = new BybitPublicMessages();
    private BinancePublicMessages binance;
    private final ArrayDeque<MarketEvent> parsed = new ArrayDeque<>();
    private final List<MarketEvent> lineEvents = new ArrayList<>();
    private boolean lineHistory;
    private String lineFallback;
    private long lineRecv;
    /** The recording says its market ran on a clock of its own: its events carry no receive time. */
    private boolean ownClock;
    private int line;
    private long messages;
    private boolean eof;

    private RecordedStream(Path file) throws IOException {
        this.file = file;
        try {
            this.in = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(file)),
                    StandardCharsets.UTF_8));
        } catch (ZipException e) {
            throw new DataFileException(file + ": not a gzip recording (" + e.getMessage() + ")");
        }
    }

    /** Opens a recording as a market-data source (close it when done). */
    public static RecordedStream open(Path file) throws IOException {
        return new RecordedStream(file);
    }

    /**
     * Feeds every recorded message to {@code out} and returns how many were market data.
     *
     * @throws DataFileException naming file and line for a line that is not a recorded message
     */
    public static long replay(Path file, Consumer<MarketEvent> out) throws IOException {
        try (RecordedStream stream = open(file)) {
            MarketEvent e;
            while ((e = stream.next()) != null) {
                out.accept(e);
            }
            return stream.messages();
        }
    }

    /**
     * The next event of the recording in file order, or null at its end.
     *
     * @throws DataFileException naming file and line for a line that is not a recorded message
     */
    @Override
    public MarketEvent next() {
        while (parsed.isEmpty() && !eof) {
            readLine();
        }
        return parsed.poll();
    }

    @Override
    public boolean finished() {
        return eof && parsed.isEmpty();
    }

    /**
     * The recording as the live loop took it: one batch per recorded message that held market data, arriving at
     * its receive time; REST back-fill pages are history batches. Not to be mixed with {@link #next()}.
     */
    public BatchSource batches() {
        return new BatchSource() {
            @Override
            public MarketBatch next() {
                while (!eof) {
                    lineEvents.clear();
                    readLine();
                    if (!lineEvents.isEmpty()) {
                        parsed.clear();
                        return new MarketBatch(List.copyOf(lineEvents), lineHistory, lineRecv, lineFallback);
                    }
                }
                return null;
            }

            @Override
            public boolean finished() {
                return eof;
            }
        };
    }

    /** Market-data messages read so far. */
    public long messages() {
        return messages;
    }

    private void readLine() {
        String text;
        try {
            text = in.readLine();
        } catch (EOFException e) {
            text = null;   // cut off hard: keep what was complete
        } catch (ZipException e) {
            throw new DataFileException(file + ": not a gzip recording (" + e.getMessage() + ")");
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read the recording", e);
        }
        if (text == null) {
            eof = true;
            return;
        }
        line++;
        if (text.isBlank()) {
            return;
        }
        try {
            JsonNode node = JSON.readTree(text);
            if (node.has("raw")) {
                return;
            }
            if (node.has("clock")) {
                ownClock = "market".equals(node.get("clock").asText());
                return;
            }
            if (!node.has("recv_ts") || !node.has("msg") && !node.has("binance")) {
                throw new IllegalArgumentException("expected {\"recv_ts\":..., \"msg\":{...}} as kairos record writes"
                        + " (or \"binance\":{...} for the fallback feed)");
            }
            lineRecv = node.get("recv_ts").asLong();
            lineHistory = node.has("rest");
            lineFallback = null;
            Consumer<MarketEvent> out = e -> {
                parsed.add(e);
                lineEvents.add(e);
            };
            if (node.has("binance")) {
                if (binance == null) {
                    binance = new BinancePublicMessages();   // a new stretch on the fallback
                }
                lineFallback = BINANCE;
                BybitPublicMessages.Kind kind = binance.parse(node.get("binance"), lineRecv, out);
                if (BybitPublicMessages.isMarketData(kind)) {
                    messages++;
                }
                return;
            }
            if (lineHistory) {
                history(node.get("rest").asText(), node.get("msg"), out);
                messages++;
                return;
            }
            BybitPublicMessages.Kind kind = parser.parse(node.get("msg"), ownClock ? 0 : lineRecv, out);
            if (BybitPublicMessages.isMarketData(kind)) {
                messages++;
                binance = null;   // Bybit's feed is back: the session left the fallback
            }
        } catch (JsonProcessingException e) {
            throw new DataFileException(file + ":" + line + ": not valid JSON: " + e.getOriginalMessage());
        } catch (IllegalArgumentException e) {
            throw new DataFileException(file + ":" + line + ": " + e.getMessage());
        }
    }

    /** A recorded REST answer of the kline back-fill: its closed bars. */
    private void history(String request, JsonNode msg, Consumer<MarketEvent> out) {
        BybitHistory.bars(request, msg, ownClock ? 0 : lineRecv).forEach(out);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
