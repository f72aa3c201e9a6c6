package kairos.engine.ml;

import kairos.engine.data.CandleSeries;
import kairos.engine.domain.Timeframe;
import kairos.engine.testing.SyntheticBars;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Trains one small model on seeded synthetic bars and checks persistence, refusal, scoring and walk-forward. */
class ModelTest {
    private static final long START = 1_744_329_600_000L; // 2025-04-11T00:00Z
    private static final long DAY = 86_400_000L;
    private static final BoosterParams SMALL = new BoosterParams(2, 0.3, 12, 4, 0.8, 0.5, 5, 1, 1, 42);

    static CandleSeries bars;
    static TrainingSet data;
    static TrainerConfig cfg;
    static Fold window;
    static MlModel model;

    @BeforeAll
    static void train() {
        bars = CandleSeries.of(Timeframe.M5, SyntheticBars.randomWalk(3, START, 300_000L, 9 * 288, 150));
        LabelSpec spec = LabelSpec.dollars(1.0, 12);
        data = TrainingSet.of(bars, spec);
        TrainerConfig d = TrainerConfig.defaults("test", "v1", spec);
        cfg = new TrainerConfig("test", "v1", spec, SMALL, 0.05, 10, 0.05, 0.25, 300_000L, 5);
        assertThat(d.booster().threads()).isEqualTo(1);
        window = new Fold(0, START + DAY, START + 6 * DAY, START + 6 * DAY, START + 8 * DAY);
        PurgedSplit split = PurgedSplit.of(data.openTimes(), data.labels(), window, cfg.validationFraction(),
                cfg.embargoMillis());
        model = ModelTrainer.train(data, split, window, cfg);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void cardRecordsTheSchemaWindowParametersAndCalibration() {
        Map<String, Object> card = model.card();
        assertThat(card.get("feature_schema_hash")).isEqualTo(MlFeatures.schema(Timeframe.M5).hash());
        assertThat(card).containsKeys("training_window", "hyper_parameters", "validation_metrics", "calibration",
                "feature_importance_gain_top20", "labels", "best_iterations");
        assertThat(model.columns()).hasSize(data.schema().size());
        assertThat(model.driftFeatures()).isNotEmpty();
        assertThat(model.direction().outputs()).isEqualTo(3);
        assertThat(model.size().outputs()).isEqualTo(4);
        assertThat(model.direction().bestIteration()).isBetween(0, SMALL.maxRounds() - 1);
    }

    @Test
    void saveLoadRoundTripGivesIdenticalScores(@TempDir Path tmp) throws Exception {
        Path dir = ModelFiles.save(model, tmp);
        assertThat(dir).isEqualTo(tmp.resolve("test").resolve("v1"));
        assertThat(Files.readString(dir.resolve("direction.json"))).startsWith("{");
        try (MlModel loaded = ModelFiles.load(dir, MlFeatures.schema(Timeframe.M5))) {
            assertThat(loaded.version()).isEqualTo("v1");
            assertThat(loaded.direction().bestIteration()).isEqualTo(model.direction().bestIteration());
            for (int r = 500; r < data.rows(); r += 97) {
                double[] row = data.features().row(r);
                MlScore a = model.score("SOLUSDT", r, row, 1.0);
                MlScore b = loaded.score("SOLUSDT", r, row, 1.0);
                assertThat(b.getPUp()).isEqualTo(a.getPUp());
                assertThat(b.getPDown()).isEqualTo(a.getPDown());
                assertThat(b.getPFlat()).isEqualTo(a.getPFlat());
                assertThat(b.getAgreement()).isEqualTo(a.getAgreement());
                assertThat(b.getSizeClass()).isEqualTo(a.getSizeClass());
                assertThat(b.getPLargeMove()).isEqualTo(a.getPLargeMove());
                assertThat(b.getExpectedBarsToTarget()).isEqualTo(a.getExpectedBarsToTarget());
                assertThat(b.getOptimalStopBarriers()).isEqualTo(a.getOptimalStopBarriers());
                assertThat(a.getPUp() + a.getPDown() + a.getPFlat()).isCloseTo(1, within(1e-9));
                assertThat(a.getConfidence()).isGreaterThanOrEqualTo(1 / 3.0 - 1e-9);
                assertThat(a.getEdge()).isEqualTo(a.getPUp() - a.getPDown());
                assertThat(a.getDirection()).isIn("UP", "DOWN", "FLAT");
                assertThat(a.getAgreement()).isIn(0.5, 1.0);
                assertThat(a.toString()).contains("model=test/v1");
            }
        }
    }

    @Test
    void aModelOfAnotherSchemaIsRefusedWithAClearError(@TempDir Path tmp) throws Exception {
        Path dir = ModelFiles.save(model, tmp);
        assertThatThrownBy(() -> ModelFiles.load(dir, MlFeatures.schema(Timeframe.M15)))
                .isInstanceOf(ModelSchemaMismatchException.class)
                .hasMessageContaining("was trained on feature schema " + model.schemaHash())
                .hasMessageContaining("running schema is " + MlFeatures.schema(Timeframe.M15).hash());
        assertThatThrownBy(() -> new ModelScorer(model, Timeframe.M15, Set.of("SOLUSDT"), 50))
                .isInstanceOf(ModelSchemaMismatchException.class).hasMessageContaining("retrain");
        // an edited column list under the right hash is refused too
        Files.writeString(dir.resolve("features.json"), "{\"names\": [\"x\"]}");
        assertThatThrownBy(() -> ModelFiles.load(dir, MlFeatures.schema(Timeframe.M5)))
                .isInstanceOf(ModelSchemaMismatchException.class).hasMessageContaining("edited");
        Files.delete(dir.resolve("features.json"));
        assertThatThrownBy(() -> ModelFiles.load(dir, MlFeatures.schema(Timeframe.M5))).hasMessageContaining("missing");
        assertThatThrownBy(() -> ModelFiles.load(tmp, MlFeatures.schema(Timeframe.M5))).hasMessageContaining("not a model folder");
        Files.writeString(dir.resolve("card.json"), "{}");
        assertThatThrownBy(() -> ModelFiles.load(dir, MlFeatures.schema(Timeframe.M5))).hasMessageContaining("feature_schema_hash");
    }

    @Test
    void kernelScorerEmitsScoreRegimeAndDriftFactsPerDecision() {
        ModelScorer scorer = new ModelScorer(model, Timeframe.M5, Set.of("SOLUSDT"), 50);
        assertThat(scorer.facts("SOLUSDT", 0)).isEmpty();
        scorer.prime("SOLUSDT", bars.bars().subList(0, 2000));
        scorer.onStrategyBar("BTCUSDT", bars.bar(0)); // not traded: ignored
        scorer.onStrategyBar("SOLUSDT", bars.bar(1999)); // repeated bar: ignored
        List<Object> facts = new ArrayList<>();
        for (int i = 2000; i < 2100; i++) {
            scorer.onStrategyBar("SOLUSDT", bars.bar(i));
            facts = scorer.facts("SOLUSDT", bars.openTime(i) + 300_000L);
        }
        assertThat(facts.get(0)).isInstanceOf(MlScore.class);
        assertThat(facts.get(1)).isInstanceOf(MarketRegime.class);
        MlScore s = (MlScore) facts.get(0);
        double[] row = data.features().row(2099);
        MlScore direct = model.score("SOLUSDT", 0, row, 1.0);
        assertThat(s.getPUp()).isEqualTo(direct.getPUp()); // served row == training row (same feature code)
        assertThat(s.getBarrier()).isEqualTo(1.0);
        assertThat(s.getSymbol()).isEqualTo("SOLUSDT");
        assertThat(s.getModelVersion()).isEqualTo("test/v1");
        assertThat(scorer.model()).isSameAs(model);
    }

    @Test
    void walkForwardReportsEveryContractKeyPerFold() {
        List<Fold> folds = new WalkForwardPlan(4, 1, 2).folds(bars.openTime(0), bars.openTime(bars.size() - 1) + 300_000L);
        assertThat(folds).hasSize(3);
        List<String> seen = new ArrayList<>();
        Map<String, Object> out = WalkForward.run(data, folds, cfg, 0.00055, (fold, m) -> {
            Map<String, Object> pnl = new LinkedHashMap<>();
            pnl.put("pnl", 1.5);
            return pnl;
        }, seen::add);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> fs = (List<Map<String, Object>>) out.get("folds");
        assertThat(fs).hasSize(3);
        for (Map<String, Object> f : fs) {
            assertThat(f).containsKeys("train_from", "train_to", "test_from", "test_to", "log_loss", "log_loss_prior",
                    "auc", "top_decile_hit_rate", "pnl", "signal_pnl", "calibration_test");
            assertThat((String) f.get("train_to")).isLessThanOrEqualTo((String) f.get("test_from"));
            assertThat((double) f.get("log_loss")).isPositive();
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> summary = (Map<String, Object>) out.get("summary");
        assertThat(summary.get("pnl_total")).isEqualTo(4.5);
        assertThat(summary.get("folds")).isEqualTo(3);
        assertThat(seen).hasSize(3);
        assertThatThrownBy(() -> WalkForward.run(data, List.of(), cfg, 0, (f, m) -> Map.of(), s -> { }))
                .hasMessageContaining("too short");
    }

    @Test
    void shadowCandidateIsPromotedOnlyWhenItBeatsTheCurrentModel() {
        PurgedSplit split = PurgedSplit.of(data.openTimes(), data.labels(), window, 0.25, 300_000L);
        ShadowPromotion strict = new ShadowPromotion(0.0);
        ShadowPromotion.Verdict same = strict.compare(model, model, data, split.test());
        assertThat(same.promote()).isTrue(); // equal counts as "not worse" with a zero margin
        assertThat(new ShadowPromotion(0.01).compare(model, model, data, split.test()).promote()).isFalse();
        assertThat(same.reason()).contains("v1");
        assertThat(strict.compare(model, model, data, new int[0]).promote()).isFalse();
        RetrainSchedule schedule = RetrainSchedule.standard();
        int fired = 0;
        for (int i = 0; i < 250; i++) {
            fired += schedule.onTradeClosed() ? 1 : 0;
        }
        assertThat(fired).isEqualTo(2);
        assertThat(schedule.closedTrades()).isEqualTo(250);
        assertThatThrownBy(() -> new RetrainSchedule(0)).hasMessageContaining("at least one");
    }
}
