package kairos.app.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where each key of a YAML file is: its dotted path ({@code venue.taker_fee}, {@code execution.take_profit_atr[1]})
 * to the line and column of the key (of the value, for list items), read with the streaming parser before the file
 * is bound. It also finds keys written twice in one mapping, which YAML parsers otherwise resolve silently by
 * keeping the last.
 */
final class YamlKeys {
    /** Line and column, 1-based. */
    record At(int line, int column) {
        @Override
        public String toString() {
            return line + ":" + column;
        }
    }

    /** A key given twice in one mapping: its path, where it first stood and where it stood again. */
    record Duplicate(String path, At first, At again) {
    }

    private final Map<String, At> keys = new LinkedHashMap<>();
    private final List<Duplicate> duplicates = new ArrayList<>();

    private YamlKeys() {
    }

    static YamlKeys read(Path file) throws IOException {
        YamlKeys out = new YamlKeys();
        Deque<Frame> stack = new ArrayDeque<>();
        try (JsonParser p = new YAMLFactory().createParser(file.toFile())) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                Frame top = stack.peek();
                switch (t) {
                    case FIELD_NAME -> {
                        String path = (top == null || top.path.isEmpty() ? "" : top.path + ".") + p.currentName();
                        At at = at(p.currentTokenLocation());
                        At first = top == null ? null : top.seen.putIfAbsent(p.currentName(), at);
                        if (first != null) {
                            out.duplicates.add(new Duplicate(path, first, at));
                        } else {
                            out.keys.putIfAbsent(path, at);
                        }
                        if (top != null) {
                            top.pendingKey = path;
                        }
                    }
                    case START_OBJECT, START_ARRAY -> {
                        String path = top == null ? "" : top.childPath(out, at(p.currentTokenLocation()));
                        stack.push(new Frame(path, t == JsonToken.START_ARRAY));
                    }
                    case END_OBJECT, END_ARRAY -> stack.pop();
                    default -> {
                        if (top != null) {
                            top.childPath(out, at(p.currentTokenLocation()));
                        }
                    }
                }
            }
        }
        return out;
    }

    /** One open mapping or list while reading. */
    private static final class Frame {
        final String path;
        final boolean list;
        final Map<String, At> seen = new LinkedHashMap<>();
        String pendingKey;
        int index;

        Frame(String path, boolean list) {
            this.path = path;
            this.list = list;
        }

        /** The path of the value now read in this container (a list item gets its index and its own location). */
        String childPath(YamlKeys out, At at) {
            if (list) {
                String p = path + "[" + index++ + "]";
                out.keys.putIfAbsent(p, at);
                return p;
            }
            String p = pendingKey == null ? path : pendingKey;
            pendingKey = null;
            return p;
        }
    }

    private static At at(JsonLocation loc) {
        return new At(Math.max(1, loc.getLineNr()), Math.max(1, loc.getColumnNr()));
    }

    List<Duplicate> duplicates() {
        return duplicates;
    }

    /**
     * Where {@code path} is, or where its nearest written parent is (a missing key is reported on its section),
     * or null when not even its section is in the file.
     */
    At where(String path) {
        String p = path;
        while (!p.isEmpty()) {
            At at = keys.get(p);
            if (at != null) {
                return at;
            }
            int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
            p = cut < 0 ? "" : p.substring(0, cut);
        }
        return null;
    }

    /** The keys written under {@code section} (one level down), in file order. */
    List<String> keysUnder(String section) {
        List<String> out = new ArrayList<>();
        String prefix = section.isEmpty() ? "" : section + ".";
        for (String k : keys.keySet()) {
            if (k.startsWith(prefix) && k.indexOf('.', prefix.length()) < 0 && k.indexOf('[', prefix.length()) < 0) {
                out.add(k.substring(prefix.length()));
            }
        }
        return out;
    }
}
