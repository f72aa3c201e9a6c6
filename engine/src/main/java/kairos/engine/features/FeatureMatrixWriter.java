package kairos.engine.features;

import java.io.IOException;
import java.io.Writer;
import java.time.Instant;

/**
 * Writes feature rows as CSV: a header {@code timestamp,<feature>...}, then one line per bar with the bar's open
 * time in ISO-8601 UTC and every feature; NaN (warm-up, absent input) is an empty cell. Numbers use
 * {@link Double#toString}, which round-trips exactly. Streams: the matrix is never held in memory.
 */
public final class FeatureMatrixWriter {
    private FeatureMatrixWriter() {
    }

    /** Replays {@code inputs} and writes the rows of bars opening in {@code [from, to)}; returns the rows written. */
    public static long write(FeatureConfig config, FeatureInputs inputs, long from, long to, Writer out) throws IOException {
        FeatureEngine engine = new FeatureEngine(config);
        writeHeader(engine.schema(), out);
        long[] n = {0};
        IOException[] failure = {null};
        StringBuilder sb = new StringBuilder(8192);
        inputs.replay(engine, (i, t, e) -> {
            if (failure[0] != null || t < from || t >= to) {
                return;
            }
            sb.setLength(0);
            appendRow(sb, t, e);
            try {
                out.append(sb);
            } catch (IOException ex) {
                failure[0] = ex;
            }
            n[0]++;
        });
        if (failure[0] != null) {
            throw failure[0];
        }
        out.flush();
        return n[0];
    }

    /** Writes an already computed matrix. */
    public static void write(FeatureMatrix m, Writer out) throws IOException {
        writeHeader(m.schema(), out);
        StringBuilder sb = new StringBuilder(8192);
        for (int r = 0; r < m.rows(); r++) {
            sb.setLength(0);
            sb.append(Instant.ofEpochMilli(m.timestamp(r)));
            for (int c = 0; c < m.columns(); c++) {
                sb.append(',');
                appendValue(sb, m.get(r, c));
            }
            sb.append('\n');
            out.append(sb);
        }
        out.flush();
    }

    private static void writeHeader(FeatureSchema schema, Writer out) throws IOException {
        StringBuilder sb = new StringBuilder("timestamp");
        for (int c = 0; c < schema.size(); c++) {
            sb.append(',').append(schema.name(c));
        }
        out.append(sb).append('\n');
    }

    private static void appendRow(StringBuilder sb, long t, FeatureEngine e) {
        sb.append(Instant.ofEpochMilli(t));
        int n = e.schema().size();
        for (int c = 0; c < n; c++) {
            sb.append(',');
            appendValue(sb, e.value(c));
        }
        sb.append('\n');
    }

    private static void appendValue(StringBuilder sb, double v) {
        if (!Double.isNaN(v)) {
            sb.append(v);
        }
    }
}
