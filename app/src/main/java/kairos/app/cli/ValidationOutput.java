package kairos.app.cli;

import kairos.engine.data.FileTrees;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The files a validation command writes to {@code --out}, whole or not at all (unlike {@link OutputFolder}, which
 * replaces a whole folder, files the command does not write are left alone): they are written into a temporary
 * folder beside it, then each is renamed over its final name (an atomic rename on one file system). A command that
 * fails or is killed before that leaves the folder as it was; files the command does not write are left alone.
 */
final class ValidationOutput {
    private final Path dir;
    private final Map<String, byte[]> files = new LinkedHashMap<>();

    ValidationOutput(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
    }

    ValidationOutput put(String name, String text) {
        files.put(name, text.getBytes(StandardCharsets.UTF_8));
        return this;
    }

    Path dir() {
        return dir;
    }

    /** Writes every file put, then moves them into place. */
    void commit() throws IOException {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new UserError("--out " + dir + " is a file, not a folder");
        }
        Path parent = dir.getParent();
        Files.createDirectories(parent);
        Path tmp = Files.createTempDirectory(parent, "." + dir.getFileName() + ".tmp-");
        try {
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                Files.write(tmp.resolve(f.getKey()), f.getValue());
            }
            Files.createDirectories(dir);
            Interruption.committing(true);
            try {
                for (String name : files.keySet()) {
                    move(tmp.resolve(name), dir.resolve(name));
                }
            } finally {
                Interruption.committing(false);
            }
        } finally {
            FileTrees.deleteTree(tmp);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException | FileAlreadyExistsException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
