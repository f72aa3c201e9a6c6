package kairos.engine.backtest;

import kairos.engine.domain.Bar;

import java.util.List;

/** Test helpers of this package for tests elsewhere. */
public final class BacktestRunTestAccess {
    private BacktestRunTestAccess() {
    }

    /** See {@code BacktestRunTest.liquid}: synthetic bars with realistic volume for the venue's impact model. */
    public static List<Bar> liquid(List<Bar> bars) {
        return BacktestRunTest.liquid(bars);
    }
}
