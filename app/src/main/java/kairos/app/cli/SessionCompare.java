package kairos.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import kairos.engine.kernel.Decision;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A session against the replay of its own recording, decision by decision and fill by fill: what matched, what
 * differs (and in which field), what only one side has. Where a live session's wall-clock arrival order (venue
 * messages between market messages) made the kernel see another sequence than the recording holds, this says
 * where.
 */
final class SessionCompare {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One fill as both sides write it. */
    record FillRow(String execId, String linkId, String symbol, String side, String qty, String price, String time) {
        static final String HEADER = "exec_id,order_link_id,symbol,side,qty,price,time";

        String csv() {
            return String.join(",", execId, linkId, symbol, side, qty, price, time);
        }

        static FillRow parse(String line) {
            String[] f = line.split(",", -1);
            if (f.length != 7) {
                throw new IllegalArgumentException("expected " + HEADER + ", got '" + line + "'");
            }
            return new FillRow(f[0], f[1], f[2], f[3], f[4], f[5], f[6]);
        }
    }

    record Result(int decisionsMatched, List<String> decisionDiffs, int onlySession, int onlyReplay,
                  int fillsMatched, List<String> fillDiffs) {
        boolean same() {
            return decisionDiffs.isEmpty() && onlySession == 0 && onlyReplay == 0 && fillDiffs.isEmpty();
        }
    }

    static final int SHOWN = 20;

    static Result compare(List<Decision> session, List<Decision> replay, List<FillRow> sessionFills,
                          List<FillRow> replayFills) {
        Map<String, Decision> byId = new LinkedHashMap<>();
        replay.forEach(d -> byId.put(d.id(), d));
        List<String> diffs = new ArrayList<>();
        int matched = 0;
        int onlySession = 0;
        for (Decision s : session) {
            Decision r = byId.remove(s.id());
            if (r == null) {
                onlySession++;
                note(diffs, s.id() + ": only in the session (" + s.trigger() + ", " + s.verdict().status() + ")");
                continue;
            }
            String what = differs(s, r);
            if (what == null) {
                matched++;
            } else {
                note(diffs, s.id() + ": " + what);
            }
        }
        for (Decision r : byId.values()) {
            note(diffs, r.id() + ": only in the replay (" + r.trigger() + ", " + r.verdict().status() + ")");
        }
        sessionFills = sorted(sessionFills);
        replayFills = sorted(replayFills);
        List<String> fillDiffs = new ArrayList<>();
        int fillsMatched = 0;
        int n = Math.max(sessionFills.size(), replayFills.size());
        for (int i = 0; i < n; i++) {
            FillRow s = i < sessionFills.size() ? sessionFills.get(i) : null;
            FillRow r = i < replayFills.size() ? replayFills.get(i) : null;
            if (Objects.equals(s, r)) {
                fillsMatched++;
            } else {
                note(fillDiffs, "fill " + (i + 1) + ": session " + (s == null ? "none" : s.csv()) + " | replay "
                        + (r == null ? "none" : r.csv()));
            }
        }
        return new Result(matched, diffs, onlySession, byId.size(), fillsMatched, fillDiffs);
    }

    /** Fills in execution order: time, then execution id (the two sides may have booked them in another order). */
    private static List<FillRow> sorted(List<FillRow> fills) {
        List<FillRow> out = new ArrayList<>(fills);
        out.sort(java.util.Comparator.comparing((FillRow f) -> java.time.Instant.parse(f.time())).thenComparing(FillRow::execId));
        return out;
    }

    private static void note(List<String> list, String line) {
        list.add(line);
    }

    /** The first field in which a decision differs, or null when it is the same. */
    static String differs(Decision s, Decision r) {
        if (!s.trigger().equals(r.trigger())) {
            return "trigger " + s.trigger() + " vs " + r.trigger();
        }
        if (!s.rulesFired().equals(r.rulesFired())) {
            return "rules fired " + s.rulesFired() + " vs " + r.rulesFired();
        }
        if (!s.verdict().equals(r.verdict())) {
            return "verdict " + s.verdict() + " vs " + r.verdict();
        }
        if (!Objects.equals(s.proposal(), r.proposal())) {
            return "proposal " + s.proposal() + " vs " + r.proposal();
        }
        if (!s.vetoes().equals(r.vetoes())) {
            return "vetoes " + s.vetoes() + " vs " + r.vetoes();
        }
        if (!Objects.equals(s.factsDigest(), r.factsDigest())) {
            return "facts " + s.facts() + " vs " + r.facts();
        }
        return null;
    }

    static List<FillRow> readFills(Path file) throws IOException {
        List<FillRow> out = new ArrayList<>();
        List<String> lines = Files.readAllLines(file);
        for (int i = 1; i < lines.size(); i++) {
            if (!lines.get(i).isBlank()) {
                try {
                    out.add(FillRow.parse(lines.get(i)));
                } catch (IllegalArgumentException e) {
                    throw new UserError(file + ":" + (i + 1) + ": " + e.getMessage());
                }
            }
        }
        return out;
    }

    static void writeFills(Path file, List<FillRow> fills) throws IOException {
        StringBuilder sb = new StringBuilder(FillRow.HEADER).append('\n');
        fills.forEach(f -> sb.append(f.csv()).append('\n'));
        Files.writeString(file, sb);
    }

    static ObjectNode json(Result r) {
        ObjectNode o = JSON.createObjectNode();
        o.put("same", r.same());
        o.put("decisions_matched", r.decisionsMatched());
        o.put("decisions_only_in_session", r.onlySession());
        o.put("decisions_only_in_replay", r.onlyReplay());
        ArrayNode d = o.putArray("decision_differences");
        r.decisionDiffs().forEach(d::add);
        o.put("fills_matched", r.fillsMatched());
        ArrayNode f = o.putArray("fill_differences");
        r.fillDiffs().forEach(f::add);
        return o;
    }
}
