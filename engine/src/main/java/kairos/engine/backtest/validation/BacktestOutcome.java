package kairos.engine.backtest.validation;

import kairos.engine.backtest.BacktestRun;
import kairos.engine.backtest.BacktestSpec;
import kairos.engine.backtest.PerformanceMetrics;
import kairos.engine.data.CandleSeries;
import kairos.engine.execution.TradeRecord;
import kairos.engine.kernel.EquityCurve;
import kairos.engine.kernel.EquityPoint;
import kairos.engine.ml.DecisionScorer;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * What the validation keeps of one finished backtest (the run itself, with its decision audit, is closed): the
 * trades, the equity points, the KPIs over the measured window and the decision counts. The window starts where
 * the trading may start: a walk-forward run replays warm-up bars before it during which its entries are vetoed.
 *
 * @param from the measured window's start (epoch ms); equal to the replay's start without warm-up
 * @param to   the measured window's exclusive end
 */
public record BacktestOutcome(List<TradeRecord> trades, List<EquityPoint> equity, PerformanceMetrics metrics,
                              DecisionStats decisions, long from, long to, long barsProcessed, String rulesetHash,
                              String modelVersion, double initialEquity) {

    /**
     * Builds and replays {@code spec} (with the scorer {@code scorer} supplies, when not null), measuring from
     * {@code from} (Long.MIN_VALUE: the replay's start).
     */
    public static BacktestOutcome run(BacktestSpec spec, Supplier<DecisionScorer> scorer, long from, Set<String> watched) {
        try (BacktestRun run = new BacktestRun(spec)) {
            if (scorer != null) {
                DecisionScorer s = scorer.get();
                if (s != null) {
                    run.attach(s);
                }
            }
            run.replay(n -> { }, Long.MAX_VALUE);
            long start = Math.max(from, run.start());
            long end = run.end();
            List<EquityPoint> points = new ArrayList<>();
            EquityCurve curve = run.equityCurve();
            for (int i = 0; i < curve.size(); i++) {
                points.add(curve.get(i));
            }
            CandleSeries first = spec.bars().get(spec.symbols().getFirst());
            int i0 = Math.max(0, first.indexAtOrAfter(start));
            if (i0 >= first.size()) {
                i0 = first.size() - 1;
            }
            double firstPrice = first.open(i0);
            double lastPrice = first.close(first.size() - 1);
            List<TradeRecord> trades = List.copyOf(run.trades());
            PerformanceMetrics metrics = PerformanceMetrics.compute(trades, points, spec.initialEquity(), start,
                    Math.max(end, start + 1), firstPrice, lastPrice);
            return new BacktestOutcome(trades, List.copyOf(points), metrics,
                    DecisionStats.of(run.decisions(), start, watched), start, end, run.barsProcessed(),
                    run.rulesetHash(), spec.modelVersion(), spec.initialEquity());
        }
    }

    /** Net PnL of the trades. */
    public double netPnl() {
        double s = 0;
        for (TradeRecord t : trades) {
            s += t.netPnl();
        }
        return s;
    }

    /** The trade with the lowest net PnL, or null without trades. */
    public TradeRecord worstTrade() {
        TradeRecord worst = null;
        for (TradeRecord t : trades) {
            if (worst == null || t.netPnl() < worst.netPnl()) {
                worst = t;
            }
        }
        return worst;
    }
}
