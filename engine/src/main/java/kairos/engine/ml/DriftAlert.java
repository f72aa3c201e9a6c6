package kairos.engine.ml;

/**
 * Raised when the live distribution of a feature ({@code kind} "feature") or of the model's P(UP) ({@code kind}
 * "prediction") has moved away from the training reference: population stability index {@code psi} at or above
 * {@code threshold} over the last {@code window} decision points. A rule fact: rules may veto or size down on it.
 */
public final class DriftAlert {
    private final String symbol;
    private final long time;
    private final String kind;
    private final String name;
    private final double psi;
    private final double threshold;
    private final int window;

    public DriftAlert(String symbol, long time, String kind, String name, double psi, double threshold, int window) {
        this.symbol = symbol;
        this.time = time;
        this.kind = kind;
        this.name = name;
        this.psi = psi;
        this.threshold = threshold;
        this.window = window;
    }

    public String getSymbol() { return symbol; }
    public long getTime() { return time; }
    public String getKind() { return kind; }
    public String getName() { return name; }
    public double getPsi() { return psi; }
    public double getThreshold() { return threshold; }
    public int getWindow() { return window; }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "DriftAlert[%s %s %s psi=%.3f >= %.2f over %d]", symbol, kind, name,
                psi, threshold, window);
    }
}
