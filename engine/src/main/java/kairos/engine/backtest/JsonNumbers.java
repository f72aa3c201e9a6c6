package kairos.engine.backtest;

/** JSON has no NaN or infinity: undefined metrics (a ratio over nothing) are written as {@code null}. */
final class JsonNumbers {

    private JsonNumbers() {
    }

    /** The value boxed, or {@code null} when it is NaN or infinite. */
    static Double finiteOrNull(double value) {
        return Double.isFinite(value) ? value : null;
    }
}
