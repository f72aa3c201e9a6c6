package kairos.app.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import kairos.engine.kernel.TradingControl;
import kairos.ops.api.ConfigAccess;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The configuration of a running {@code kairos run}, as the control API reads and changes it. A change is bound
 * and validated exactly like the YAML file ({@link ConfigLoader}, {@link KairosConfig#validate}); only the keys of
 * {@link #LIVE_KEYS} apply live (through {@link TradingControl}, on the kernel thread): a {@code PUT} of any other
 * key is refused (edit the file and restart), and a {@code POST /config/reload} that finds one changed reports it
 * as needing a restart while the running value stays. A refused change changes nothing. The configuration holds no
 * secret (they come from the environment), so the effective tree can be shown as it is.
 */
public final class LiveConfig implements ConfigAccess {
    /** The keys that apply to a running session: the risk guard's limits. */
    public static final Set<String> LIVE_KEYS = Set.of("risk.max_risk_per_trade", "risk.max_leverage");
    private static final long APPLY_TIMEOUT_MS = 5_000;

    private final Path file;
    private final Map<String, String> env;
    private final TradingControl control;
    private KairosConfig current;

    public LiveConfig(Path file, Map<String, String> env, KairosConfig loaded, TradingControl control) {
        this.file = file;
        this.env = env;
        this.control = control;
        this.current = loaded;
    }

    @Override
    public synchronized ObjectNode effective() {
        return tree(current);
    }

    /** The configuration in force (the risk limits as last applied). */
    public synchronized KairosConfig current() {
        return current;
    }

    @Override
    public synchronized Change update(ObjectNode changes) {
        ObjectNode before = tree(current);
        ObjectNode merged = before.deepCopy();
        List<FieldError> errors = new ArrayList<>();
        merge(merged, changes, "", errors);
        if (!errors.isEmpty()) {
            throw new Refused(errors);
        }
        KairosConfig next = bind(merged);
        List<String> changed = new ArrayList<>(diff(before, tree(next)));
        for (String key : changed) {
            if (!LIVE_KEYS.contains(key)) {
                errors.add(new FieldError(key, "applies only when a session starts: edit " + file.getFileName()
                        + " and restart (live keys: " + String.join(", ", new TreeSet<>(LIVE_KEYS)) + ")"));
            }
        }
        if (!errors.isEmpty()) {
            throw new Refused(errors);
        }
        apply(next, changed);
        return new Change(changed, List.of(), tree(current));
    }

    @Override
    public synchronized Change reload() {
        KairosConfig read;
        try {
            read = ConfigLoader.load(file, env);
        } catch (ConfigException e) {
            throw new Refused(e.errors().stream().map(m -> new FieldError(keyOf(m), m)).toList());
        }
        ObjectNode before = tree(current);
        ObjectNode after = tree(read);
        List<String> live = new ArrayList<>();
        List<String> restart = new ArrayList<>();
        for (String key : diff(before, after)) {
            (LIVE_KEYS.contains(key) ? live : restart).add(key);
        }
        ObjectNode running = before.deepCopy();
        for (String key : live) {
            String[] p = key.split("\\.");
            ((ObjectNode) running.get(p[0])).set(p[1], after.get(p[0]).get(p[1]));
        }
        apply(bind(running), live);
        return new Change(live, restart, tree(current));
    }

    private void apply(KairosConfig next, List<String> changed) {
        if (!changed.isEmpty()) {
            try {
                control.setRiskLimits(next.riskLimits()).get(APPLY_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while the kernel applied the risk limits");
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("the kernel did not apply the risk limits: " + e);
            }
        }
        current = next;
    }

    /** Binds and validates a whole tree like the file; every problem named by its key. */
    private static KairosConfig bind(ObjectNode tree) {
        KairosConfig c;
        try {
            c = ConfigLoader.YAML.treeToValue(tree, KairosConfig.class);
        } catch (UnrecognizedPropertyException u) {
            throw new Refused(List.of(new FieldError(ConfigLoader.path(u), "unknown key"
                    + ConfigLoader.closest(u.getPropertyName(), u.getKnownPropertyIds()))));
        } catch (MismatchedInputException m) {
            throw new Refused(List.of(new FieldError(ConfigLoader.path(m), "bad value: " + ConfigLoader.expected(m))));
        } catch (JsonMappingException m) {
            throw new Refused(List.of(new FieldError(ConfigLoader.path(m), "bad value: "
                    + ConfigLoader.oneLine(m.getOriginalMessage()))));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new Refused(List.of(new FieldError("body", ConfigLoader.oneLine(e.getOriginalMessage()))));
        }
        List<String> problems = c.validate();
        if (!problems.isEmpty()) {
            throw new Refused(problems.stream().map(p -> new FieldError(keyOf(p), p)).toList());
        }
        return c;
    }

    /** The key a validation message ({@code key.path: message}, maybe after {@code file:line:col: }) is about. */
    private static String keyOf(String message) {
        String m = message.replaceFirst("^\\S+?:\\d+(:\\d+)?: ", "");
        int colon = m.indexOf(": ");
        return colon < 0 ? "config" : m.substring(0, colon).split("[/ ]")[0];
    }

    /** Overlays {@code changes} on {@code into}; a section given as a scalar or a null value is refused. */
    private static void merge(ObjectNode into, ObjectNode changes, String prefix, List<FieldError> errors) {
        for (Iterator<Map.Entry<String, JsonNode>> it = changes.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = prefix + e.getKey();
            JsonNode v = e.getValue();
            if (v.isNull()) {
                errors.add(new FieldError(key, "null is not a value; give the value (a key is removed in the file)"));
            } else if (v.isObject() && into.get(e.getKey()) instanceof ObjectNode section
                    && !key.equals("instruments")) {
                merge(section, (ObjectNode) v, key + ".", errors);
            } else {
                into.set(e.getKey(), v);
            }
        }
    }

    /** The dotted keys whose values differ (sections compared key by key, lists as a whole). */
    private static Set<String> diff(JsonNode a, JsonNode b) {
        Set<String> out = new TreeSet<>();
        diff(a, b, "", out);
        return out;
    }

    private static void diff(JsonNode a, JsonNode b, String prefix, Set<String> out) {
        Set<String> keys = new TreeSet<>();
        a.fieldNames().forEachRemaining(keys::add);
        b.fieldNames().forEachRemaining(keys::add);
        for (String k : keys) {
            JsonNode x = a.get(k);
            JsonNode y = b.get(k);
            if (x != null && y != null && x.isObject() && y.isObject() && prefix.isEmpty()) {
                diff(x, y, prefix + k + ".", out);
            } else if (x == null || !x.equals(y)) {
                out.add(prefix + k);
            }
        }
    }

    private static ObjectNode tree(KairosConfig c) {
        return ConfigLoader.YAML.copy().setSerializationInclusion(JsonInclude.Include.NON_NULL).valueToTree(c);
    }
}
