package kairos.engine.ml;

/** A model was trained on a different feature schema than the one running: it must not score. */
public final class ModelSchemaMismatchException extends IllegalArgumentException {
    public ModelSchemaMismatchException(String message) {
        super(message);
    }
}
