package kairos.engine.ml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import kairos.engine.features.FeatureSchema;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The on-disk model registry layout, {@code <root>/<name>/<version>/}:
 * <pre>
 *   card.json            model card: schema hash, training window, labels, hyper-parameters, validation metrics,
 *                        calibration maps, feature importance
 *   direction.json       XGBoost booster (JSON model format), multi:softprob UP/DOWN/FLAT
 *   size.json            XGBoost booster, multi:softprob S/M/L/XL
 *   time_to_target.json  XGBoost booster, regression (bars)
 *   optimal_stop.json    XGBoost booster, regression (barrier widths)
 *   second_family.json   logistic regression weights and standardisation
 *   features.json        the ordered feature names the models read
 *   drift.json           training reference distributions for drift monitoring
 * </pre>
 * {@link #load} refuses a model whose feature schema hash (or column list) differs from the running schema.
 */
public final class ModelFiles {
    public static final String CARD = "card.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ModelFiles() {
    }

    /** Writes {@code model} into {@code root/name/version/} and returns that folder. */
    public static Path save(MlModel model, Path root) {
        return saveInto(model, root.resolve(model.name()).resolve(model.version()));
    }

    /** The files of a model folder, as {@link #saveInto} writes them. */
    public static final java.util.Set<String> FILES = java.util.Set.of("direction.json", "size.json",
            "time_to_target.json", "optimal_stop.json", "second_family.json", "features.json", "drift.json", "card.json");

    /** Writes the model's files ({@link #FILES}) into {@code dir} (a model version folder, or a staging folder). */
    public static Path saveInto(MlModel model, Path dir) {
        try {
            Files.createDirectories(dir);
            Files.write(dir.resolve("direction.json"), model.direction().toJson());
            Files.write(dir.resolve("size.json"), model.size().toJson());
            Files.write(dir.resolve("time_to_target.json"), model.timeToTarget().toJson());
            Files.write(dir.resolve("optimal_stop.json"), model.optimalStop().toJson());
            LogisticModel lr = model.second();
            Map<String, Object> lrJson = new LinkedHashMap<>();
            lrJson.put("family", "multinomial logistic regression");
            lrJson.put("classes", List.of("UP", "DOWN", "FLAT"));
            lrJson.put("mean", lr.mean());
            lrJson.put("scale", lr.scale());
            lrJson.put("bias", lr.bias());
            lrJson.put("weights", lr.weights());
            JSON.writeValue(dir.resolve("second_family.json").toFile(), lrJson);
            JSON.writeValue(dir.resolve("features.json").toFile(), Map.of("feature_schema_hash", model.schemaHash(),
                    "names", model.columns()));
            Map<String, Object> drift = new LinkedHashMap<>();
            List<Map<String, Object>> refs = new ArrayList<>();
            for (DriftReference r : model.driftFeatures()) {
                refs.add(ref(r));
            }
            drift.put("features", refs);
            drift.put("prediction", ref(model.driftPrediction()));
            JSON.writeValue(dir.resolve("drift.json").toFile(), drift);
            JSON.writeValue(dir.resolve(CARD).toFile(), model.card());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the model to " + dir + ": " + e.getMessage(), e);
        }
        return dir;
    }

    private static Map<String, Object> ref(DriftReference r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", r.name());
        m.put("column", r.column());
        m.put("edges", r.edges());
        m.put("shares", r.shares());
        return m;
    }

    /**
     * Reads the model in {@code dir} for serving under {@code running}.
     *
     * @throws ModelSchemaMismatchException when the model was trained on another feature schema
     * @throws IllegalArgumentException     when the folder is not a complete model
     */
    public static MlModel load(Path dir, FeatureSchema running) {
        try {
            Path cardFile = dir.resolve(CARD);
            if (!Files.isRegularFile(cardFile)) {
                throw new IllegalArgumentException(dir + " is not a model folder (no " + CARD
                        + "); pass a folder written by ./kairos train, e.g. models/<name>/<version>");
            }
            JsonNode card = JSON.readTree(Files.readAllBytes(cardFile));
            String hash = text(card, "feature_schema_hash", cardFile);
            if (!hash.equals(running.hash())) {
                throw new ModelSchemaMismatchException("model " + dir + " was trained on feature schema " + hash
                        + " but the running schema is " + running.hash() + " (" + running.size() + " columns, "
                        + running.config().base() + " base): retrain it with ./kairos train on this version and "
                        + "timeframe, or run with the matching --timeframe");
            }
            JsonNode features = JSON.readTree(Files.readAllBytes(dir.resolve("features.json")));
            List<String> names = new ArrayList<>();
            features.get("names").forEach(n -> names.add(n.asText()));
            List<String> runningNames = running.specs().stream().map(s -> s.name()).toList();
            if (!names.equals(runningNames)) {
                throw new ModelSchemaMismatchException("model " + dir + " lists other feature columns than the running "
                        + "schema " + running.hash() + " although the hash matches: the model folder was edited; retrain");
            }
            int cols = names.size();
            TreeModel direction = TreeModel.fromJson(Files.readAllBytes(dir.resolve("direction.json")), cols);
            TreeModel size = TreeModel.fromJson(Files.readAllBytes(dir.resolve("size.json")), cols);
            TreeModel ttt = TreeModel.fromJson(Files.readAllBytes(dir.resolve("time_to_target.json")), cols);
            TreeModel stop = TreeModel.fromJson(Files.readAllBytes(dir.resolve("optimal_stop.json")), cols);
            JsonNode lr = JSON.readTree(Files.readAllBytes(dir.resolve("second_family.json")));
            JsonNode w = lr.get("weights");
            double[][] weights = new double[w.size()][];
            for (int c = 0; c < weights.length; c++) {
                weights[c] = doubles(w.get(c));
            }
            LogisticModel second = new LogisticModel(doubles(lr.get("mean")), doubles(lr.get("scale")), weights,
                    doubles(lr.get("bias")));
            IsotonicCalibrator[] maps = new IsotonicCalibrator[Direction.COUNT];
            JsonNode cal = card.get("calibration").get("maps");
            for (int c = 0; c < Direction.COUNT; c++) {
                maps[c] = IsotonicCalibrator.of(doubles(cal.get(c).get("knots")), doubles(cal.get(c).get("values")));
            }
            JsonNode drift = JSON.readTree(Files.readAllBytes(dir.resolve("drift.json")));
            List<DriftReference> refs = new ArrayList<>();
            for (JsonNode r : drift.get("features")) {
                refs.add(reference(r));
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> cardMap = JSON.convertValue(card, LinkedHashMap.class);
            return new MlModel(text(card, "name", cardFile), text(card, "version", cardFile), hash, names, direction,
                    size, ttt, stop, second, new ClassCalibration(maps), refs, reference(drift.get("prediction")),
                    cardMap);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("model " + dir + " is incomplete: " + e.getFile() + " is missing; retrain", e);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the model in " + dir + ": " + e.getMessage(), e);
        }
    }

    private static DriftReference reference(JsonNode r) {
        return new DriftReference(r.get("name").asText(), r.get("column").asInt(), doubles(r.get("edges")),
                doubles(r.get("shares")));
    }

    private static String text(JsonNode node, String field, Path file) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException(file + ": field '" + field + "' is missing; the card is not from ./kairos train");
        }
        return v.asText();
    }

    private static double[] doubles(JsonNode arr) {
        double[] d = new double[arr.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = arr.get(i).asDouble();
        }
        return d;
    }

    static ObjectNode object() {
        return JSON.createObjectNode();
    }

    static ArrayNode array() {
        return JSON.createArrayNode();
    }

    static ObjectMapper json() {
        return JSON;
    }
}
