package kairos.engine.ml;

import java.util.ArrayList;
import java.util.List;

/**
 * Live feature and prediction drift (R20.9): keeps the bins of the last {@code window} decision points of each
 * monitored feature and of P(UP), and every {@code every} points compares them with the training reference by PSI.
 * A PSI at or above {@code threshold} (0.25 by the usual reading: "significant shift") raises a {@link DriftAlert},
 * which stays up until the next evaluation clears it. Nothing is reported before the window has filled.
 * O(monitored) per point, no allocation except when alerts change.
 */
public final class DriftMonitor {
    private final List<DriftReference> features;
    private final DriftReference prediction;
    private final int window;
    private final int every;
    private final double threshold;
    private final int[][] ring;
    private final int[][] counts;
    private final int[] finite;
    private int next;
    private long seen;
    private List<DriftAlert> active = List.of();
    private final double[] lastPsi;

    public DriftMonitor(List<DriftReference> features, DriftReference prediction, int window, int every,
                        double threshold) {
        if (window < 10 || every < 1) {
            throw new IllegalArgumentException("drift window must be >= 10 and the evaluation interval >= 1");
        }
        this.features = List.copyOf(features);
        this.prediction = prediction;
        this.window = window;
        this.every = every;
        this.threshold = threshold;
        int k = this.features.size() + 1;
        this.ring = new int[k][window];
        this.counts = new int[k][];
        this.finite = new int[k];
        this.lastPsi = new double[k];
        for (int i = 0; i < k; i++) {
            java.util.Arrays.fill(ring[i], -1);
            counts[i] = new int[i < this.features.size() ? this.features.get(i).bins() : prediction.bins()];
        }
    }

    /** Adds one decision point's feature row and P(UP); returns the alerts now active. */
    public List<DriftAlert> observe(String symbol, long time, double[] row, double pUp) {
        for (int i = 0; i < features.size(); i++) {
            DriftReference ref = features.get(i);
            push(i, row[ref.column()], ref);
        }
        push(features.size(), pUp, prediction);
        next = (next + 1) % window;
        seen++;
        if (seen >= window && seen % every == 0) {
            List<DriftAlert> alerts = new ArrayList<>();
            for (int i = 0; i <= features.size(); i++) {
                boolean isPrediction = i == features.size();
                DriftReference ref = isPrediction ? prediction : features.get(i);
                lastPsi[i] = ref.psi(counts[i], finite[i]);
                if (lastPsi[i] >= threshold) {
                    alerts.add(new DriftAlert(symbol, time, isPrediction ? "prediction" : "feature", ref.name(),
                            lastPsi[i], threshold, window));
                }
            }
            active = List.copyOf(alerts);
        }
        return active;
    }

    private void push(int i, double value, DriftReference ref) {
        int old = ring[i][next];
        if (old >= 0) {
            counts[i][old]--;
            finite[i]--;
        }
        int b = Double.isFinite(value) ? ref.binOf(value) : -1;
        ring[i][next] = b;
        if (b >= 0) {
            counts[i][b]++;
            finite[i]++;
        }
    }

    /** PSI per monitored quantity at the last evaluation (features in order, then the prediction). */
    public double[] lastPsi() {
        return lastPsi.clone();
    }

    public List<DriftAlert> active() {
        return active;
    }
}
