package kairos.engine.rules;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * Identity of the trading logic in force: SHA-256 over the relative paths and bytes of every {@code *.drl} and
 * {@code *.epl} file, in path order; the first 16 hex digits. Stamped on every decision and on the summary.
 */
public final class RulesetHash {
    private RulesetHash() {
    }

    public static String of(Path rulesDir, Path cepDir) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            digest(sha, "rules", rulesDir, ".drl");
            digest(sha, "cep", cepDir, ".epl");
            return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void digest(MessageDigest sha, String label, Path dir, String suffix) {
        if (dir == null || !Files.isDirectory(dir)) {
            return;
        }
        List<Path> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.filter(p -> p.toString().endsWith(suffix) && Files.isRegularFile(p)).sorted().forEach(files::add);
            for (Path f : files) {
                sha.update((label + "/" + dir.relativize(f).toString().replace('\\', '/') + "\0").getBytes(StandardCharsets.UTF_8));
                sha.update(Files.readAllBytes(f));
                sha.update((byte) 0);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
