package kairos.engine.ml;

/**
 * The second model family: multinomial logistic regression on standardised features (missing values at the
 * training mean, standardised values clipped to +-5), L2-penalised, fitted by full-batch Adam from zero weights,
 * so the same rows always give the same model. A different view from the trees (linear, smooth), which is what
 * the agreement fact needs.
 */
public final class LogisticModel {
    private static final double CLIP = 5;

    private final double[] mean;
    private final double[] scale;
    private final double[][] weights;
    private final double[] bias;

    public LogisticModel(double[] mean, double[] scale, double[][] weights, double[] bias) {
        if (mean.length != scale.length || weights.length != bias.length) {
            throw new IllegalArgumentException("logistic model arrays disagree in length");
        }
        for (double[] w : weights) {
            if (w.length != mean.length) {
                throw new IllegalArgumentException("logistic model weights have " + w.length + " columns, expected "
                        + mean.length);
            }
        }
        this.mean = mean;
        this.scale = scale;
        this.weights = weights;
        this.bias = bias;
    }

    /**
     * Fits on {@code x[row]} (raw feature rows, NaN for missing) and {@code y[row]} in {@code 0..classes-1}.
     *
     * @param l2     penalty on the weights (per row)
     * @param epochs full passes of gradient descent
     */
    public static LogisticModel fit(double[][] x, int[] y, int classes, double l2, int epochs, double learningRate) {
        int n = x.length;
        if (n == 0) {
            throw new IllegalArgumentException("no rows to fit the logistic model on");
        }
        int d = x[0].length;
        double[] mean = new double[d];
        double[] scale = new double[d];
        for (int j = 0; j < d; j++) {
            double s = 0;
            double ss = 0;
            int k = 0;
            for (double[] row : x) {
                double v = row[j];
                if (Double.isFinite(v)) {
                    s += v;
                    ss += v * v;
                    k++;
                }
            }
            mean[j] = k == 0 ? 0 : s / k;
            double var = k == 0 ? 0 : ss / k - mean[j] * mean[j];
            scale[j] = var > 1e-18 ? Math.sqrt(var) : 0;
        }
        double[][] z = new double[n][d];
        for (int r = 0; r < n; r++) {
            standardise(x[r], mean, scale, z[r]);
        }
        double[][] w = new double[classes][d];
        double[] b = new double[classes];
        double[][] mw = new double[classes][d];
        double[][] vw = new double[classes][d];
        double[] mb = new double[classes];
        double[] vb = new double[classes];
        double[][] gw = new double[classes][d];
        double[] gb = new double[classes];
        double[] p = new double[classes];
        double beta1 = 0.9;
        double beta2 = 0.999;
        for (int e = 1; e <= epochs; e++) {
            for (int c = 0; c < classes; c++) {
                java.util.Arrays.fill(gw[c], 0);
            }
            java.util.Arrays.fill(gb, 0);
            for (int r = 0; r < n; r++) {
                softmax(z[r], w, b, p);
                for (int c = 0; c < classes; c++) {
                    double g = p[c] - (y[r] == c ? 1 : 0);
                    gb[c] += g;
                    double[] gwc = gw[c];
                    double[] zr = z[r];
                    for (int j = 0; j < d; j++) {
                        gwc[j] += g * zr[j];
                    }
                }
            }
            double c1 = 1 - Math.pow(beta1, e);
            double c2 = 1 - Math.pow(beta2, e);
            for (int c = 0; c < classes; c++) {
                for (int j = 0; j < d; j++) {
                    double g = gw[c][j] / n + l2 * w[c][j];
                    mw[c][j] = beta1 * mw[c][j] + (1 - beta1) * g;
                    vw[c][j] = beta2 * vw[c][j] + (1 - beta2) * g * g;
                    w[c][j] -= learningRate * (mw[c][j] / c1) / (Math.sqrt(vw[c][j] / c2) + 1e-8);
                }
                double g = gb[c] / n;
                mb[c] = beta1 * mb[c] + (1 - beta1) * g;
                vb[c] = beta2 * vb[c] + (1 - beta2) * g * g;
                b[c] -= learningRate * (mb[c] / c1) / (Math.sqrt(vb[c] / c2) + 1e-8);
            }
        }
        return new LogisticModel(mean, scale, w, b);
    }

    private static void standardise(double[] row, double[] mean, double[] scale, double[] out) {
        for (int j = 0; j < mean.length; j++) {
            double v = row[j];
            out[j] = scale[j] == 0 || !Double.isFinite(v) ? 0 : Math.max(-CLIP, Math.min(CLIP, (v - mean[j]) / scale[j]));
        }
    }

    private static void softmax(double[] z, double[][] w, double[] b, double[] out) {
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < w.length; c++) {
            double s = b[c];
            double[] wc = w[c];
            for (int j = 0; j < z.length; j++) {
                s += wc[j] * z[j];
            }
            out[c] = s;
            max = Math.max(max, s);
        }
        double sum = 0;
        for (int c = 0; c < w.length; c++) {
            out[c] = Math.exp(out[c] - max);
            sum += out[c];
        }
        for (int c = 0; c < w.length; c++) {
            out[c] /= sum;
        }
    }

    /** Class probabilities of one raw feature row, written into {@code out}; allocation-free. */
    public void predict(double[] row, double[] out) {
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < weights.length; c++) {
            double s = bias[c];
            double[] wc = weights[c];
            for (int j = 0; j < mean.length; j++) {
                double v = row[j];
                if (scale[j] != 0 && Double.isFinite(v)) {
                    s += wc[j] * Math.max(-CLIP, Math.min(CLIP, (v - mean[j]) / scale[j]));
                }
            }
            out[c] = s;
            max = Math.max(max, s);
        }
        double sum = 0;
        for (int c = 0; c < weights.length; c++) {
            out[c] = Math.exp(out[c] - max);
            sum += out[c];
        }
        for (int c = 0; c < weights.length; c++) {
            out[c] /= sum;
        }
    }

    public int classes() {
        return weights.length;
    }

    public double[] mean() {
        return mean.clone();
    }

    public double[] scale() {
        return scale.clone();
    }

    public double[][] weights() {
        double[][] w = new double[weights.length][];
        for (int c = 0; c < w.length; c++) {
            w[c] = weights[c].clone();
        }
        return w;
    }

    public double[] bias() {
        return bias.clone();
    }
}
