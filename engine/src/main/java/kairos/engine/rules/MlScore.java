package kairos.engine.rules;

/**
 * Rule fact: the ML ensemble's view of a symbol at a decision point (R4, R5.10-R5.12). Absent when no model is
 * deployed; the rule parameter {@code mlRequired} says whether that blocks trading (ADR 0006).
 *
 * @param pUp          probability of an up move reaching the target first
 * @param pDown        probability of a down move reaching the target first
 * @param pFlat        probability of neither within the horizon
 * @param confidence   the model's confidence, 0..1
 * @param agreement    share of the ensemble's models that agree with the majority direction, 0..1
 * @param sizeClass    expected move size class (0 small .. 2 large)
 * @param timeToTarget expected minutes to the target
 */
public record MlScore(String symbol, double pUp, double pDown, double pFlat, double confidence, double agreement,
                     int sizeClass, double timeToTarget, String modelVersion) {

    // bean-style accessors so that DRL constraints read naturally (pUp > pDown)
    public String getSymbol() { return symbol; }
    public double getPUp() { return pUp; }
    public double getPDown() { return pDown; }
    public double getPFlat() { return pFlat; }
    public double getConfidence() { return confidence; }
    public double getAgreement() { return agreement; }
    public int getSizeClass() { return sizeClass; }
    public double getTimeToTarget() { return timeToTarget; }
    public String getModelVersion() { return modelVersion; }

    /** P(up) > P(down): the ensemble favours a long. */
    public boolean isBullish() { return pUp > pDown; }
    /** P(down) > P(up): the ensemble favours a short. */
    public boolean isBearish() { return pDown > pUp; }

    /**
     * |P(up) − P(down)|: the directional edge of R5.10, rounded to 9 decimals so that a boundary such as
     * 0.45 − 0.30 compares as the 0.15 it is, not as binary 0.15000000000000002.
     */
    public double getEdge() { return Math.rint(Math.abs(pUp - pDown) * 1e9) / 1e9; }
}
