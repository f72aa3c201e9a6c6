package kairos.engine.rules;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One rule-build or scenario error split into its parts (the control API answers these as JSON). */
public record RuleError(String file, int line, int column, String message) {
    private static final Pattern LOCATED = Pattern.compile("^(.+?):(\\d+)(?::(\\d+))?: (.*)$", Pattern.DOTALL);

    /**
     * Parses a {@code file:line:col: message} line (DRL) or a {@code file:line: message} line (EPL: column 0); other
     * text becomes a message without a location.
     */
    public static RuleError parse(String text) {
        Matcher m = LOCATED.matcher(text);
        if (m.matches()) {
            return new RuleError(m.group(1), Integer.parseInt(m.group(2)),
                    m.group(3) == null ? 0 : Integer.parseInt(m.group(3)), m.group(4));
        }
        int colon = text.indexOf(": ");
        return colon > 0 ? new RuleError(text.substring(0, colon), 0, 0, text.substring(colon + 2))
                : new RuleError("", 0, 0, text);
    }
}
