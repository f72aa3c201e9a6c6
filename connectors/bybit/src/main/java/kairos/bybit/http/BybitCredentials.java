package kairos.bybit.http;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A Bybit API key and its secret. The secret never leaves this object: callers get signatures
 * ({@link #sign}), and {@link #toString} shows neither key nor secret, so neither can end up in a log. The app
 * reads them only from the environment ({@link #fromEnvironment}).
 */
public final class BybitCredentials {
    /** Environment variables the keys come from. */
    public static final String KEY_VARIABLE = "BYBIT_API_KEY";
    public static final String SECRET_VARIABLE = "BYBIT_API_SECRET";

    private final String apiKey;
    private final SecretKeySpec secret;

    public BybitCredentials(String apiKey, String secret) {
        if (apiKey == null || apiKey.isBlank()) {
            throw new IllegalArgumentException("Bybit API key is empty; set " + KEY_VARIABLE);
        }
        if (secret == null || secret.isBlank()) {
            throw new IllegalArgumentException("Bybit API secret is empty; set " + SECRET_VARIABLE);
        }
        this.apiKey = apiKey.strip();
        this.secret = new SecretKeySpec(secret.strip().getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    /**
     * The keys from {@code BYBIT_API_KEY} and {@code BYBIT_API_SECRET} of the given environment
     * ({@code System.getenv()} in the app).
     *
     * @throws IllegalArgumentException naming the variable that is missing
     */
    public static BybitCredentials fromEnvironment(Map<String, String> env) {
        String key = env.get(KEY_VARIABLE);
        String secret = env.get(SECRET_VARIABLE);
        if (key == null || key.isBlank() || secret == null || secret.isBlank()) {
            throw new IllegalArgumentException("live trading needs a Bybit API key: set " + KEY_VARIABLE + " and "
                    + SECRET_VARIABLE + " in the environment (" + (key == null || key.isBlank() ? KEY_VARIABLE
                    : SECRET_VARIABLE) + " is not set)");
        }
        return new BybitCredentials(key, secret);
    }

    /** The API key (sent in {@code X-BAPI-API-KEY} and in the private stream's auth; not a secret, but not logged). */
    public String apiKey() {
        return apiKey;
    }

    /** Lower-case hex HMAC-SHA256 of {@code text} under the secret. */
    public String sign(String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(secret);
            return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }

    @Override
    public String toString() {
        return "BybitCredentials[apiKey=<redacted>, secret=<redacted>]";
    }
}
