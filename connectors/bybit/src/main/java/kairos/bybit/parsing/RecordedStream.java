package kairos.bybit.parsing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import kairos.engine.data.DataFileException;
import kairos.engine.domain.MarketEvent;

import java.io.BufferedReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;

/** Replays a recording of {@code kairos record} through the live parser, message by message, in file order. */
public final class RecordedStream {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RecordedStream() {
    }

    /**
     * Feeds every recorded message to {@code out} and returns how many were market data.
     *
     * @throws DataFileException naming file and line for a line that is not a recorded message
     */
    public static long replay(Path file, Consumer<MarketEvent> out) throws IOException {
        BybitPublicMessages parser = new BybitPublicMessages();
        long data = 0;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(file)),
                StandardCharsets.UTF_8))) {
            String line;
            int n = 0;
            while (true) {
                try {
                    line = in.readLine();
                } catch (EOFException e) {
                    break;   // a recording cut off hard (power loss): keep what was complete
                }
                if (line == null) {
                    break;
                }
                n++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    JsonNode node = JSON.readTree(line);
                    if (node.has("raw")) {
                        continue;
                    }
                    if (!node.has("recv_ts") || !node.has("msg")) {
                        throw new IllegalArgumentException("expected {\"recv_ts\":..., \"msg\":{...}} as kairos record writes");
                    }
                    BybitPublicMessages.Kind kind = parser.parse(node.get("msg"), node.get("recv_ts").asLong(), out);
                    if (kind != BybitPublicMessages.Kind.CONTROL && kind != BybitPublicMessages.Kind.IGNORED) {
                        data++;
                    }
                } catch (JsonProcessingException e) {
                    throw new DataFileException(file + ":" + n + ": not valid JSON: " + e.getOriginalMessage());
                } catch (IllegalArgumentException e) {
                    throw new DataFileException(file + ":" + n + ": " + e.getMessage());
                }
            }
        } catch (java.util.zip.ZipException e) {
            throw new DataFileException(file + ": not a gzip recording (" + e.getMessage() + ")");
        }
        return data;
    }
}
