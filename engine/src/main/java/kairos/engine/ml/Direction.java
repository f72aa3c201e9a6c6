package kairos.engine.ml;

/** The primary target (R4.13): which barrier of the triple barrier the price touched first. Ordinal = class id. */
public enum Direction {
    UP, DOWN, FLAT;

    public static final int COUNT = 3;
}
