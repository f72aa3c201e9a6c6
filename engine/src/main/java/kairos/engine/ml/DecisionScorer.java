package kairos.engine.ml;

import kairos.engine.domain.Bar;

import java.util.List;

/**
 * The ML hook of the kernel (step 3 of a decision): it sees every closed strategy-timeframe bar, and at each
 * decision point of a traded symbol returns the facts to insert into the rules (scores, regime, drift alerts).
 * Called on the kernel thread only; implementations keep their state per symbol.
 */
public interface DecisionScorer {
    /** No model: no facts. */
    DecisionScorer NONE = new DecisionScorer() {
        @Override
        public void onStrategyBar(String symbol, Bar bar) {
        }

        @Override
        public List<Object> facts(String symbol, long decisionTime) {
            return List.of();
        }
    };

    /** A strategy-timeframe bar of {@code symbol} has closed (before the decision on it, if any). */
    void onStrategyBar(String symbol, Bar bar);

    /** The facts for the decision on {@code symbol} at {@code decisionTime} (epoch ms). */
    List<Object> facts(String symbol, long decisionTime);
}
