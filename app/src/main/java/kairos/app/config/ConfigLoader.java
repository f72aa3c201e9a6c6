package kairos.app.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads {@code kairos.yaml} into {@link KairosConfig}, applies the documented environment overrides and
 * validates. Unknown keys, keys given twice, values of the wrong type and out-of-range values are errors with the
 * file, the line and column of the key (of its section, for a missing key) and the key path.
 */
public final class ConfigLoader {
    static final ObjectMapper YAML = strict(new ObjectMapper(new YAMLFactory()
            .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION))
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT));

    /** A value of the wrong type is an error, never converted: 1.5 is not a whole number, "0.1" is not a number. */
    private static ObjectMapper strict(ObjectMapper m) {
        m.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        m.coercionConfigFor(LogicalType.Float).setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        m.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        m.coercionConfigFor(LogicalType.Textual).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        return m;
    }

    private ConfigLoader() {
    }

    public static KairosConfig load(Path file, Map<String, String> env) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException(List.of(file + ": no such config file (pass --config FILE)"));
        }
        KairosConfig config;
        try {
            if (Files.readString(file).isBlank()) {
                throw new ConfigException(List.of(file + ": empty config"));
            }
            config = YAML.readValue(file.toFile(), KairosConfig.class);
        } catch (IOException e) {
            // the file is read a second time, key by key, only to say where the error is
            throw located(file, keys(file), e);
        }
        if (config == null) {
            throw new ConfigException(List.of(file + ": empty config"));
        }
        config = withEnvironment(config, env);
        List<String> problems = config.validate();
        if (!problems.isEmpty()) {
            YamlKeys keys = keys(file);
            List<String> errors = new ArrayList<>();
            for (String problem : problems) {
                int colon = problem.indexOf(": ");
                String key = colon < 0 ? "" : problem.substring(0, colon).split("[/ ]")[0];
                errors.add(at(file, keys, key) + problem);
            }
            throw new ConfigException(errors);
        }
        return config;
    }

    /** Where every key is; a key given twice, or YAML that does not parse, is the error itself. */
    private static YamlKeys keys(Path file) {
        YamlKeys keys;
        try {
            keys = YamlKeys.read(file);
        } catch (JsonProcessingException e) {
            throw new ConfigException(List.of(where(file, e.getLocation()) + "not valid YAML: " + oneLine(e.getOriginalMessage())));
        } catch (IOException e) {
            throw new ConfigException(List.of(file + ": cannot read: " + e.getMessage()));
        }
        if (!keys.duplicates().isEmpty()) {
            throw new ConfigException(keys.duplicates().stream().map(d -> file + ":" + d.again() + ": duplicate key '"
                    + d.path() + "' (first at line " + d.first().line() + "); give each key once, the file is not read "
                    + "with one of the two silently winning").toList());
        }
        return keys;
    }

    /** The binding error {@code e} of {@code file} as a message on the line of its key. */
    private static ConfigException located(Path file, YamlKeys keys, IOException e) {
        if (e instanceof UnrecognizedPropertyException u) {
            String key = path(u);
            String section = key.contains(".") ? key.substring(0, key.lastIndexOf('.')) : "";
            String known = u.getKnownPropertyIds() == null ? "" : u.getKnownPropertyIds().stream().map(String::valueOf)
                    .sorted().collect(Collectors.joining(", "));
            return new ConfigException(List.of(at(file, keys, key) + "unknown key '" + key + "'"
                    + closest(u.getPropertyName(), u.getKnownPropertyIds())
                    + (known.isEmpty() ? "" : " (known keys" + (section.isEmpty() ? "" : " in " + section) + ": " + known + ")")));
        }
        if (e instanceof MismatchedInputException m) {
            String key = path(m);
            return new ConfigException(List.of(at(file, keys, key) + "bad value for '" + key + "': " + expected(m)));
        }
        if (e instanceof JsonMappingException m) {
            String key = path(m);
            return new ConfigException(List.of(at(file, keys, key) + "bad value for '" + key + "': " + oneLine(m.getOriginalMessage())));
        }
        if (e instanceof JsonProcessingException p) {
            return new ConfigException(List.of(where(file, p.getLocation()) + "not valid YAML: " + oneLine(p.getOriginalMessage())));
        }
        return new ConfigException(List.of(file + ": cannot read: " + e.getMessage()));
    }

    /** {@code file:line:col: } of a key (or of its section when the key is missing), else {@code file: }. */
    private static String at(Path file, YamlKeys keys, String key) {
        YamlKeys.At at = key.isEmpty() ? null : keys.where(key);
        return at == null ? file + ": " : file + ":" + at + ": ";
    }

    /** What a value of the wrong type should have been, in words. */
    static String expected(MismatchedInputException e) {
        Class<?> type = e.getTargetType();
        String got = e instanceof InvalidFormatException f ? " got " + f.getValue() : " got " + oneLine(e.getOriginalMessage())
                .replaceAll("^Cannot coerce ([^(]*\\(([^)]*)\\)).*$", "$1").replaceAll("^Cannot (deserialize|construct).*$", "another type");
        String want = type == null ? "a value of another type"
                : type == Integer.class || type == int.class || type == Long.class || type == long.class ? "a whole number"
                : type == Double.class || type == double.class || type == java.math.BigDecimal.class ? "a number"
                : type == Boolean.class || type == boolean.class ? "true or false"
                : type == String.class ? "a text" : List.class.isAssignableFrom(type) ? "a list such as [a, b]"
                : "a " + type.getSimpleName();
        return "expected " + want + "," + got + " (values are never converted to another type)";
    }

    /** " (did you mean 'x'?)" for the known key closest to {@code name}, or nothing. */
    static String closest(String name, java.util.Collection<Object> known) {
        if (name == null || known == null) {
            return "";
        }
        List<String> near = kairos.engine.rules.ClosestNames.to(name, known.stream().map(String::valueOf).toList(), 1);
        return near.isEmpty() ? "" : " (did you mean '" + near.getFirst() + "'?)";
    }

    static String oneLine(String text) {
        return text == null ? "" : text.replaceAll("\\s+", " ").trim();
    }

    /** Environment variables override the endpoint settings (ARCHITECTURE.md, "Endpoints and environment"). */
    static KairosConfig withEnvironment(KairosConfig c, Map<String, String> env) {
        KairosConfig.Bybit b = c.bybit() == null ? new KairosConfig.Bybit(null, null, null) : c.bybit();
        b = new KairosConfig.Bybit(env.getOrDefault("KAIROS_BYBIT_REST_URL", b.restUrl()),
                env.getOrDefault("KAIROS_BYBIT_WS_PUBLIC_URL", b.wsPublicUrl()),
                env.getOrDefault("KAIROS_BYBIT_WS_PRIVATE_URL", b.wsPrivateUrl()), b.connectAttempts());
        KairosConfig.Api a = c.api() == null ? new KairosConfig.Api("127.0.0.1", 8080) : c.api();
        Integer port = a.port();
        String envPort = env.get("KAIROS_API_PORT");
        if (envPort != null) {
            try {
                port = Integer.parseInt(envPort.trim());
            } catch (NumberFormatException e) {
                throw new ConfigException(List.of("KAIROS_API_PORT: '" + envPort + "' is not a port number"));
            }
        }
        a = new KairosConfig.Api(env.getOrDefault("KAIROS_API_BIND", a.bind()), port);
        KairosConfig.Binance binance = new KairosConfig.Binance(env.getOrDefault("KAIROS_BINANCE_WS_URL",
                c.binanceOrDefault().wsUrl()));
        KairosConfig.Telegram telegram = new KairosConfig.Telegram(env.getOrDefault("KAIROS_TELEGRAM_BASE_URL",
                c.telegramOrDefault().baseUrl()), c.telegramOrDefault().alertsPerMinute());
        return new KairosConfig(c.backtest(), c.venue(), c.execution(), c.risk(), c.instruments(), b, a, c.rules(),
                c.journal(), c.run(), binance, telegram);
    }

    static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                if (!sb.isEmpty()) {
                    sb.append('.');
                }
                sb.append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    private static String where(Path file, JsonLocation loc) {
        return loc == null || loc.getLineNr() < 1 ? file + ": " : file + ":" + loc.getLineNr() + ":" + loc.getColumnNr() + ": ";
    }
}
