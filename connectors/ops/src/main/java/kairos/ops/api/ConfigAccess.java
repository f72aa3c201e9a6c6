package kairos.ops.api;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * The running session's configuration as the control API reads and changes it. The app implements it with its
 * own loader and validator (ops cannot depend on the app), so {@code PUT /config} is validated exactly like the
 * YAML file. A refused change changes nothing.
 */
public interface ConfigAccess {
    /** The configuration in force, with the YAML's keys; secrets are never in it (they come from the environment). */
    ObjectNode effective();

    /**
     * Applies {@code changes} (a subset of the YAML's tree, e.g. {@code {"risk": {"max_risk_per_trade": 0.005}}}).
     *
     * @throws Refused naming every unknown key, bad value or key that needs a restart; nothing changed
     */
    Change update(ObjectNode changes);

    /**
     * Reads the YAML file again and applies what applies live.
     *
     * @throws Refused when the file does not load (its errors name file:line and key); nothing changed
     */
    Change reload();

    /** What a change did: the keys applied live, the keys changed in the file that only apply at the next start. */
    record Change(List<String> applied, List<String> restartRequired, ObjectNode effective) {
        public Change {
            applied = List.copyOf(applied);
            restartRequired = List.copyOf(restartRequired);
        }
    }

    /** One refused key: its dotted path ({@code risk.max_leverage}) and why. */
    record FieldError(String field, String message) {
    }

    /** A refused change; nothing changed. */
    final class Refused extends RuntimeException {
        private final List<FieldError> errors;

        public Refused(List<FieldError> errors) {
            super(errors.isEmpty() ? "refused" : errors.getFirst().field() + ": " + errors.getFirst().message());
            this.errors = List.copyOf(errors);
        }

        public List<FieldError> errors() {
            return errors;
        }
    }

    /** A session without a configuration behind it: GET answers an empty object, changes are refused. */
    ConfigAccess NONE = new ConfigAccess() {
        @Override
        public ObjectNode effective() {
            return ApiCalls.JSON.createObjectNode();
        }

        @Override
        public Change update(ObjectNode changes) {
            throw new Refused(List.of(new FieldError("body", "this session has no configuration file to change")));
        }

        @Override
        public Change reload() {
            throw new Refused(List.of(new FieldError("config", "this session has no configuration file to re-read")));
        }
    };
}
