package kairos.ops.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The control API's bearer token ({@code KAIROS_API_TOKEN}), compared in constant time. With none configured nothing
 * matches, so a session started without a token exposes only its health and the dashboard's static page. Its
 * {@link #toString()} never shows the token.
 */
public final class ApiToken {
    private final byte[] token;

    private ApiToken(byte[] token) {
        this.token = token;
    }

    /** The token; null or blank: none configured. */
    public static ApiToken of(String token) {
        return new ApiToken(token == null || token.isBlank() ? null : token.getBytes(StandardCharsets.UTF_8));
    }

    public boolean configured() {
        return token != null;
    }

    /** Whether {@code presented} is the token (false when none is configured). */
    public boolean matches(String presented) {
        return token != null && presented != null
                && MessageDigest.isEqual(token, presented.strip().getBytes(StandardCharsets.UTF_8));
    }

    /** Whether an {@code Authorization} header carries the token as a bearer token. */
    public boolean bearer(String authorization) {
        return authorization != null && authorization.startsWith("Bearer ") && matches(authorization.substring(7));
    }

    /** What a refused caller is told (no token configured, or a missing or wrong one). */
    public String refusal() {
        return token == null ? "no API token is configured (KAIROS_API_TOKEN): only /health answers"
                : "missing or wrong bearer token (Authorization: Bearer <KAIROS_API_TOKEN>)";
    }

    @Override
    public String toString() {
        return token == null ? "ApiToken[none]" : "ApiToken[***]";
    }
}
