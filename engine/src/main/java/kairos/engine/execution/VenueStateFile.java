package kairos.engine.execution;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A simulated venue's state on disk: a snapshot ({@code <file>}, the whole state as JSON, replaced atomically:
 * written beside it, renamed over it) and a log beside it ({@code <file>.log}) of what changed since, one JSON line a
 * save — the orders that changed, the new executions, the positions and counters — so a save costs what changed,
 * not the whole account (a paper venue keeps thousands of orders and executions for queries and reconciliation).
 * <p>
 * The log's first line names the snapshot it follows (the SHA-256 of its bytes): a log left from an older snapshot
 * (a crash while the snapshot was being replaced) is ignored, since the newer snapshot holds all of it. A line cut
 * short by a crash is the last one and is ignored: that save had not returned. The snapshot is written again on the
 * first save after a start and every {@value #COMPACT_AFTER} lines. Nothing is fsynced: a crash of Kairos
 * ({@code kill -9}) keeps every save that returned; after a power loss the journal's reconciliation with the venue
 * decides, as with the exchange (ADR 0013).
 */
public final class VenueStateFile implements VenueStore, AutoCloseable {
    /** Log lines after which the next save writes the snapshot again. */
    static final int COMPACT_AFTER = 2_000;
    private static final String HEADER = "{\"snapshot\":\"";

    private final Path file;
    private final Path log;
    private SimulatedVenue.State onDisk;          // what snapshot and log hold (null: the next save writes a snapshot)
    private final Map<String, SimulatedVenue.OrderState> ordersOnDisk = new HashMap<>();
    private FileChannel logChannel;
    private int logLines;

    public VenueStateFile(Path file) {
        this.file = file;
        this.log = file.resolveSibling(file.getFileName() + ".log");
    }

    public Path file() {
        return file;
    }

    /** One line of the log: the orders that changed or are new, the new executions, and the small parts whole. */
    record Delta(List<SimulatedVenue.OrderState> orders, List<SimulatedVenue.PositionState> positions,
                 List<Fill> executions, long execSeq, long updateSeq, List<String> tickDriven,
                 List<SimulatedVenue.MatchedState> matched) {
    }

    @Override
    public Optional<SimulatedVenue.State> load() {
        onDisk = null;   // a save after a load writes the snapshot again
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            byte[] bytes = Files.readAllBytes(file);
            SimulatedVenue.State state;
            try {
                state = StateJson.read(new String(bytes, StandardCharsets.UTF_8), SimulatedVenue.State.class);
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(file + ": " + e.getMessage(), e);
            }
            return Optional.of(Files.isRegularFile(log) ? replay(state, sha256(bytes)) : state);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read the simulated venue's state", e);
        }
    }

    /** The snapshot with the log's lines applied, when the log follows this snapshot. */
    private SimulatedVenue.State replay(SimulatedVenue.State snapshot, String digest) throws IOException {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        if (lines.isEmpty() || !lines.getFirst().equals(HEADER + digest + "\"}")) {
            return snapshot;   // an older snapshot's log (or one cut before its header): the snapshot holds it all
        }
        LinkedHashMap<String, SimulatedVenue.OrderState> orders = new LinkedHashMap<>();
        snapshot.orders().forEach(o -> orders.put(o.intent().linkId(), o));
        List<Fill> executions = new ArrayList<>(snapshot.executions());
        SimulatedVenue.State s = snapshot;
        for (int i = 1; i < lines.size(); i++) {
            Delta d;
            try {
                d = StateJson.read(lines.get(i), Delta.class);
            } catch (IllegalArgumentException e) {
                if (i == lines.size() - 1) {
                    break;   // the last save was cut short by a crash: it had not returned
                }
                throw new IllegalStateException(log + ":" + (i + 1) + ": " + e.getMessage(), e);
            }
            d.orders().forEach(o -> orders.put(o.intent().linkId(), o));
            executions.addAll(d.executions());
            s = new SimulatedVenue.State(List.of(), d.positions(), List.of(), d.execSeq(), d.updateSeq(), d.tickDriven(),
                    d.matched());
        }
        return new SimulatedVenue.State(List.copyOf(orders.values()), s.positions(), List.copyOf(executions), s.execSeq(),
                s.updateSeq(), s.tickDriven(), s.matched());
    }

    @Override
    public void save(SimulatedVenue.State state) {
        try {
            Delta delta = onDisk == null || logLines >= COMPACT_AFTER ? null : delta(onDisk, state);
            if (delta == null) {
                snapshot(state);
            } else if (!delta.orders().isEmpty() || !delta.executions().isEmpty() || !same(onDisk, state)) {
                append(StateJson.write(delta));
            }
            onDisk = state;
        } catch (IOException e) {
            onDisk = null;   // the next save writes the whole state again
            throw new UncheckedIOException(file + ": cannot save the simulated venue's state", e);
        }
    }

    /** What changed from {@code before} to {@code after}; null when the executions do not follow (a snapshot then). */
    private Delta delta(SimulatedVenue.State before, SimulatedVenue.State after) {
        List<Fill> was = before.executions();
        List<Fill> now = after.executions();
        int from = 0;
        if (!was.isEmpty()) {
            Fill last = was.getLast();
            from = -1;
            for (int i = now.size() - 1; i >= 0; i--) {
                if (now.get(i).execId().equals(last.execId())) {
                    from = i + 1;
                    break;
                }
            }
            if (from < 0) {
                return null;
            }
        }
        List<SimulatedVenue.OrderState> changed = new ArrayList<>();
        for (SimulatedVenue.OrderState o : after.orders()) {
            SimulatedVenue.OrderState previous = ordersOnDisk.put(o.intent().linkId(), o);
            if (previous != o && !o.equals(previous)) {
                changed.add(o);
            }
        }
        if (ordersOnDisk.size() > 2 * after.orders().size() + 64) {   // orders the venue no longer keeps
            remember(after);
        }
        return new Delta(changed, after.positions(), List.copyOf(now.subList(from, now.size())), after.execSeq(),
                after.updateSeq(), after.tickDriven(), after.matched());
    }

    private static boolean same(SimulatedVenue.State a, SimulatedVenue.State b) {
        return a.execSeq() == b.execSeq() && a.updateSeq() == b.updateSeq() && a.positions().equals(b.positions())
                && a.tickDriven().equals(b.tickDriven()) && a.matched().equals(b.matched());
    }

    private void remember(SimulatedVenue.State state) {
        ordersOnDisk.clear();
        state.orders().forEach(o -> ordersOnDisk.put(o.intent().linkId(), o));
    }

    private void append(String line) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
        while (bytes.hasRemaining()) {
            logChannel.write(bytes);
        }
        logLines++;
    }

    /** The whole state as the new snapshot, then a new log that follows it. */
    private void snapshot(SimulatedVenue.State state) throws IOException {
        byte[] bytes = StateJson.write(state).getBytes(StandardCharsets.UTF_8);
        Files.createDirectories(file.toAbsolutePath().getParent());
        replace(file, bytes);
        closeLog();
        replace(log, (HEADER + sha256(bytes) + "\"}\n").getBytes(StandardCharsets.UTF_8));
        logChannel = FileChannel.open(log, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        logLines = 0;
        remember(state);
    }

    private static void replace(Path target, byte[] bytes) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) {
                ch.write(b);
            }
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private void closeLog() throws IOException {
        if (logChannel != null) {
            logChannel.close();
            logChannel = null;
        }
    }

    /** Closes the log (a save after it opens a snapshot and log again). */
    @Override
    public void close() {
        try {
            closeLog();
        } catch (IOException e) {
            throw new UncheckedIOException(log + ": cannot close the simulated venue's log", e);
        } finally {
            onDisk = null;
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
