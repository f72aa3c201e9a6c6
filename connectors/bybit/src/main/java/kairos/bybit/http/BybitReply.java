package kairos.bybit.http;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A successful Bybit V5 answer ({@code retCode} 0): its {@code result} and the server's {@code time} (epoch ms;
 * the local server-time estimate when the body had none).
 */
public record BybitReply(String endpoint, JsonNode result, long time) {
}
