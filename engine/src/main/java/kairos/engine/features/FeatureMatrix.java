package kairos.engine.features;

import java.util.Arrays;

/**
 * A whole series' features, row-major: one row per base bar in {@code [from, to)}, columns as in the schema.
 * Computed by replaying the series through a {@link FeatureEngine}, so a row is bit-identical to what the
 * incremental engine serves live for that bar. Bars before {@code from} are used for warm-up only.
 */
public final class FeatureMatrix {
    private final FeatureSchema schema;
    private final long[] timestamps;
    private final double[] data;
    private final int rows;
    private final int cols;

    private FeatureMatrix(FeatureSchema schema, long[] timestamps, double[] data, int rows) {
        this.schema = schema;
        this.timestamps = timestamps;
        this.data = data;
        this.rows = rows;
        this.cols = schema.size();
    }

    /** Every bar of the inputs as a row. */
    public static FeatureMatrix compute(FeatureConfig config, FeatureInputs inputs) {
        return compute(config, inputs, Long.MIN_VALUE, Long.MAX_VALUE);
    }

    /** Rows for bars opening in {@code [from, to)}; earlier bars warm the indicators up. */
    public static FeatureMatrix compute(FeatureConfig config, FeatureInputs inputs, long from, long to) {
        FeatureEngine engine = new FeatureEngine(config);
        int n = 0;
        for (var b : inputs.bars()) {
            if (b.openTime() >= from && b.openTime() < to) {
                n++;
            }
        }
        int cols = engine.schema().size();
        long[] ts = new long[n];
        double[] data = new double[Math.multiplyExact(n, cols)];
        int[] r = {0};
        inputs.replay(engine, (i, t, e) -> {
            if (t >= from && t < to) {
                e.snapshotInto(data, r[0] * cols);
                ts[r[0]++] = t;
            }
        });
        return new FeatureMatrix(engine.schema(), ts, data, n);
    }

    public FeatureSchema schema() {
        return schema;
    }

    public int rows() {
        return rows;
    }

    public int columns() {
        return cols;
    }

    /** Open time (epoch ms UTC) of the bar of {@code row}. */
    public long timestamp(int row) {
        return timestamps[row];
    }

    public double get(int row, int column) {
        return data[row * cols + column];
    }

    public double get(int row, String name) {
        return get(row, schema.require(name));
    }

    public double[] row(int row) {
        return Arrays.copyOfRange(data, row * cols, (row + 1) * cols);
    }

    public double[] column(int column) {
        double[] c = new double[rows];
        for (int r = 0; r < rows; r++) {
            c[r] = data[r * cols + column];
        }
        return c;
    }
}
