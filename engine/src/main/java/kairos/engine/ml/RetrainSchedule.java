package kairos.engine.ml;

/**
 * When to retrain in paper/live trading (R4.9): after every {@code everyTrades} closed trades. The kernel's
 * trade journal calls {@link #onTradeClosed}; a {@code true} answer means "start a retrain now" (off the kernel
 * thread). The new model then runs in shadow until {@link ShadowPromotion} decides.
 */
public final class RetrainSchedule {
    private final int everyTrades;
    private long closed;

    public RetrainSchedule(int everyTrades) {
        if (everyTrades < 1) {
            throw new IllegalArgumentException("retrain interval must be at least one trade: " + everyTrades);
        }
        this.everyTrades = everyTrades;
    }

    public static RetrainSchedule standard() {
        return new RetrainSchedule(100);
    }

    /** Counts one closed trade; true when this trade completes another block of {@code everyTrades}. */
    public boolean onTradeClosed() {
        closed++;
        return closed % everyTrades == 0;
    }

    public long closedTrades() {
        return closed;
    }
}
