package kairos.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The candidates the promotion gate has judged, per series, in {@code <store>/validation/trials.jsonl} (one JSON
 * object a line: series, candidate identity, configurations, verdict, time). Every distinct candidate judged on a
 * series before is a trial of the same question, so its configurations are added to the trials the next
 * candidate's Sharpe ratio is deflated by: trying candidates through the gate until one passes is multiple testing.
 */
final class TrialLedger {
    static final String FILE = "validation/trials.jsonl";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;

    TrialLedger(Path storeDir) {
        this.file = storeDir.resolve(FILE);
    }

    Path file() {
        return file;
    }

    /** Configurations of the distinct candidates other than {@code identity} judged on {@code series} before. */
    long earlierTrials(String series, String identity) throws IOException {
        if (!Files.isRegularFile(file)) {
            return 0;
        }
        Map<String, Long> byCandidate = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            JsonNode n;
            try {
                n = JSON.readTree(line);
            } catch (IOException e) {
                throw new UserError(file + ":" + (i + 1) + ": not a JSON line of the trial ledger; fix or remove it");
            }
            if (series.equals(n.path("series").asText()) && !identity.equals(n.path("candidate").asText())) {
                byCandidate.merge(n.path("candidate").asText(), Math.max(1, n.path("configurations").asLong(1)), Math::max);
            }
        }
        return byCandidate.values().stream().mapToLong(Long::longValue).sum();
    }

    void append(String series, String identity, int configurations, boolean promoted, String recordedAt) throws IOException {
        Files.createDirectories(file.getParent());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("series", series);
        m.put("candidate", identity);
        m.put("configurations", configurations);
        m.put("promoted", promoted);
        m.put("recorded_at", recordedAt);
        Files.writeString(file, JSON.writeValueAsString(m) + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }
}
