package kairos.engine.ml;

/**
 * The ML scores of one decision point, as a rule fact (R5.10-R5.12). Probabilities are calibrated on a held-out
 * window, so {@code confidence > 0.7} means the called outcome happened about 70% of the time on that window.
 * <ul>
 *   <li>{@code pUp}, {@code pDown}, {@code pFlat}: which triple barrier is touched first (R4.13);</li>
 *   <li>{@code edge}: pUp - pDown (R5.10 reads |edge| > 0.15); {@code confidence}: the largest of the three;</li>
 *   <li>{@code direction}: "UP", "DOWN" or "FLAT", the most probable;</li>
 *   <li>{@code agreement}: share of model families whose most probable direction equals {@code direction}
 *       (R5.12 reads agreement > 0.6);</li>
 *   <li>{@code sizeClass}: most probable move size S/M/L/XL, {@code pLargeMove} = P(L) + P(XL) (R4.14);</li>
 *   <li>{@code expectedBarsToTarget}: regression of bars until a barrier is touched (R4.15);</li>
 *   <li>{@code optimalStopBarriers}: regression of the tightest surviving stop, in barrier widths (R4.16);</li>
 *   <li>{@code barrier}: the barrier width at this point in quote currency (stop distance = optimalStopBarriers x barrier).</li>
 * </ul>
 * A plain bean (getters) so DRL patterns can read it: {@code MlScore(confidence > 0.7, agreement > 0.6)}.
 */
public final class MlScore {
    private final String symbol;
    private final long time;
    private final String modelVersion;
    private final double pUp;
    private final double pDown;
    private final double pFlat;
    private final double agreement;
    private final String sizeClass;
    private final double pLargeMove;
    private final double expectedBarsToTarget;
    private final double optimalStopBarriers;
    private final double barrier;

    public MlScore(String symbol, long time, String modelVersion, double pUp, double pDown, double pFlat,
                   double agreement, String sizeClass, double pLargeMove, double expectedBarsToTarget,
                   double optimalStopBarriers, double barrier) {
        this.symbol = symbol;
        this.time = time;
        this.modelVersion = modelVersion;
        this.pUp = pUp;
        this.pDown = pDown;
        this.pFlat = pFlat;
        this.agreement = agreement;
        this.sizeClass = sizeClass;
        this.pLargeMove = pLargeMove;
        this.expectedBarsToTarget = expectedBarsToTarget;
        this.optimalStopBarriers = optimalStopBarriers;
        this.barrier = barrier;
    }

    public String getSymbol() { return symbol; }
    public long getTime() { return time; }
    public String getModelVersion() { return modelVersion; }
    public double getPUp() { return pUp; }
    public double getPDown() { return pDown; }
    public double getPFlat() { return pFlat; }
    public double getEdge() { return pUp - pDown; }
    public double getConfidence() { return Math.max(pUp, Math.max(pDown, pFlat)); }
    public double getAgreement() { return agreement; }
    public String getSizeClass() { return sizeClass; }
    public double getPLargeMove() { return pLargeMove; }
    public double getExpectedBarsToTarget() { return expectedBarsToTarget; }
    public double getOptimalStopBarriers() { return optimalStopBarriers; }
    public double getBarrier() { return barrier; }

    public String getDirection() {
        if (pUp >= pDown && pUp >= pFlat) {
            return Direction.UP.name();
        }
        return pDown >= pFlat ? Direction.DOWN.name() : Direction.FLAT.name();
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT,
                "MlScore[%s up=%.3f down=%.3f flat=%.3f agreement=%.2f size=%s ttt=%.1f stop=%.2f model=%s]",
                symbol, pUp, pDown, pFlat, agreement, sizeClass, expectedBarsToTarget, optimalStopBarriers, modelVersion);
    }
}
