package kairos.engine.features;

/**
 * A set of columns computed incrementally from the closed bars of one timeframe. {@link #declare} declares the
 * columns in the order {@link #update} writes them, starting at {@code offset}.
 */
public interface FeatureGroup {
    void declare(Columns columns);

    /** Called once per newly closed bar (already pushed to {@code bars}); O(1) or O(window). */
    void update(BarHistory bars, double[] out, int offset);
}
