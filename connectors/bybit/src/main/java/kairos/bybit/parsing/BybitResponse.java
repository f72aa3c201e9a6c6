package kairos.bybit.parsing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import kairos.engine.data.DataFileException;
import kairos.engine.domain.Market;

/**
 * A saved Bybit V5 REST response: {@code {"retCode":0, "retMsg":"OK", "result":{"category":..., "list":[...]}}}.
 * Shared by the readers of {@code /v5/market/kline} and {@code /v5/market/funding/history}.
 */
record BybitResponse(Path file, JsonNode result, JsonNode list) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The response in a file, or null when the file is not a Bybit V5 response with a result list. */
    static BybitResponse peek(Path file) {
        if (!file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json")) {
            return null;
        }
        try (InputStream in = Files.newInputStream(file)) {
            JsonNode root = JSON.readTree(in);
            if (root == null || !root.has("retCode") || !root.path("result").path("list").isArray()) {
                return null;
            }
            return new BybitResponse(file, root.get("result"), root.get("result").get("list"));
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * Reads a response, refusing error responses.
     *
     * @throws DataFileException when the file is not JSON, not a V5 response, or carries a non-zero retCode
     */
    static BybitResponse read(Path file, String endpoint) throws IOException {
        JsonNode root;
        try (InputStream in = Files.newInputStream(file)) {
            root = JSON.readTree(in);
        } catch (JsonProcessingException e) {
            throw new DataFileException(file + ": not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.has("retCode")) {
            throw new DataFileException(file + ": not a Bybit V5 response (no retCode); expected the saved body of "
                    + endpoint);
        }
        if (root.get("retCode").asInt() != 0) {
            throw new DataFileException(file + ": Bybit returned retCode " + root.get("retCode").asText() + " ("
                    + root.path("retMsg").asText() + "); the file holds an error, not data");
        }
        JsonNode list = root.path("result").path("list");
        if (!list.isArray()) {
            throw new DataFileException(file + ": result.list is missing; expected the saved body of " + endpoint);
        }
        return new BybitResponse(file, root.get("result"), list);
    }

    /**
     * The market of the response's {@code category}: {@code linear} and {@code inverse} are perpetual-style
     * derivatives ({@code perp}), {@code spot} is spot; null when absent.
     *
     * @throws DataFileException for options, which Kairos does not trade
     */
    Market market() {
        String category = result.path("category").asText("");
        return switch (category) {
            case "linear", "inverse" -> Market.PERP;
            case "spot" -> Market.SPOT;
            case "" -> null;
            default -> throw new DataFileException(file + ": category '" + category
                    + "' is not supported (expected linear, inverse or spot)");
        };
    }

    /** Text of a field that Bybit sends as a string (numbers are strings in V5). */
    static String text(JsonNode node) {
        return node == null || node.isNull() ? "" : node.asText();
    }
}
