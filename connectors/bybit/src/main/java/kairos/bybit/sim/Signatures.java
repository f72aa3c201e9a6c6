package kairos.bybit.sim;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Bybit V5 HMAC signatures: REST {@code hex(HMAC_SHA256(secret, timestamp + apiKey + recvWindow + payload))} with the
 * payload the query string as sent (GET) or the raw body (POST); private WebSocket auth
 * {@code hex(HMAC_SHA256(secret, "GET/realtime" + expires))}. Comparison is constant-time.
 */
public final class Signatures {
    private Signatures() {
    }

    /** Lower-case hex HMAC-SHA256 of {@code text} under {@code secret}. */
    public static String hmacSha256(String secret, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JDK", e);
        }
    }

    /** The string a REST request signs. */
    public static String restPayload(String timestamp, String apiKey, String recvWindow, String queryOrBody) {
        return timestamp + apiKey + recvWindow + (queryOrBody == null ? "" : queryOrBody);
    }

    /** The string the private WebSocket {@code auth} signs. */
    public static String websocketPayload(long expires) {
        return "GET/realtime" + expires;
    }

    static boolean matches(String expectedHex, String given) {
        if (given == null) {
            return false;
        }
        return MessageDigest.isEqual(expectedHex.getBytes(StandardCharsets.US_ASCII),
                given.toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
    }
}
