package kairos.engine.backtest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import kairos.engine.kernel.Decision;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code decisions.jsonl}: one decision's audit record per line, snake_case keys, in decision order. */
public final class DecisionsJsonl {
    static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
            .addMixIn(Decision.class, DecisionMixin.class);

    /** {@code data_source} only when a fallback feed served the decision (backtests never write it). */
    private interface DecisionMixin {
        @JsonInclude(JsonInclude.Include.NON_NULL)
        String dataSource();
    }

    private DecisionsJsonl() {
    }

    public static void write(Path file, List<Decision> decisions) throws IOException {
        try (Writer w = new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), 1 << 16)) {
            for (Decision d : decisions) {
                JSON.writeValue(w, d);
                w.write('\n');
            }
        }
    }

    /** One decision as the single-line JSON object of {@code decisions.jsonl} (the journal stores the same text). */
    public static String toJson(Decision d) throws IOException {
        return JSON.writeValueAsString(d);
    }

    /** A decision from its JSON line. */
    public static Decision fromJson(String json) throws IOException {
        return JSON.readValue(json, Decision.class);
    }

    /** Reads the decisions back (for {@code kairos explain}); a malformed line names its number. */
    public static List<Decision> read(Path file) throws IOException {
        List<Decision> out = new ArrayList<>();
        int n = 0;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            n++;
            if (line.isBlank()) {
                continue;
            }
            try {
                out.add(JSON.readValue(line, Decision.class));
            } catch (IOException e) {
                throw new IOException(file + ":" + n + ": not a decision record: " + e.getMessage(), e);
            }
        }
        return out;
    }
}
