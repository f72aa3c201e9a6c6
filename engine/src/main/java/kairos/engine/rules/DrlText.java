package kairos.engine.rules;

/**
 * Positions-preserving views of DRL text for the lints that read rule files before Drools builds them
 * ({@link FeatureNameLint}): comments (and string literals) blanked with spaces, line breaks kept, so that an offset
 * in the view is the same line and column in the trader's file.
 */
final class DrlText {
    private DrlText() {
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
