package kairos.bybit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Documented Bybit V5 payloads in {@code src/test/resources/fixtures}, named after their endpoint or topic. */
public final class Fixtures {
    private Fixtures() {
    }

    public static String read(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A successful V5 answer around {@code result} (a JSON object's text). */
    public static String ok(String result) {
        return "{\"retCode\":0,\"retMsg\":\"OK\",\"result\":" + result + ",\"retExtInfo\":{},\"time\":1700000000000}";
    }

    /** A V5 error answer. */
    public static String error(int retCode, String retMsg) {
        return "{\"retCode\":" + retCode + ",\"retMsg\":\"" + retMsg + "\",\"result\":{},\"retExtInfo\":{},\"time\":1700000000000}";
    }
}
