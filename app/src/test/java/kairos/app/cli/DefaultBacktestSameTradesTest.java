package kairos.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The default backtest ({@code ./kairos backtest}: the bundled Bybit SOLUSDT 5m, the shipped rules and patterns)
 * trades and proposes exactly as it did before the rule engine's speed work (issue 24; the fixtures were written by
 * commit ae155f3): the same trades.csv byte for byte, and at every decision point with a proposal the same proposal,
 * verdict and quantity, and the same verdict reasons. A decision point without a proposal may record fewer vetoes:
 * the filters run only for a proposal.
 */
class DefaultBacktestSameTradesTest {
    @TempDir
    Path tmp;

    @Test
    void theDefaultBacktestTradesAndProposesAsBefore() throws IOException, NoSuchAlgorithmException {
        Path home = CliHarness.scratchHome(tmp);
        CliHarness.copyTree(CliHarness.projectRoot().resolve("data"), home.resolve("data"));
        Path out = tmp.resolve("out");
        CliHarness.Result r = CliHarness.run(home, "backtest", "--out", out.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(Files.readString(out.resolve("trades.csv"))).isEqualTo(resource("trades.csv", false));

        List<String> lines = new ArrayList<>();
        MessageDigest reasons = MessageDigest.getInstance("SHA-256");
        ObjectMapper json = new ObjectMapper();
        for (String line : Files.readAllLines(out.resolve("decisions.jsonl"))) {
            JsonNode d = json.readTree(line);
            JsonNode p = d.get("proposal");
            if (p == null || p.isNull()) {
                continue;
            }
            JsonNode v = d.get("verdict");
            lines.add(String.join("\t", d.get("id").asText(), p.get("side").asText(), p.get("strategy").asText(),
                    p.get("entry_type").asText(), num(p.get("entry_price")), num(p.get("stop_price")),
                    num(p.get("size_multiplier")), v.get("status").asText(), num(v.get("qty"))));
            reasons.update((v.get("reason").asText() + "\n").getBytes(StandardCharsets.UTF_8));
        }
        lines.add("verdict reasons sha256\t" + HexFormat.of().formatHex(reasons.digest()));
        List<String> expected = resource("proposals.tsv.gz", true).lines().toList();
        assertThat(lines).hasSize(expected.size());
        for (int i = 0; i < lines.size(); i++) {
            assertThat(lines.get(i)).as("proposal %d of %d", i + 1, lines.size()).isEqualTo(expected.get(i));
        }
    }

    /** As the fixture writes values: a double as the shortest decimal that reads back as it, text as it is, None for null. */
    private static String num(JsonNode n) {
        return n == null || n.isNull() ? "None" : n.isFloatingPointNumber() ? Double.toString(n.asDouble()) : n.asText();
    }

    private static String resource(String name, boolean gzip) throws IOException {
        try (InputStream in = DefaultBacktestSameTradesTest.class.getResourceAsStream("/golden/default-backtest/" + name)) {
            assertThat(in).as(name).isNotNull();
            return new String((gzip ? new GZIPInputStream(in) : in).readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
