package kairos.engine.backtest.validation;

import kairos.engine.domain.Bar;
import kairos.engine.ml.DecisionScorer;

import java.util.List;

/**
 * The walk-forward's models in one continuous run: every scorer is fed every strategy bar (so each one's features
 * are warm when its turn comes), and a decision is scored by the scorer of the stage it falls in, stage k covering
 * {@code [from_k, from_k+1)} (before the first stage: the first). Fold k's model thus only ever scores fold k's test
 * window, as in the per-fold runs.
 */
public final class ScheduledScorer implements DecisionScorer {
    private final long[] from;
    private final DecisionScorer[] scorers;

    public ScheduledScorer(List<Long> from, List<? extends DecisionScorer> scorers) {
        if (from.size() != scorers.size() || from.isEmpty()) {
            throw new IllegalArgumentException("a schedule needs one start per scorer, and at least one");
        }
        this.from = new long[from.size()];
        for (int i = 0; i < this.from.length; i++) {
            this.from[i] = from.get(i);
            if (i > 0 && this.from[i] <= this.from[i - 1]) {
                throw new IllegalArgumentException("stage starts must ascend");
            }
        }
        this.scorers = scorers.toArray(new DecisionScorer[0]);
    }

    @Override
    public void onStrategyBar(String symbol, Bar bar) {
        for (DecisionScorer s : scorers) {
            s.onStrategyBar(symbol, bar);
        }
    }

    @Override
    public List<Object> facts(String symbol, long decisionTime) {
        return scorers[stage(decisionTime)].facts(symbol, decisionTime);
    }

    /** The stage a time falls in. */
    int stage(long time) {
        int k = 0;
        while (k + 1 < from.length && time >= from[k + 1]) {
            k++;
        }
        return k;
    }
}
