package kairos.engine.ml;

import kairos.engine.domain.Bar;
import kairos.engine.domain.Timeframe;
import kairos.engine.features.FeatureEngine;
import kairos.engine.features.FeatureSchema;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Scores decision points in the kernel with one loaded {@link MlModel}: a {@link FeatureEngine} per traded symbol is
 * fed each strategy bar, and at a decision the current row is scored as a single row (no batching) into an
 * {@link MlScore}, a {@link MarketRegime} and any active {@link DriftAlert}s. Built only when the model's schema
 * hash equals the running schema's, so a model never scores columns it was not trained on.
 * Context symbols are not fed (training does not feed them either): the intermarket columns are missing in both.
 */
public final class ModelScorer implements DecisionScorer {
    private final MlModel model;
    private final Timeframe timeframe;
    private final Set<String> symbols;
    private final double barrierPrice;
    private final double barrierAtr;
    private final int atrColumn;
    private final RegimeDetector regimes;
    private final Map<String, FeatureEngine> engines = new HashMap<>();
    private final Map<String, DriftMonitor> drift = new HashMap<>();
    private final double[] row;
    private final int driftWindow;

    /**
     * @param driftWindow decision points per drift evaluation window (a day of 5m bars is 288)
     * @throws ModelSchemaMismatchException when the model was trained on another schema
     */
    public ModelScorer(MlModel model, Timeframe timeframe, Set<String> symbols, int driftWindow) {
        FeatureSchema running = MlFeatures.schema(timeframe);
        if (!running.hash().equals(model.schemaHash())) {
            throw new ModelSchemaMismatchException("model " + model.name() + "/" + model.version()
                    + " was trained on feature schema " + model.schemaHash() + ", the running " + timeframe
                    + " schema is " + running.hash() + ": retrain the model for this timeframe and feature version");
        }
        this.model = model;
        this.timeframe = timeframe;
        this.symbols = Set.copyOf(symbols);
        @SuppressWarnings("unchecked")
        Map<String, Object> labels = (Map<String, Object>) model.card().get("labels");
        this.barrierPrice = ((Number) labels.get("barrier_price")).doubleValue();
        this.barrierAtr = ((Number) labels.get("barrier_atr")).doubleValue();
        this.atrColumn = running.require(MlFeatures.ATR);
        this.regimes = RegimeDetector.standard(running);
        this.row = new double[running.size()];
        this.driftWindow = driftWindow;
    }

    /** Feeds bars from before the replay so the features are warm at its first decision. */
    public void prime(String symbol, List<Bar> history) {
        for (Bar b : history) {
            onStrategyBar(symbol, b);
        }
    }

    @Override
    public void onStrategyBar(String symbol, Bar bar) {
        if (!symbols.contains(symbol)) {
            return;
        }
        FeatureEngine e = engines.computeIfAbsent(symbol, s -> MlFeatures.engine(timeframe));
        if (bar.openTime() > e.lastBarOpenTime()) {
            e.onBar(bar);
        }
    }

    @Override
    public List<Object> facts(String symbol, long decisionTime) {
        FeatureEngine e = engines.get(symbol);
        if (e == null) {
            return List.of();
        }
        e.snapshotInto(row);
        double barrier = barrierAtr > 0 ? barrierAtr * row[atrColumn] : barrierPrice;
        MlScore score = model.score(symbol, decisionTime, row, barrier);
        List<Object> facts = new ArrayList<>(3);
        facts.add(score);
        facts.add(regimes.detect(symbol, decisionTime, row));
        DriftMonitor monitor = drift.computeIfAbsent(symbol,
                s -> model.newDriftMonitor(driftWindow, Math.max(1, driftWindow / 4), 0.25));
        facts.addAll(monitor.observe(symbol, decisionTime, row, score.getPUp()));
        return facts;
    }

    public MlModel model() {
        return model;
    }
}
