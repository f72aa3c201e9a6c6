package kairos.engine.data;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

public class CompiledCacheTest {
    @TempDir
    Path dir;

    public static ListAppender<ILoggingEvent> capture() {
        Logger logger = (Logger) LoggerFactory.getLogger(CompiledCache.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        logger.setAdditive(false);
        return appender;
    }

    @Test
    void anEntryReadsBackAndADamagedOneIsReportedDeletedAndNeverUsed() throws IOException {
        CompiledCache cache = CompiledCache.in(dir);
        byte[] payload = "compiled".getBytes(StandardCharsets.UTF_8);
        String key = CompiledCache.key(List.of("source".getBytes(StandardCharsets.UTF_8)));
        assertThat(cache.read("rules", key)).isEmpty();
        cache.write("rules", key, payload, 4);
        assertThat(cache.read("rules", key)).get().isEqualTo(payload);
        assertThat(cache.read("epl", key)).as("another kind").isEmpty();

        ListAppender<ILoggingEvent> log = capture();
        Path file = cache.file("rules", key);
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 1] ^= 1; // one flipped bit in the payload
        Files.write(file, bytes);
        assertThat(cache.read("rules", key)).isEmpty();
        assertThat(file).doesNotExist();
        assertThat(log.list).singleElement().extracting(ILoggingEvent::getFormattedMessage).asString()
                .contains(file.toString(), "checksum does not match", "compiling again");

        cache.write("rules", key, payload, 4);
        Files.write(file, java.util.Arrays.copyOf(Files.readAllBytes(file), 40)); // cut short
        assertThat(cache.read("rules", key)).isEmpty();
        Files.writeString(file, "not a cache entry at all");
        assertThat(cache.read("rules", key)).isEmpty();
        assertThat(log.list).hasSize(3);
        // an entry moved to another key is not taken for it
        cache.write("rules", key, payload, 4);
        String other = CompiledCache.key(List.of("other source".getBytes(StandardCharsets.UTF_8)));
        Files.createDirectories(cache.file("rules", other).getParent());
        Files.copy(cache.file("rules", key), cache.file("rules", other));
        assertThat(cache.read("rules", other)).isEmpty();
        assertThat(log.list.getLast().getFormattedMessage()).contains("header does not match");
    }

    @Test
    void keysDependOnEveryPartAndEachKindKeepsItsNewestEntries() throws IOException {
        byte[] a = "a".getBytes(StandardCharsets.UTF_8);
        byte[] b = "b".getBytes(StandardCharsets.UTF_8);
        assertThat(CompiledCache.key(List.of(a, b))).isEqualTo(CompiledCache.key(List.of(a, b)))
                .isNotEqualTo(CompiledCache.key(List.of(b, a)))
                .isNotEqualTo(CompiledCache.key(List.of("ab".getBytes(StandardCharsets.UTF_8))));
        assertThat(CompiledCache.fingerprint()).hasSize(16).isEqualTo(CompiledCache.fingerprint());
        CompiledCache cache = CompiledCache.in(dir);
        for (int i = 0; i < 5; i++) {
            String key = CompiledCache.key(List.of(new byte[] {(byte) i}));
            cache.write("epl", key, a, 3);
            Files.setLastModifiedTime(cache.file("epl", key), FileTime.fromMillis(1_000_000L * (i + 1)));
        }
        cache.write("epl", CompiledCache.key(List.of(new byte[] {9})), a, 3);
        try (var files = Files.list(dir.resolve("epl"))) {
            assertThat(files.filter(p -> p.toString().endsWith(".bin")).count()).isEqualTo(3);
        }
        assertThat(cache.read("epl", CompiledCache.key(List.of(new byte[] {0})))).as("the oldest went").isEmpty();
        assertThat(cache.read("epl", CompiledCache.key(List.of(new byte[] {4})))).isPresent();
    }

    @Test
    void theCacheFolderComesFromTheSystemPropertyAndOffTurnsItOff() {
        String before = System.getProperty(CompiledCache.PROPERTY);
        try {
            System.clearProperty(CompiledCache.PROPERTY);
            assertThat(CompiledCache.configured()).isEmpty();
            System.setProperty(CompiledCache.PROPERTY, "off");
            assertThat(CompiledCache.configured()).isEmpty();
            System.setProperty(CompiledCache.PROPERTY, dir.toString());
            assertThat(CompiledCache.configured()).get().extracting(CompiledCache::dir).isEqualTo(dir);
        } finally {
            if (before == null) {
                System.clearProperty(CompiledCache.PROPERTY);
            } else {
                System.setProperty(CompiledCache.PROPERTY, before);
            }
        }
    }

    @Test
    void anUnwritableCacheIsReportedAndOtherwiseIgnored() throws IOException {
        Path file = Files.writeString(dir.resolve("not-a-folder"), "x");
        ListAppender<ILoggingEvent> log = capture();
        CompiledCache.in(file).write("rules", "k", new byte[] {1}, 2);
        assertThat(log.list).singleElement().extracting(ILoggingEvent::getFormattedMessage).asString()
                .contains("cannot write the compiled cache entry");
    }
}
