package kairos.app.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
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
 * validates. Unknown keys, wrong types and out-of-range values are errors with file, line and key path.
 */
public final class ConfigLoader {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

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
        } catch (UnrecognizedPropertyException e) {
            String known = e.getKnownPropertyIds() == null ? "" : e.getKnownPropertyIds().stream().map(String::valueOf)
                    .sorted().collect(Collectors.joining(", "));
            throw new ConfigException(List.of(where(file, e.getLocation()) + "unknown key '" + path(e) + "'"
                    + (known.isEmpty() ? "" : " (known keys there: " + known + ")")));
        } catch (JsonMappingException e) {
            throw new ConfigException(List.of(where(file, e.getLocation()) + "bad value for '" + path(e) + "': "
                    + e.getOriginalMessage()));
        } catch (JsonProcessingException e) {
            throw new ConfigException(List.of(where(file, e.getLocation()) + "not valid YAML: " + e.getOriginalMessage()));
        } catch (IOException e) {
            throw new ConfigException(List.of(file + ": cannot read: " + e.getMessage()));
        }
        if (config == null) {
            throw new ConfigException(List.of(file + ": empty config"));
        }
        config = withEnvironment(config, env);
        List<String> errors = new ArrayList<>();
        for (String problem : config.validate()) {
            errors.add(file + ": " + problem);
        }
        if (!errors.isEmpty()) {
            throw new ConfigException(errors);
        }
        return config;
    }

    /** Environment variables override the endpoint settings (ARCHITECTURE.md, "Endpoints and environment"). */
    static KairosConfig withEnvironment(KairosConfig c, Map<String, String> env) {
        KairosConfig.Bybit b = c.bybit() == null ? new KairosConfig.Bybit(null, null, null) : c.bybit();
        b = new KairosConfig.Bybit(env.getOrDefault("KAIROS_BYBIT_REST_URL", b.restUrl()),
                env.getOrDefault("KAIROS_BYBIT_WS_PUBLIC_URL", b.wsPublicUrl()),
                env.getOrDefault("KAIROS_BYBIT_WS_PRIVATE_URL", b.wsPrivateUrl()));
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
        return new KairosConfig(c.backtest(), c.venue(), c.execution(), c.risk(), c.instruments(), b, a, c.run());
    }

    private static String path(JsonMappingException e) {
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
