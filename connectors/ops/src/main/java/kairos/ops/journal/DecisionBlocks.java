package kairos.ops.journal;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import kairos.engine.backtest.DecisionsJsonl;
import kairos.engine.kernel.Decision;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * The journal's compact form of decision audits: consecutive decisions in blocks of {@value #BLOCK_SIZE}, each
 * block one deflated text. A default backtest's 34,860 audits take ~6 MB this way instead of ~88 MB of JSON rows.
 *
 * <p>Block text, before deflate (UTF-8): the format {@code '1'} and a newline; each decision's
 * {@code decisions.jsonl} line with {@code facts} left out; a NUL; then the facts "transposed": one line with each
 * decision's count of space-separated tokens (-1 for none), then per token position the tokens of every decision
 * that has one, tab-separated. Consecutive decisions' facts share their keys and the leading digits of their values
 * position by position, which deflate finds when they stand next to each other (the block is ~13% smaller than the
 * same records one per line). A block whose facts hold a tab, newline or NUL uses format {@code '0'}: the whole
 * records, one per line. Both round-trip exactly: {@link #decode} gives back equal records.
 */
final class DecisionBlocks {
    static final int BLOCK_SIZE = 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private DecisionBlocks() {
    }

    /** The deflated JSON array of the decisions' ids, in order. */
    static byte[] ids(List<Decision> block) throws IOException {
        return deflate(JSON.writeValueAsBytes(block.stream().map(Decision::id).toList()));
    }

    static List<String> readIds(byte[] deflated) throws IOException {
        return JSON.readValue(inflate(deflated), new TypeReference<List<String>>() { });
    }

    static byte[] encode(List<Decision> block) throws IOException {
        boolean transposable = block.stream().map(Decision::facts)
                .allMatch(f -> f == null || f.chars().noneMatch(c -> c == '\t' || c == '\n' || c == 0));
        StringBuilder text = new StringBuilder(block.size() * 1_500);
        if (!transposable) {
            text.append("0\n");
            for (Decision d : block) {
                text.append(DecisionsJsonl.toJson(d)).append('\n');
            }
            return deflate(text.toString().getBytes(StandardCharsets.UTF_8));
        }
        text.append("1\n");
        for (Decision d : block) {
            text.append(DecisionsJsonl.toJson(withFacts(d, null))).append('\n');
        }
        text.append('\0');
        appendFacts(text, block);
        return deflate(text.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The facts of a block by token position: counts (-1: none), then one tab-separated line per position. */
    private static void appendFacts(StringBuilder text, List<Decision> block) {
        List<String[]> tokens = new ArrayList<>(block.size());
        int width = 0;
        for (Decision d : block) {
            String[] t = d.facts() == null ? null : d.facts().split(" ", -1);
            tokens.add(t);
            width = Math.max(width, t == null ? 0 : t.length);
        }
        for (int i = 0; i < tokens.size(); i++) {
            text.append(i == 0 ? "" : ",").append(tokens.get(i) == null ? -1 : tokens.get(i).length);
        }
        text.append('\n');
        for (int column = 0; column < width; column++) {
            boolean first = true;
            for (String[] t : tokens) {
                if (t != null && t.length > column) {
                    text.append(first ? "" : "\t").append(t[column]);
                    first = false;
                }
            }
            text.append('\n');
        }
    }

    private static String[] readFacts(String section, int n) throws IOException {
        String[] lines = section.split("\n", -1);
        int[] counts = Arrays.stream(lines[0].split(",")).mapToInt(Integer::parseInt).toArray();
        if (counts.length != n) {
            throw new IOException("decision block holds " + n + " records but " + counts.length + " facts");
        }
        String[][] columns = new String[lines.length - 1][];
        for (int c = 1; c < lines.length; c++) {
            columns[c - 1] = lines[c].split("\t", -1);
        }
        int[] cursor = new int[columns.length];
        String[] out = new String[n];
        for (int i = 0; i < n; i++) {
            if (counts[i] >= 0) {
                StringBuilder sb = new StringBuilder();
                for (int c = 0; c < counts[i]; c++) {
                    sb.append(c == 0 ? "" : " ").append(columns[c][cursor[c]++]);
                }
                out[i] = sb.toString();
            }
        }
        return out;
    }

    static List<Decision> decode(byte[] deflated) throws IOException {
        String text = new String(inflate(deflated), StandardCharsets.UTF_8);
        if (text.startsWith("0\n")) {
            List<Decision> out = new ArrayList<>();
            for (String line : text.substring(2).split("\n")) {
                if (!line.isEmpty()) {
                    out.add(DecisionsJsonl.fromJson(line));
                }
            }
            return out;
        }
        if (!text.startsWith("1\n")) {
            throw new IOException("unknown decision block format '" + (text.isEmpty() ? "" : text.charAt(0)) + "'");
        }
        int nul = text.indexOf('\0');
        if (nul < 0) {
            throw new IOException("decision block without its facts section");
        }
        String[] records = text.substring(2, nul).split("\n", -1);
        int n = records.length - 1; // every record ends with a newline
        String[] facts = readFacts(text.substring(nul + 1), n);
        List<Decision> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(withFacts(DecisionsJsonl.fromJson(records[i]), facts[i]));
        }
        return out;
    }

    private static Decision withFacts(Decision d, String facts) {
        return new Decision(d.id(), d.ts(), d.symbol(), d.trigger(), d.rulesFired(), d.vetoes(), d.proposal(),
                d.verdict(), d.exits(), d.patterns(), facts, d.rulesetHash(), d.modelVersion(), d.actions(),
                d.sizeFactors(), d.skipped(), d.factsDigest(), d.microstructure(), d.dataSource());
    }

    /**
     * A live session deflates a small block at almost every state save: each thread keeps its {@link Deflater} (and
     * its zlib state, ~256 KB of native memory set up anew by every {@code new Deflater}) and resets it per block.
     */
    private static final ThreadLocal<Deflater> DEFLATER = ThreadLocal.withInitial(
            () -> new Deflater(Deflater.DEFAULT_COMPRESSION));

    static byte[] deflate(byte[] raw) {
        Deflater deflater = DEFLATER.get();
        try {
            deflater.setInput(raw);
            deflater.finish();
            // zlib's bound on deflate's output (deflateBound): one pass, with no 64 KB buffer allocated per call
            byte[] out = new byte[raw.length + (raw.length >> 12) + (raw.length >> 14) + (raw.length >> 25) + 19];
            int n = 0;
            while (!deflater.finished()) {
                if (n == out.length) {
                    out = Arrays.copyOf(out, out.length * 2);
                }
                n += deflater.deflate(out, n, out.length - n);
            }
            return n == out.length ? out : Arrays.copyOf(out, n);
        } finally {
            deflater.reset();
        }
    }

    static byte[] inflate(byte[] deflated) throws IOException {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(deflated);
            ByteArrayOutputStream out = new ByteArrayOutputStream(deflated.length * 8);
            byte[] buffer = new byte[1 << 16];
            while (!inflater.finished()) {
                int n = inflater.inflate(buffer);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new IOException("a decision block is cut short");
                }
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        } catch (DataFormatException e) {
            throw new IOException("a decision block is not deflate data: " + e.getMessage(), e);
        } finally {
            inflater.end();
        }
    }
}
