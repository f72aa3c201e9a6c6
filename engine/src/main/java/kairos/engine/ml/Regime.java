package kairos.engine.ml;

/** Market regime (R4.10). */
public enum Regime {
    TREND, RANGE, HIGH_VOL
}
