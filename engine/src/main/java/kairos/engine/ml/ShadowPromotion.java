package kairos.engine.ml;

import java.util.Locale;

/**
 * Shadow A/B between the live model and a retrained candidate (R4.12): both score the latest fold's labelled rows
 * (rows neither was fitted on), and the candidate is promoted only if its direction log loss is lower by at least
 * {@code minImprovement}. Until then the candidate only scores in shadow; the live model keeps deciding.
 */
public final class ShadowPromotion {
    private final double minImprovement;

    public ShadowPromotion(double minImprovement) {
        this.minImprovement = minImprovement;
    }

    /** The verdict of one comparison, with both figures for the audit log. */
    public record Verdict(boolean promote, double currentLogLoss, double candidateLogLoss, int rows, String reason) {
    }

    /**
     * Compares on {@code rows} of {@code data} (the latest fold's test rows).
     */
    public Verdict compare(MlModel current, MlModel candidate, TrainingSet data, int[] rows) {
        if (rows.length == 0) {
            return new Verdict(false, Double.NaN, Double.NaN, 0, "no labelled rows in the latest fold: keep the current model");
        }
        double[][] a = new double[rows.length][Direction.COUNT];
        double[][] b = new double[rows.length][Direction.COUNT];
        int[] y = new int[rows.length];
        for (int k = 0; k < rows.length; k++) {
            double[] row = data.features().row(rows[k]);
            current.directionProbabilities(row, a[k]);
            candidate.directionProbabilities(row, b[k]);
            y[k] = data.labels().direction(rows[k]);
        }
        double la = ScoreMetrics.logLoss(a, y);
        double lb = ScoreMetrics.logLoss(b, y);
        boolean promote = lb <= la - minImprovement;
        String reason = String.format(Locale.ROOT, "candidate %s log loss %.4f vs current %s %.4f on %d rows: %s",
                candidate.version(), lb, current.version(), la, rows.length, promote ? "promote" : "keep in shadow");
        return new Verdict(promote, la, lb, rows.length, reason);
    }
}
