package kairos.engine.rules;

import java.util.ArrayList;
import java.util.List;

/**
 * Refuses {@code <} and {@code <=} in rule conditions. Kairos runs Drools with its constraint JIT (a constraint is
 * compiled to bytecode at its first evaluation, about twice as fast as interpreted MVEL), and the compiled form
 * takes {@code NaN < x} and {@code NaN <= x} as <em>true</em> (and {@code !(NaN < x)} as false), the opposite of
 * Java and of the interpreter; {@code >}, {@code >=}, {@code ==} and {@code !=} compile correctly. A NaN is a
 * feature warming up or a missing value, so a raw {@code delistingInHours <= 24} would fire an emergency on a
 * symbol with no delisting date. Conditions write {@code Gate.below(a, b)} and {@code Gate.atMost(a, b)} instead
 * (see {@link Gate}); consequences are plain Java and unaffected.
 *
 * <p>Text-based: it looks at what lies between the words {@code when} and {@code then} of each rule, outside
 * comments and string literals, so it needs no types and runs before Drools builds anything.
 */
final class ConditionLint {
    private ConditionLint() {
    }

    /** One message per offending operator: {@code line:col: ...} (1-based), in file order. */
    static List<String> check(String drl) {
        String text = blankCommentsAndStrings(drl);
        List<String> out = new ArrayList<>();
        boolean inCondition = false;
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                line++;
                lineStart = i + 1;
            } else if (Character.isJavaIdentifierStart(c) && (i == 0 || !Character.isJavaIdentifierPart(text.charAt(i - 1)))) {
                int end = i;
                while (end < text.length() && Character.isJavaIdentifierPart(text.charAt(end))) {
                    end++;
                }
                String word = text.substring(i, end);
                if (word.equals("when")) {
                    inCondition = true;
                } else if (word.equals("then") || word.equals("end")) {
                    inCondition = false;
                }
                i = end - 1;
            } else if (c == '<' && inCondition) {
                boolean orEqual = i + 1 < text.length() && text.charAt(i + 1) == '=';
                String op = orEqual ? "<=" : "<";
                out.add(line + ":" + (i - lineStart + 1) + ": '" + op + "' in a rule condition: write "
                        + (orEqual ? "Gate.atMost(a, b)" : "Gate.below(a, b)") + " for a " + op + " b (Drools' compiled "
                        + "constraints take NaN " + op + " x as true; see docs/rules-guide.md)");
            }
        }
        return out;
    }

    /** The text with comments replaced by spaces, string literals kept, line breaks kept (positions stay). */
    static String blankComments(String s) {
        String blanked = blankCommentsAndStrings(s);
        StringBuilder b = new StringBuilder(s);
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '/' && i + 1 < s.length() && (s.charAt(i + 1) == '/' || s.charAt(i + 1) == '*')) {
                // a comment: everything blanked there stays blank
                int end = s.charAt(i + 1) == '/' ? s.indexOf('\n', i) : s.indexOf("*/", i + 2) + 2;
                end = end <= 1 || end > s.length() ? s.length() : end;
                for (; i < end; i++) {
                    b.setCharAt(i, blanked.charAt(i));
                }
            } else if (c == '"' || c == '\'') {
                int end = i + 1;
                while (end < s.length() && s.charAt(end) != c && s.charAt(end) != '\n') {
                    end += s.charAt(end) == '\\' ? 2 : 1;
                }
                i = Math.min(s.length(), end + 1);
            } else {
                i++;
            }
        }
        return b.toString();
    }

    /** The text with comments and string/char literals replaced by spaces, line breaks kept (positions stay). */
    static String blankCommentsAndStrings(String s) {
        StringBuilder b = new StringBuilder(s);
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '/' && i + 1 < s.length() && s.charAt(i + 1) == '/') {
                while (i < s.length() && s.charAt(i) != '\n') {
                    b.setCharAt(i++, ' ');
                }
            } else if (c == '/' && i + 1 < s.length() && s.charAt(i + 1) == '*') {
                int end = s.indexOf("*/", i + 2);
                end = end < 0 ? s.length() : end + 2;
                for (; i < end; i++) {
                    if (s.charAt(i) != '\n') {
                        b.setCharAt(i, ' ');
                    }
                }
            } else if (c == '"' || c == '\'') {
                b.setCharAt(i++, ' ');
                while (i < s.length() && s.charAt(i) != c && s.charAt(i) != '\n') {
                    if (s.charAt(i) == '\\' && i + 1 < s.length()) {
                        b.setCharAt(i++, ' ');
                    }
                    b.setCharAt(i++, ' ');
                }
                if (i < s.length() && s.charAt(i) == c) {
                    b.setCharAt(i++, ' ');
                }
            } else {
                i++;
            }
        }
        return b.toString();
    }
}
