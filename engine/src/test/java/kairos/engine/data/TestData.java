package kairos.engine.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import kairos.engine.domain.Bar;

/** Helpers shared by the data tests. */
final class TestData {

    static final long T0 = Instant.parse("2025-01-01T00:00:00Z").toEpochMilli();
    static final long MIN = 60_000L;

    private TestData() {
    }

    /** Writes a text file made of the given lines. */
    static Path write(Path dir, String name, String... lines) {
        try {
            Path p = dir.resolve(name);
            Files.createDirectories(p.getParent());
            return Files.writeString(p, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fixture from src/test/resources/data. */
    static Path fixture(String name) {
        try {
            return Path.of(TestData.class.getResource("/data/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The project's sibling folder {@code ../shared} (real data), which may be absent. */
    static Path shared() {
        return Path.of(System.getProperty("kairos.project.dir", ".")).toAbsolutePath().resolve("../shared")
                .normalize();
    }

    /** {@code n} valid 1m bars from {@code start}, a gentle random walk. */
    static List<Bar> walk(long start, int n, long step) {
        List<Bar> bars = new ArrayList<>();
        double price = 100;
        java.util.Random r = new java.util.Random(start ^ n);
        for (int i = 0; i < n; i++) {
            double open = price;
            double close = Math.max(1, open + r.nextGaussian());
            double high = Math.max(open, close) + r.nextDouble();
            double low = Math.min(open, close) - r.nextDouble() * 0.5;
            bars.add(new Bar(start + i * step, open, high, low, close, r.nextDouble() * 10));
            price = close;
        }
        return bars;
    }

    static String csvLine(Bar b) {
        return TextValues.iso(b.openTime()) + "," + TextValues.plain(b.open()) + "," + TextValues.plain(b.high())
                + "," + TextValues.plain(b.low()) + "," + TextValues.plain(b.close()) + ","
                + TextValues.plain(b.volume());
    }
}
