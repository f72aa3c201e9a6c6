package kairos.engine.ml;

/**
 * How labels are drawn at a decision point (the close of bar t), all from bars t+1 .. t+{@code horizonBars}:
 * the barrier half-width is {@code barrierAtr} x ATR at t when {@code barrierAtr > 0}, else {@code barrierPrice}
 * (the "$2 move" of the specification, in quote currency). Move-size classes are cut at {@code sizeEdges}
 * (ascending, in barrier widths): S below the first edge, M, L, XL at or above the last.
 *
 * @param horizonBars  bars after the decision point in which a barrier may be touched (vertical barrier)
 * @param barrierPrice barrier distance in quote currency (used when {@code barrierAtr} is 0)
 * @param barrierAtr   barrier distance in ATRs (0: use {@code barrierPrice})
 * @param sizeEdges    three ascending edges, in barrier widths, between the classes S|M|L|XL
 */
public record LabelSpec(int horizonBars, double barrierPrice, double barrierAtr, double[] sizeEdges) {

    public static final String[] SIZE_CLASSES = {"S", "M", "L", "XL"};

    public LabelSpec {
        if (horizonBars < 1) {
            throw new IllegalArgumentException("label horizon must be at least 1 bar: " + horizonBars);
        }
        if (!(barrierAtr > 0) && !(barrierPrice > 0)) {
            throw new IllegalArgumentException("one of the barrier distances (price or ATR multiple) must be > 0");
        }
        if (barrierAtr < 0 || barrierPrice < 0) {
            throw new IllegalArgumentException("barrier distances must not be negative");
        }
        sizeEdges = sizeEdges.clone();
        if (sizeEdges.length != SIZE_CLASSES.length - 1) {
            throw new IllegalArgumentException("size classes need " + (SIZE_CLASSES.length - 1) + " edges");
        }
        for (int i = 1; i < sizeEdges.length; i++) {
            if (!(sizeEdges[i] > sizeEdges[i - 1])) {
                throw new IllegalArgumentException("size-class edges must ascend");
            }
        }
    }

    /** The $2 move within 4 hours of 5-minute bars (R17), classes at half, one and two targets. */
    public static LabelSpec dollars(double barrierPrice, int horizonBars) {
        return new LabelSpec(horizonBars, barrierPrice, 0, new double[]{0.5, 1.0, 2.0});
    }

    public static LabelSpec atr(double k, int horizonBars) {
        return new LabelSpec(horizonBars, 0, k, new double[]{0.5, 1.0, 2.0});
    }

    /** The barrier half-width at a decision point whose ATR is {@code atr} (NaN when ATR is needed and unknown). */
    public double barrier(double atr) {
        return barrierAtr > 0 ? barrierAtr * atr : barrierPrice;
    }

    @Override
    public double[] sizeEdges() {
        return sizeEdges.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LabelSpec l && l.horizonBars == horizonBars && l.barrierPrice == barrierPrice
                && l.barrierAtr == barrierAtr && java.util.Arrays.equals(l.sizeEdges, sizeEdges);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(horizonBars, barrierPrice, barrierAtr, java.util.Arrays.hashCode(sizeEdges));
    }

    @Override
    public String toString() {
        return "LabelSpec[horizonBars=" + horizonBars + ", barrierPrice=" + barrierPrice + ", barrierAtr=" + barrierAtr
                + ", sizeEdges=" + java.util.Arrays.toString(sizeEdges) + "]";
    }
}
