package kairos.engine.kernel;

import kairos.engine.rules.RulesSwap;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The decision audit's identities and digests: deterministic decision ids (symbol, time, a suffix per trigger, a
 * counter when one instant has two decisions of one kind), the facts digest (SHA-256, one digest instance
 * reused), and the audit record of a hot-reload request.
 */
final class DecisionAudit {
    private final MessageDigest sha256 = newSha256();
    private final Map<String, Integer> usedAtInstant = new HashMap<>();
    private long instant = Long.MIN_VALUE;

    String id(String symbol, long time, String trigger) {
        String base = symbol + "-" + time + switch (trigger) {
            case Decision.BAR_CLOSE -> "";
            case Decision.RISK_EVENT -> "-r";
            case Decision.PATTERN -> "-p";
            case Decision.FILL -> "-f";
            default -> "-" + trigger;
        };
        if (time != instant) {
            usedAtInstant.clear();
            instant = time;
        }
        int n = usedAtInstant.merge(base, 1, Integer::sum);
        return n == 1 ? base : base + "-" + n;
    }

    /** First 16 hex digits of the text's SHA-256 (the audit's facts hash). */
    String digest(String text) {
        byte[] d = sha256.digest(text.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(d, 0, 8);
    }

    /** A hot-reload request in the decision journal: trigger {@code rules_reload}, old → new hash, its errors. */
    static Decision swap(RulesSwap swap, long now, String runningHash, String modelVersion) {
        String what = swap.status() + ": " + swap.oldHash() + " -> " + (swap.newHash() == null ? "(no build)" : swap.newHash())
                + " requested by " + swap.trigger() + (swap.errors().isEmpty() ? "" : "; errors: " + String.join("; ", swap.errors()));
        return new Decision("rules-" + now + "-" + swap.status(), Instant.ofEpochMilli(now).toString(), "*",
                Decision.RULES_RELOAD, List.of(), List.of(), null, new Decision.Verdict(swap.status(), what, null, null, null),
                List.of(), List.of(), "build " + swap.buildMillis() + " ms", runningHash, modelVersion,
                List.of(), List.of(), List.of(), null, null);
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }
}
