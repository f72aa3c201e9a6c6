package kairos.engine.backtest.validation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The names of a rule folder's emergency rules, whose firings the stress scenarios report: every rule declared in
 * a file under an {@code emergency/} subfolder, and every rule whose name starts with "Emergency".
 */
public final class RuleNames {
    private static final Pattern RULE = Pattern.compile("(?m)^\\s*rule\\s+\"([^\"]+)\"");

    private RuleNames() {
    }

    public static Set<String> emergency(Path rulesDir) {
        Set<String> names = new TreeSet<>();
        if (!Files.isDirectory(rulesDir)) {
            return names;
        }
        try (Stream<Path> files = Files.walk(rulesDir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".drl")).sorted().toList()) {
                boolean inEmergency = rulesDir.relativize(f).toString().replace('\\', '/').matches("(.*/)?emergency/.*");
                Matcher m = RULE.matcher(Files.readString(f, StandardCharsets.UTF_8));
                while (m.find()) {
                    if (inEmergency || m.group(1).startsWith("Emergency")) {
                        names.add(m.group(1));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the rules under " + rulesDir, e);
        }
        return names;
    }
}
