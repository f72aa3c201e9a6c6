package kairos.engine.data;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.CodeSource;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A folder of compiled rule bases and EPL modules, so that a command does not compile what an earlier one compiled
 * from the same files. An entry is addressed by a key: the SHA-256 of everything its content depends on (the
 * source texts and paths, the compiler settings) plus {@link #fingerprint()}, the build of Kairos and of the rule
 * and CEP libraries; editing a file, upgrading a library or rebuilding Kairos therefore addresses another entry.
 *
 * <p>An entry file holds a header (format, kind, key), the payload length and the payload's SHA-256. A file whose
 * header, length or checksum does not match is never used: it is reported (a warning on the log, which goes to
 * stderr), deleted and compiled again. Entries are written to a temporary file and moved into place, so a reader
 * never sees half of one. Each kind keeps the number of most recently written entries its writer asks for.
 *
 * <p>The folder comes from the system property {@value #PROPERTY} (the command line sets it to {@code .cache/} in
 * the project); without it nothing is cached and everything compiles as before.
 */
public final class CompiledCache {
    /** System property naming the cache folder; unset, empty or {@code off}: no cache. */
    public static final String PROPERTY = "kairos.cache.dir";
    private static final String MAGIC = "kairos-compiled-cache/1";
    private static final Logger LOG = LoggerFactory.getLogger(CompiledCache.class);
    private static volatile String fingerprint;

    private final Path dir;

    private CompiledCache(Path dir) {
        this.dir = dir;
    }

    /** The cache of the folder in {@value #PROPERTY}, or empty when caching is off. */
    public static Optional<CompiledCache> configured() {
        String value = System.getProperty(PROPERTY);
        if (value == null || value.isBlank() || value.equalsIgnoreCase("off")) {
            return Optional.empty();
        }
        return Optional.of(new CompiledCache(Path.of(value)));
    }

    /** A cache in {@code dir} (tests; commands use {@link #configured()}). */
    public static CompiledCache in(Path dir) {
        return new CompiledCache(dir);
    }

    public Path dir() {
        return dir;
    }

    /** Where the entry of {@code kind} and {@code key} lives (it may not exist). */
    public Path file(String kind, String key) {
        return dir.resolve(kind).resolve(key + ".bin");
    }

    /**
     * The payload stored for {@code kind} and {@code key}, or empty when there is none. A damaged entry is
     * reported, deleted and treated as absent.
     */
    public Optional<byte[]> read(String kind, String key) {
        Path file = file(kind, key);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try (DataInputStream in = new DataInputStream(Files.newInputStream(file))) {
            String magic = in.readUTF();
            String storedKind = in.readUTF();
            String storedKey = in.readUTF();
            int length = in.readInt();
            byte[] checksum = in.readNBytes(32);
            if (!MAGIC.equals(magic) || !kind.equals(storedKind) || !key.equals(storedKey) || length < 0) {
                return corrupt(file, "its header does not match the entry");
            }
            byte[] payload = in.readNBytes(length);
            if (payload.length != length || in.read() != -1) {
                return corrupt(file, "its length does not match the header");
            }
            if (!Arrays.equals(checksum, sha256(payload))) {
                return corrupt(file, "its checksum does not match its content");
            }
            return Optional.of(payload);
        } catch (IOException e) {
            return corrupt(file, "it cannot be read (" + e.getMessage() + ")");
        }
    }

    /**
     * Reports an entry that was found but cannot be used (damaged, or its content no longer loads), deletes it
     * and returns empty, so the caller compiles again.
     */
    public Optional<byte[]> corrupt(Path file, String why) {
        LOG.warn("kairos: the compiled cache entry {} is not used: {}; deleting it and compiling again", file, why);
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("kairos: cannot delete {}: {}", file, e.getMessage());
        }
        return Optional.empty();
    }

    /**
     * Stores {@code payload} for {@code kind} and {@code key}, replacing any entry, then drops the oldest entries
     * of the kind beyond {@code keep}. A cache that cannot be written is reported and otherwise ignored: the
     * compiled result is in memory already.
     */
    public void write(String kind, String key, byte[] payload, int keep) {
        Path file = file(kind, key);
        try {
            Files.createDirectories(file.getParent());
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(payload.length + 256);
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                out.writeUTF(MAGIC);
                out.writeUTF(kind);
                out.writeUTF(key);
                out.writeInt(payload.length);
                out.write(sha256(payload));
                out.write(payload);
            }
            Path tmp = Files.createTempFile(file.getParent(), key, ".tmp");
            try {
                Files.write(tmp, bytes.toByteArray());
                try {
                    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
            evict(file.getParent(), keep);
        } catch (IOException e) {
            LOG.warn("kairos: cannot write the compiled cache entry {}: {}", file, e.getMessage());
        }
    }

    private static void evict(Path kindDir, int keep) throws IOException {
        List<Path> entries;
        try (Stream<Path> list = Files.list(kindDir)) {
            entries = list.filter(p -> p.toString().endsWith(".bin")).sorted(Comparator.comparing(CompiledCache::modified)
                    .reversed().thenComparing(Comparator.naturalOrder())).toList();
        }
        for (Path old : entries.subList(Math.min(Math.max(1, keep), entries.size()), entries.size())) {
            Files.deleteIfExists(old);
        }
    }

    private static long modified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    /** Hex SHA-256 of the parts, each followed by a separator, and of {@link #fingerprint()}. */
    public static String key(List<byte[]> parts) {
        MessageDigest sha = digest();
        sha.update(fingerprint().getBytes(StandardCharsets.UTF_8));
        for (byte[] p : parts) {
            sha.update(Integer.toString(p.length).getBytes(StandardCharsets.UTF_8));
            sha.update((byte) ':');
            sha.update(p);
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    /**
     * Identity of the code that compiles and later loads an entry: the bytes of the Kairos engine (its jar, or its
     * class folder in a build), the rule and CEP library jars by name, and the Java version.
     */
    public static String fingerprint() {
        String f = fingerprint;
        if (f == null) {
            MessageDigest sha = digest();
            sha.update(("java " + System.getProperty("java.vm.version") + "\n").getBytes(StandardCharsets.UTF_8));
            codeBytes(sha, CompiledCache.class);
            for (String library : List.of("org.drools.base.definitions.impl.KnowledgePackageImpl",
                    "org.drools.core.impl.RuleBaseFactory", "com.espertech.esper.common.client.EPCompiled",
                    "com.espertech.esper.compiler.client.EPCompilerProvider")) {
                sha.update((library + " from " + codeSourceOf(library) + "\n").getBytes(StandardCharsets.UTF_8));
            }
            f = HexFormat.of().formatHex(sha.digest()).substring(0, 16);
            fingerprint = f;
        }
        return f;
    }

    private static String codeSourceOf(String className) {
        try {
            CodeSource source = Class.forName(className, false, CompiledCache.class.getClassLoader())
                    .getProtectionDomain().getCodeSource();
            return source == null ? "?" : String.valueOf(source.getLocation());
        } catch (ClassNotFoundException | LinkageError e) {
            return "absent";
        }
    }

    /** Digests the jar or class folder {@code type} was loaded from. */
    private static void codeBytes(MessageDigest sha, Class<?> type) {
        try {
            CodeSource source = type.getProtectionDomain().getCodeSource();
            Path location = Path.of(source.getLocation().toURI());
            if (Files.isRegularFile(location)) {
                digestFile(sha, location);
            } else {
                try (Stream<Path> walk = Files.walk(location)) {
                    for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
                        sha.update(location.relativize(p).toString().getBytes(StandardCharsets.UTF_8));
                        digestFile(sha, p);
                    }
                }
            }
        } catch (IOException | URISyntaxException | RuntimeException e) {
            // no readable code source: a fresh identity per process, so nothing cached is trusted
            sha.update(("unknown build " + ProcessHandle.current().pid() + " " + System.nanoTime()).getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void digestFile(MessageDigest sha, Path file) throws IOException {
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                sha.update(buffer, 0, n);
            }
        }
    }

    static byte[] sha256(byte[] payload) {
        return digest().digest(payload);
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }
}
