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
import java.util.Optional;

/**
 * A simulated venue's state in one JSON file, replaced atomically on every save (written beside it, renamed over
 * it): a crash of Kairos (kill -9) leaves the old state or the new one, never half of either. The file is not
 * fsynced on each save — the paper venue's state is rewritten at every order change and fill, and an fsync there
 * was 3 ms of every order's latency (docs/performance.md); after a power loss the journal's reconciliation with
 * it decides, as with the exchange.
 */
public final class VenueStateFile implements VenueStore {
    private final Path file;

    public VenueStateFile(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    @Override
    public Optional<SimulatedVenue.State> load() {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(StateJson.read(Files.readString(file), SimulatedVenue.State.class));
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read the simulated venue's state", e);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void save(SimulatedVenue.State state) {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer bytes = ByteBuffer.wrap(StateJson.write(state).getBytes(StandardCharsets.UTF_8));
                while (bytes.hasRemaining()) {
                    ch.write(bytes);
                }
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot save the simulated venue's state", e);
        }
    }
}
