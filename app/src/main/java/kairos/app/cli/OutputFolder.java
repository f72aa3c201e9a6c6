package kairos.app.cli;

import kairos.engine.data.FileTrees;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * A command's output folder, whole or absent: the files are written into a hidden folder beside it
 * ({@code .<name>.new-<pid>}), flushed to disk, and only then put in place of the folder by two renames (the old
 * folder aside, the new one in, the old one deleted). A run killed at any moment leaves either the previous results
 * or the new ones, never some of each: before {@link #commit} nothing is visible; in the instant between the two
 * renames the previous folder is intact under {@code .<name>.old-<pid>}, and the next command that writes there
 * puts it back first.
 *
 * <p>Only a folder holding nothing but files this command writes is replaced: anything else there is refused with
 * the names, so {@code --out ~} can never delete a home folder.
 */
final class OutputFolder implements AutoCloseable {
    private final Path target;
    private final Path fresh;
    private final Set<String> files;
    private boolean committed;

    private OutputFolder(Path target, Path fresh, Set<String> files) {
        this.target = target;
        this.fresh = fresh;
        this.files = files;
    }

    /**
     * Checks {@code target} (absent, or a folder holding only {@code files}) and opens the hidden folder the outputs
     * are written to.
     *
     * @throws UserError naming what stands in the way
     */
    static OutputFolder begin(Path target, Set<String> files) {
        Path dir = target.toAbsolutePath().normalize();
        Path parent = dir.getParent();
        if (parent == null) {
            throw new UserError("--out " + target + ": give a folder below the root, e.g. out/backtest");
        }
        recover(dir);
        if (Files.exists(dir)) {
            if (!Files.isDirectory(dir)) {
                throw new UserError("--out " + target + ": is a file, not a folder; give a folder for the results");
            }
            Set<String> foreign = new TreeSet<>();
            try (Stream<Path> list = Files.list(dir)) {
                list.map(p -> p.getFileName().toString()).filter(n -> !files.contains(n)).forEach(foreign::add);
            } catch (IOException e) {
                throw new UncheckedIOException(dir + ": cannot list", e);
            }
            if (!foreign.isEmpty()) {
                throw new UserError("--out " + target + ": the folder holds files this command does not write ("
                        + String.join(", ", foreign.stream().limit(5).toList()) + (foreign.size() > 5 ? ", ..." : "")
                        + "); results replace the whole folder, so give an empty or new one, or one an earlier run wrote");
            }
        }
        try {
            Files.createDirectories(parent);
            Path fresh = parent.resolve("." + dir.getFileName() + ".new-" + ProcessHandle.current().pid());
            FileTrees.deleteTree(fresh);
            Files.createDirectories(fresh);
            return new OutputFolder(dir, fresh, Set.copyOf(files));
        } catch (IOException e) {
            throw new UncheckedIOException(parent + ": cannot create the output folder", e);
        }
    }

    /** Where to write the output {@code name} (one of the declared files) before the commit. */
    Path file(String name) {
        if (!files.contains(name)) {
            throw new IllegalArgumentException(name + " is not one of the declared outputs " + files);
        }
        return fresh.resolve(name);
    }

    /** The hidden folder the outputs are written to before the commit. */
    Path staging() {
        return fresh;
    }

    /** The folder the results end up in. */
    Path target() {
        return target;
    }

    /** Flushes every written file to disk and puts the folder in place of the target. */
    void commit() {
        try {
            try (Stream<Path> list = Files.list(fresh)) {
                for (Path p : list.toList()) {
                    try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
                        ch.force(true);
                    }
                }
            }
            Path old = target.resolveSibling("." + target.getFileName() + ".old-" + ProcessHandle.current().pid());
            FileTrees.deleteTree(old);
            if (Files.exists(target)) {
                move(target, old);
            }
            move(fresh, target);
            FileTrees.deleteTree(old);
            committed = true;
        } catch (IOException e) {
            throw new UncheckedIOException(target + ": the results could not be put in place: " + e.getMessage(), e);
        }
    }

    /** Deletes what was written but not committed; the target is left as it was. */
    @Override
    public void close() {
        if (!committed) {
            discard();
        }
    }

    /** Deletes the uncommitted folder (also from a signal handler: safe to call twice). */
    void discard() {
        try {
            FileTrees.deleteTree(fresh);
        } catch (IOException e) {
            // a leftover hidden folder is cleaned up by the next run's recover()
        }
    }

    /**
     * Puts back the previous results of a run killed between its two renames, and clears hidden folders left by
     * runs that are no longer alive.
     */
    static void recover(Path dir) {
        Path parent = dir.getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            return;
        }
        String prefix = "." + dir.getFileName() + ".";
        List<Path> leftovers;
        try (Stream<Path> list = Files.list(parent)) {
            leftovers = list.filter(p -> p.getFileName().toString().startsWith(prefix)).sorted().toList();
        } catch (IOException e) {
            return;
        }
        for (Path p : leftovers) {
            String rest = p.getFileName().toString().substring(prefix.length());
            long pid = pidOf(rest);
            if (pid < 0 || (pid != ProcessHandle.current().pid() && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))) {
                continue; // not ours, or a run still writing
            }
            try {
                if (rest.startsWith("old-") && !Files.exists(dir)) {
                    move(p, dir);
                } else {
                    FileTrees.deleteTree(p);
                }
            } catch (IOException e) {
                // left for the next run
            }
        }
    }

    private static long pidOf(String rest) {
        int dash = rest.indexOf('-');
        try {
            return dash < 0 ? -1 : Long.parseLong(rest.substring(dash + 1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }
}
