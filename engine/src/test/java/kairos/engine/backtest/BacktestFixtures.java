package kairos.engine.backtest;

import kairos.engine.kernel.EquityPoint;

import kairos.engine.execution.TradeRecord;

import java.time.Instant;
import java.util.List;
import kairos.engine.domain.Side;

/**
 * A four-day backtest small enough to check by hand: 1,000 initial equity, three trades (a long winner,
 * a short loser that received funding, a long winner of another strategy) and two equity points a day,
 * the third day flat. Net P&amp;L 10 - 18 + 23 = 15 = final 1,015 - initial 1,000.
 */
final class BacktestFixtures {

    static final double INITIAL = 1000;
    static final long START = at("2025-05-01T00:00:00Z");
    static final long END = at("2025-05-05T00:00:00Z");

    private BacktestFixtures() {
    }

    static long at(String iso) {
        return Instant.parse(iso).toEpochMilli();
    }

    /** Long, trend/breakout: 2 x (106 - 100) = 12 gross, 1 fee, 1 funding paid: net 10, held 36 h. */
    static final TradeRecord LONG_WIN = new TradeRecord("T1", "SOLUSDT", Side.Buy, "trend", "breakout",
            at("2025-05-01T06:00:00Z"), 100, at("2025-05-02T18:00:00Z"), 106, 2, 12, 1, 1, 10, "tp1");

    /** Short, trend/pullback: 1 x (110 - 128) = -18 gross, 0.5 fee, 0.5 funding received: net -18, 12 h. */
    static final TradeRecord SHORT_LOSS = new TradeRecord("T2", "SOLUSDT", Side.Sell, "trend", "pullback",
            at("2025-05-03T06:00:00Z"), 110, at("2025-05-03T18:00:00Z"), 128, 1, -18, 0.5, -0.5, -18, "stop");

    /** Long, meanrev/breakout: 3 x (58 - 50) = 24 gross, 0.6 fee, 0.4 funding: net 23, held 12 h. */
    static final TradeRecord OTHER_WIN = new TradeRecord("T3", "SOLUSDT", Side.Buy, "meanrev", "breakout",
            at("2025-05-04T06:00:00Z"), 50, at("2025-05-04T18:00:00Z"), 58, 3, 24, 0.6, 0.4, 23, "trailing");

    static final List<TradeRecord> TRADES = List.of(LONG_WIN, SHORT_LOSS, OTHER_WIN);

    /** Day closes 1010, 990, 990 (flat day), 1015; peak 1010 then trough 990; 3 of 8 points in position. */
    static final List<EquityPoint> EQUITY = List.of(
            new EquityPoint(at("2025-05-01T06:00:00Z"), 1000, false),
            new EquityPoint(at("2025-05-01T18:00:00Z"), 1010, true),
            new EquityPoint(at("2025-05-02T06:00:00Z"), 1010, true),
            new EquityPoint(at("2025-05-02T18:00:00Z"), 990, false),
            new EquityPoint(at("2025-05-03T06:00:00Z"), 990, false),
            new EquityPoint(at("2025-05-03T18:00:00Z"), 990, false),
            new EquityPoint(at("2025-05-04T06:00:00Z"), 1020, true),
            new EquityPoint(at("2025-05-04T18:00:00Z"), 1015, false));

    static PerformanceMetrics metrics() {
        return PerformanceMetrics.compute(TRADES, EQUITY, INITIAL, START, END, 100, 125);
    }
}
