package kairos.engine.rules;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import kairos.engine.cep.PatternFact;
import kairos.engine.domain.Side;
import kairos.engine.ml.MlScore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

/**
 * Rule scenarios: YAML files under {@code rules/tests/} that give facts and expect proposals, vetoes, actions,
 * exits and sizes, so that a trader can test a rule edit ({@code kairos rules check}) and hot reload can gate a
 * new rule set. The format is described in {@code docs/rules-guide.md}. Each scenario runs in a fresh session of
 * the rule book, so parameter overrides never leak.
 */
public final class RuleScenarios {
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION).build(); // a key twice is an error
    private static final Set<String> FILE_KEYS = Set.of("defaults", "scenarios");
    private static final Set<String> SCENARIO_KEYS = Set.of("name", "given", "params", "expect");
    private static final Set<String> GIVEN_KEYS = Set.of("market", "risk", "account", "ml", "venue", "position",
            "patterns", "orders");
    private static final Set<String> MARKET_KEYS = Set.of("symbol", "timeframe", "time", "open", "high", "low", "close",
            "volume", "features");
    private static final Set<String> RISK_KEYS = Set.of("drawdown", "daily_pnl", "consecutive_losses",
            "minutes_since_last_loss", "open_positions", "correlated_positions", "open_risk", "paused", "pause_reason",
            "closed_trades", "win_rate", "avg_win", "avg_loss");
    private static final Set<String> ACCOUNT_KEYS = Set.of("equity", "peak_equity", "open_positions");
    private static final Set<String> ML_KEYS = Set.of("p_up", "p_down", "p_flat", "agreement", "size_class",
            "p_large_move", "bars_to_target", "stop_barriers", "barrier", "model_version");
    private static final Set<String> VENUE_KEYS = Set.of("maintenance", "api_error_rate", "latency_ms", "data_suspect",
            "delisting_in_hours");
    private static final Set<String> POSITION_KEYS = Set.of("side", "qty", "entry_price", "held_minutes", "strategy",
            "unrealized_pnl");
    private static final Set<String> ORDER_KEYS = Set.of("link_id", "side", "purpose", "qty", "price");
    private static final Set<String> EXPECT_KEYS = Set.of("proposals", "vetoes", "vetoes_include", "actions", "exits",
            "size_multiplier", "size_factors", "skipped", "verdict", "fired", "not_fired");
    private static final double TOLERANCE = 1e-9;

    /** One scenario's outcome: {@code failures} empty when it passed. */
    public record Result(String file, String name, List<String> failures) {
        public boolean passed() {
            return failures.isEmpty();
        }
    }

    /** The outcome of every scenario file under a folder; {@code errors} are file-level problems (bad YAML). */
    public record Report(int files, List<Result> results, List<String> errors) {
        public int scenarios() {
            return results.size();
        }

        public List<String> failures() {
            List<String> out = new ArrayList<>(errors);
            for (Result r : results) {
                for (String f : r.failures()) {
                    out.add(r.file() + ": scenario '" + r.name() + "': " + f);
                }
            }
            return out;
        }

        public boolean ok() {
            return failures().isEmpty();
        }
    }

    private RuleScenarios() {
    }

    /** Scenario files: {@code *.yaml} / {@code *.yml} under {@code dir} (recursively), in path order; none when absent. */
    public static List<Path> files(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(p -> (p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
                    && Files.isRegularFile(p)).sorted().toList();
        } catch (IOException e) {
            throw new RuleBuildException(List.of(dir + ": cannot list: " + e.getMessage()));
        }
    }

    /**
     * Runs every scenario under {@code testsDir} against {@code book}. Each scenario runs on a thread of its own
     * within the decision budget: one whose rules do not return is reported as failed, naming the rule, and the
     * others still run.
     */
    public static Report run(RuleBook book, Path testsDir) {
        List<Path> files = files(testsDir);
        // files run side by side on the machine's cores (sessions of one rule base are independent); the report keeps
        // file and scenario order
        int parallel = Math.max(1, Math.min(files.size(), Math.min(4, Runtime.getRuntime().availableProcessors())));
        ExecutorService workers = Executors.newFixedThreadPool(parallel, r -> {
            Thread t = new Thread(r, "kairos-scenario-files");
            t.setDaemon(true);
            return t;
        });
        // rules whose consequence never returned, shared by the files: not fired again (see Runner)
        Map<String, String> hungRules = new java.util.concurrent.ConcurrentHashMap<>();
        try {
            List<java.util.concurrent.Future<Report>> perFile = new ArrayList<>();
            for (Path file : files) {
                perFile.add(workers.submit(() -> {
                    List<Result> results = new ArrayList<>();
                    List<String> errors = new ArrayList<>();
                    try (Runner runner = new Runner(hungRules)) {
                        runFile(book, file, results, errors, runner);
                    }
                    return new Report(1, results, errors);
                }));
            }
            List<Result> results = new ArrayList<>();
            List<String> errors = new ArrayList<>();
            for (java.util.concurrent.Future<Report> f : perFile) {
                Report r = join(f);
                results.addAll(r.results());
                errors.addAll(r.errors());
            }
            return new Report(files.size(), results, errors);
        } finally {
            workers.shutdownNow();
        }
    }

    private static Report join(java.util.concurrent.Future<Report> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the rule scenarios ran", e);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /**
     * Runs scenarios one at a time on a daemon thread; a thread stuck in a rule is left behind for a new one. A rule
     * whose consequence did not return is not fired again in later scenarios (of any file): a scenario that reaches
     * it fails at once, naming the rule and the scenario it hung in, instead of waiting out the budget and leaving
     * one more thread spinning on the machine's cores (a hung rule would otherwise cost every scenario it matches the
     * whole budget, and the spinning threads slow the rest).
     */
    private static final class Runner implements AutoCloseable {
        private ExecutorService pool = newPool();
        /**
         * Rule name to its location and the scenario it hung in: {@code " (file:line) did not return in scenario 'x'
         * (file)"}.
         */
        private final Map<String, String> hungRules;

        Runner(Map<String, String> hungRules) {
            this.hungRules = hungRules;
        }

        private static ExecutorService newPool() {
            return Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "kairos-scenario");
                t.setDaemon(true);
                return t;
            });
        }

        /** The scenario's failures; a budget overrun or rule loop as one failure. {@code where}: {@code 'name' (file)}. */
        List<String> run(RuleBook book, String where, JsonNode given, JsonNode params, JsonNode expect) {
            CompletableFuture<DecisionBudgetException> hung = new CompletableFuture<>();
            CompletableFuture<List<String>> done = CompletableFuture.supplyAsync(() -> runOne(book, given, params, expect,
                    session -> {
                        session.onOverrun(hung::complete);
                        session.refuse(hungRules.keySet());
                    }, this::refusedFailures), pool);
            try {
                CompletableFuture.anyOf(done, hung).join();
            } catch (CompletionException e) {
                // the scenario threw: handled below
            }
            if (!done.isDone() && hung.isDone()) {
                pool.shutdownNow();
                pool = newPool();
                DecisionBudgetException e = hung.join();
                if (e.inConsequence() && e.rule() != null) {
                    hungRules.putIfAbsent(e.rule(), (e.location() == null ? "" : " (" + e.location() + ")") + " did not"
                            + " return in scenario " + where);
                }
                return List.of("did not finish: " + e.getMessage());
            }
            try {
                return done.join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof DecisionBudgetException d) {
                    return List.of("did not finish: " + d.getMessage());
                }
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                throw e;
            }
        }

        /** A scenario that reached rules known to hang: one failure each, naming where the rule hung. */
        private List<String> refusedFailures(List<String> refused) {
            return refused.stream().map(rule -> "did not finish: rule '" + rule + "'" + hungRules.get(rule)
                    + "; it would fire here and was not fired again").toList();
        }

        @Override
        public void close() {
            pool.shutdownNow();
        }
    }

    /** Reads one scenario file and runs its scenarios. */
    private static void runFile(RuleBook book, Path file, List<Result> results, List<String> errors, Runner runner) {
        JsonNode root;
        try {
            root = YAML.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            var loc = e.getLocation();
            errors.add(file + ":" + (loc == null ? 1 : loc.getLineNr()) + ":" + (loc == null ? 1 : loc.getColumnNr())
                    + ": not valid YAML: " + e.getOriginalMessage().replaceAll("\\s+", " ").trim());
            return;
        } catch (IOException e) {
            errors.add(file + ": cannot read: " + e.getMessage());
            return;
        }
        runFile(book, file, root, results, errors, runner);
    }

    /**
     * The facts of every scenario under {@code testsDir} (defaults merged), in file and scenario order: a varied,
     * realistic load for the rule-engine benchmark. Files or scenarios that do not parse are left out.
     */
    public static List<List<Object>> allFacts(Path testsDir) {
        List<List<Object>> out = new ArrayList<>();
        for (Path file : files(testsDir)) {
            try {
                JsonNode root = YAML.readTree(file.toFile());
                JsonNode defaults = root.path("defaults");
                for (JsonNode scenario : root.path("scenarios")) {
                    out.add(facts(merge(defaults.isObject() ? defaults.deepCopy() : YAML.createObjectNode(),
                            scenario.path("given"))));
                }
            } catch (IOException | IllegalArgumentException e) {
                // a broken file is rules check's business, not the benchmark's
            }
        }
        return out;
    }

    private static void runFile(RuleBook book, Path file, JsonNode root, List<Result> results, List<String> errors,
                                Runner runner) {
        if (root == null || !root.isObject() || !root.path("scenarios").isArray()) {
            errors.add(file + ": expected a mapping with a 'scenarios' list");
            return;
        }
        String unknown = unknownKey(root, FILE_KEYS);
        if (unknown != null) {
            errors.add(file + ": unknown key '" + unknown + "' (expected " + FILE_KEYS + ")");
            return;
        }
        JsonNode defaults = root.path("defaults");
        int index = 0;
        for (JsonNode scenario : root.path("scenarios")) {
            index++;
            String name = scenario.path("name").asText("#" + index);
            List<String> failures = new ArrayList<>();
            try {
                checkKeys(scenario, SCENARIO_KEYS, "");
                JsonNode given = merge(defaults.isObject() ? defaults.deepCopy() : YAML.createObjectNode(),
                        scenario.path("given"));
                failures.addAll(runner.run(book, "'" + name + "' (" + file + ")", given, scenario.path("params"),
                        scenario.path("expect")));
            } catch (IllegalArgumentException e) {
                failures.add(e.getMessage());
            }
            results.add(new Result(file.toString(), name, failures));
        }
    }

    private static List<String> runOne(RuleBook book, JsonNode given, JsonNode params, JsonNode expect,
                                       java.util.function.Consumer<RuleSession> watch,
                                       java.util.function.Function<List<String>, List<String>> refused) {
        List<Object> facts = facts(given);
        checkKeys(expect, EXPECT_KEYS, "expect.");
        try (RuleSession session = book.newSession()) {
            watch.accept(session);
            for (Iterator<Map.Entry<String, JsonNode>> it = params.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                session.setParam(e.getKey(), scalar(e.getValue()));
            }
            RuleOutcome outcome = session.decide(facts);
            return session.refused().isEmpty() ? compare(outcome, expect) : refused.apply(session.refused());
        }
    }

    /** The facts a scenario's {@code given} describes, in the kernel's order ({@link DecisionFacts}; also the benchmark's). */
    public static List<Object> facts(JsonNode given) {
        checkKeys(given, GIVEN_KEYS, "given.");
        JsonNode m = given.path("market");
        checkKeys(m, MARKET_KEYS, "given.market.");
        String symbol = m.path("symbol").asText("SOLUSDT");
        long time = time(m.path("time"), "given.market.time");
        Map<String, Double> features = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = m.path("features").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isNull()) { // null: the feature set does not provide it
                features.put(e.getKey(), number(e.getValue(), "given.market.features." + e.getKey()));
            }
        }
        double close = num(m, "close", 150, "given.market.");
        DecisionFacts facts = DecisionFacts.of(new MarketState(symbol, m.path("timeframe").asText("5m"), time,
                num(m, "open", close, "given.market."), num(m, "high", close, "given.market."),
                num(m, "low", close, "given.market."), close, num(m, "volume", 0, "given.market."), features));
        JsonNode r = given.path("risk");
        checkKeys(r, RISK_KEYS, "given.risk.");
        facts.risk(new RiskState(symbol, num(r, "drawdown", 0, "given.risk."), num(r, "daily_pnl", 0, "given.risk."),
                (int) num(r, "consecutive_losses", 0, "given.risk."),
                num(r, "minutes_since_last_loss", Double.POSITIVE_INFINITY, "given.risk."),
                (int) num(r, "open_positions", 0, "given.risk."), (int) num(r, "correlated_positions", 0, "given.risk."),
                num(r, "open_risk", 0, "given.risk."), bool(r, "paused", "given.risk."),
                r.path("pause_reason").asText(""), (int) num(r, "closed_trades", 0, "given.risk."),
                num(r, "win_rate", Double.NaN, "given.risk."), num(r, "avg_win", Double.NaN, "given.risk."),
                num(r, "avg_loss", Double.NaN, "given.risk.")));
        JsonNode a = given.path("account");
        checkKeys(a, ACCOUNT_KEYS, "given.account.");
        facts.account(new AccountState(num(a, "equity", 10_000, "given.account."),
                num(a, "peak_equity", num(a, "equity", 10_000, "given.account."), "given.account."),
                (int) num(a, "open_positions", 0, "given.account.")));
        JsonNode v = given.path("venue");
        checkKeys(v, VENUE_KEYS, "given.venue.");
        facts.venue(new VenueHealth(symbol, bool(v, "maintenance", "given.venue."),
                num(v, "api_error_rate", 0, "given.venue."), num(v, "latency_ms", 0, "given.venue."),
                bool(v, "data_suspect", "given.venue."),
                num(v, "delisting_in_hours", Double.POSITIVE_INFINITY, "given.venue.")));
        JsonNode ml = given.path("ml");
        if (ml.isObject()) {
            checkKeys(ml, ML_KEYS, "given.ml.");
            // confidence is the largest of the three probabilities (kairos.engine.ml.MlScore)
            facts.ml(List.of(new MlScore(symbol, time, ml.path("model_version").asText("scenario"),
                    num(ml, "p_up", Double.NaN, "given.ml."), num(ml, "p_down", Double.NaN, "given.ml."),
                    num(ml, "p_flat", Double.NaN, "given.ml."), num(ml, "agreement", Double.NaN, "given.ml."),
                    ml.path("size_class").asText("M"), num(ml, "p_large_move", Double.NaN, "given.ml."),
                    num(ml, "bars_to_target", Double.NaN, "given.ml."), num(ml, "stop_barriers", Double.NaN, "given.ml."),
                    num(ml, "barrier", Double.NaN, "given.ml."))));
        }
        JsonNode pos = given.path("position");
        if (pos.isObject()) {
            checkKeys(pos, POSITION_KEYS, "given.position.");
            double held = num(pos, "held_minutes", 0, "given.position.");
            facts.position(new PositionState(symbol, side(pos.path("side"), "given.position.side"),
                    num(pos, "qty", 1, "given.position."), num(pos, "entry_price", close, "given.position."),
                    time - Math.round(held * 60_000), held, num(pos, "unrealized_pnl", 0, "given.position."),
                    pos.path("strategy").asText("scenario")));
        }
        int i = 0;
        List<PatternFact> patterns = new ArrayList<>();
        for (JsonNode p : given.path("patterns")) {
            String where = "given.patterns[" + i++ + "]";
            if (!p.path("name").isTextual()) {
                throw new IllegalArgumentException(where + ".name: a pattern needs its statement name");
            }
            Map<String, Object> attributes = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = p.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getKey().equals("name") && !e.getKey().equals("symbol")) {
                    attributes.put(e.getKey(), scalar(e.getValue()));
                }
            }
            patterns.add(new PatternFact(p.path("name").asText(), p.path("symbol").asText(symbol), time, attributes));
        }
        facts.patterns(patterns);
        i = 0;
        List<OpenOrderState> orders = new ArrayList<>();
        for (JsonNode o : given.path("orders")) {
            String where = "given.orders[" + i++ + "].";
            checkKeys(o, ORDER_KEYS, where);
            orders.add(new OpenOrderState(symbol, o.path("link_id").asText("o" + i), side(o.path("side"), where + "side"),
                    o.path("purpose").asText("entry"), num(o, "qty", 1, where), num(o, "price", close, where)));
        }
        return facts.orders(orders).list();
    }

    private static List<String> compare(RuleOutcome out, JsonNode expect) {
        List<String> f = new ArrayList<>();
        JsonNode proposals = expect.path("proposals");
        if (proposals.isArray()) {
            List<String> want = new ArrayList<>();
            proposals.forEach(p -> want.add(p.path("strategy").asText() + "/" + p.path("side").asText()));
            List<String> got = out.proposals().stream().map(p -> p.getStrategy() + "/" + p.getSide()).toList();
            if (!want.equals(got)) {
                f.add("proposals: expected " + want + ", got " + got + vetoText(out));
            } else {
                for (int i = 0; i < want.size(); i++) {
                    f.addAll(compareProposal(proposals.get(i), out.proposals().get(i), i));
                }
            }
        }
        JsonNode vetoes = expect.path("vetoes");
        if (vetoes.isArray()) {
            List<String> want = new ArrayList<>();
            vetoes.forEach(v -> want.add(vetoKey(v)));
            List<String> got = out.vetoes().stream().map(v -> matchKey(v, vetoes)).sorted().toList();
            if (!want.stream().sorted().toList().equals(got)) {
                f.add("vetoes: expected " + want + ", got " + vetoText(out));
            }
        }
        for (JsonNode v : expect.path("vetoes_include")) {
            if (out.vetoes().stream().noneMatch(x -> matchKey(x, List.of(v)).equals(vetoKey(v)))) {
                f.add("vetoes: expected to include " + vetoKey(v) + ", got " + vetoText(out));
            }
        }
        JsonNode actions = expect.path("actions");
        if (actions.isArray()) {
            List<String> want = new ArrayList<>();
            actions.forEach(a -> want.add(a.path("type").asText().toUpperCase(Locale.ROOT)
                    + (a.has("alert_type") ? ":" + a.path("alert_type").asText() : "")));
            List<String> got = out.actions().stream().map(a -> a.getType() + (a.getAlertType() == null ? "" : ":" + a.getAlertType())).toList();
            if (!want.equals(got)) {
                f.add("actions: expected " + want + ", got " + got);
            } else {
                for (int i = 0; i < want.size(); i++) {
                    JsonNode a = actions.get(i);
                    if (a.has("until") && out.actions().get(i).getUntil() != untilOf(a.path("until"))) {
                        f.add("actions[" + i + "].until: expected " + a.path("until").asText() + ", got "
                                + untilText(out.actions().get(i).getUntil()));
                    }
                    if (a.has("symbol") && !a.path("symbol").asText().equals(String.valueOf(out.actions().get(i).getSymbol()))) {
                        f.add("actions[" + i + "].symbol: expected " + a.path("symbol").asText() + ", got " + out.actions().get(i).getSymbol());
                    }
                }
            }
        }
        JsonNode exits = expect.path("exits");
        if (exits.isArray()) {
            List<String> want = new ArrayList<>();
            exits.forEach(x -> want.add(x.asText()));
            List<String> got = out.exits().stream().map(ExitSignal::getReason).toList();
            if (!want.equals(got)) {
                f.add("exits: expected " + want + ", got " + got);
            }
        }
        JsonNode factors = expect.path("size_factors");
        if (factors.isArray()) {
            List<String> want = new ArrayList<>();
            factors.forEach(x -> want.add(x.asText()));
            List<String> got = out.sizeFactors().stream().map(SizeFactor::getName).sorted().toList();
            if (!want.stream().sorted().toList().equals(got)) {
                f.add("size_factors: expected " + want + ", got " + got);
            }
        }
        JsonNode skipped = expect.path("skipped");
        if (skipped.isArray()) {
            List<String> want = new ArrayList<>();
            skipped.forEach(x -> want.add(x.asText()));
            List<String> got = out.skipped().stream().map(SkippedCheck::getTier).sorted().toList();
            if (!want.stream().sorted().toList().equals(got)) {
                f.add("skipped: expected " + want + ", got " + got);
            }
        }
        if (expect.has("size_multiplier")) {
            double want = number(expect.path("size_multiplier"), "expect.size_multiplier");
            if (out.proposals().isEmpty()) {
                f.add("size_multiplier: expected " + want + ", but there is no proposal");
            } else {
                double got = out.sizeMultiplier(out.proposals().getFirst());
                if (Math.abs(got - want) > TOLERANCE) {
                    f.add("size_multiplier: expected " + want + ", got " + got + " from " + out.sizeFactors().stream()
                            .map(x -> x.getName() + "=" + x.getFactor()).toList());
                }
            }
        }
        if (expect.has("verdict")) {
            String want = expect.path("verdict").asText();
            String got = out.firstClearProposal() != null ? "trade" : out.proposals().isEmpty() ? "none" : "blocked";
            if (!want.equals(got)) {
                f.add("verdict: expected " + want + ", got " + got + vetoText(out));
            }
        }
        for (JsonNode r : expect.path("fired")) {
            if (!out.rulesFired().contains(r.asText())) {
                f.add("fired: expected rule '" + r.asText() + "' to fire; fired " + out.rulesFired());
            }
        }
        for (JsonNode r : expect.path("not_fired")) {
            if (out.rulesFired().contains(r.asText())) {
                f.add("not_fired: rule '" + r.asText() + "' fired");
            }
        }
        return f;
    }

    private static List<String> compareProposal(JsonNode want, Proposal got, int i) {
        List<String> f = new ArrayList<>();
        String at = "proposals[" + i + "].";
        if (want.has("entry_type") && !want.path("entry_type").asText().equals(got.getEntryType())) {
            f.add(at + "entry_type: expected " + want.path("entry_type").asText() + ", got " + got.getEntryType());
        }
        if (want.has("entry")) {
            close(f, at + "entry", number(want.path("entry"), at + "entry"), got.getEntryPrice());
        }
        if (want.has("stop")) {
            close(f, at + "stop", number(want.path("stop"), at + "stop"), got.getStopPrice());
        }
        if (want.path("targets").isArray()) {
            JsonNode t = want.path("targets");
            if (t.size() != got.getTargets().size()) {
                f.add(at + "targets: expected " + t.size() + " rungs, got " + got.getTargets());
            } else {
                for (int k = 0; k < t.size(); k++) {
                    close(f, at + "targets[" + k + "].price", number(t.get(k).get(0), at + "targets"), got.getTargets().get(k).price());
                    close(f, at + "targets[" + k + "].fraction", number(t.get(k).get(1), at + "targets"), got.getTargets().get(k).fraction());
                }
            }
        }
        return f;
    }

    private static void close(List<String> f, String what, double want, double got) {
        if (!(Math.abs(want - got) <= 1e-6 * Math.max(1, Math.abs(want)))) {
            f.add(what + ": expected " + want + ", got " + got);
        }
    }

    private static String vetoKey(JsonNode v) {
        return v.path("tier").asText() + (v.has("rule") ? "/" + v.path("rule").asText() : "");
    }

    /** The key of {@code v} in the form the expectations use (with the rule only when they name one). */
    private static String matchKey(Veto v, Iterable<JsonNode> expected) {
        String withRule = v.getTier() + "/" + v.getRule();
        for (JsonNode e : expected) {
            if (vetoKey(e).equals(withRule)) {
                return withRule;
            }
        }
        return v.getTier();
    }

    private static String vetoText(RuleOutcome out) {
        return out.vetoes().isEmpty() ? "" : " (vetoes: " + out.vetoes().stream()
                .map(v -> v.getTier() + "/" + v.getRule() + ": " + v.getReason()).toList() + ")";
    }

    private static long untilOf(JsonNode n) {
        return n.isTextual() && n.asText().equals("manual") ? Long.MAX_VALUE : time(n, "expect.actions.until");
    }

    private static String untilText(long until) {
        return until == Long.MAX_VALUE ? "manual" : Instant.ofEpochMilli(until).toString();
    }

    static JsonNode merge(JsonNode base, JsonNode over) {
        if (!over.isObject() || !base.isObject()) {
            return over.isMissingNode() ? base : over;
        }
        ObjectNode out = ((ObjectNode) base).deepCopy();
        for (Iterator<Map.Entry<String, JsonNode>> it = over.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode old = out.get(e.getKey());
            out.set(e.getKey(), old != null && old.isObject() && e.getValue().isObject() ? merge(old, e.getValue()) : e.getValue());
        }
        return out;
    }

    private static void checkKeys(JsonNode node, Set<String> allowed, String where) {
        String unknown = unknownKey(node, allowed);
        if (unknown != null) {
            throw new IllegalArgumentException(where + unknown + ": unknown field (expected one of "
                    + new java.util.TreeSet<>(allowed) + ")");
        }
    }

    private static String unknownKey(JsonNode node, Set<String> allowed) {
        if (node == null || !node.isObject()) {
            return null;
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!allowed.contains(k)) {
                return k;
            }
        }
        return null;
    }

    private static double num(JsonNode parent, String key, double fallback, String where) {
        JsonNode n = parent.path(key);
        return n.isMissingNode() || n.isNull() ? fallback : number(n, where + key);
    }

    private static double number(JsonNode n, String where) {
        if (n != null && n.isNumber()) {
            return n.asDouble();
        }
        if (n != null && n.isTextual()) {
            switch (n.asText().toLowerCase(Locale.ROOT)) {
                case "nan" -> { return Double.NaN; }
                case "inf", "+inf" -> { return Double.POSITIVE_INFINITY; }
                case "-inf" -> { return Double.NEGATIVE_INFINITY; }
                default -> { }
            }
        }
        throw new IllegalArgumentException(where + ": expected a number (or NaN, inf), got " + n);
    }

    private static boolean bool(JsonNode parent, String key, String where) {
        JsonNode n = parent.path(key);
        if (n.isMissingNode() || n.isNull()) {
            return false;
        }
        if (!n.isBoolean()) {
            throw new IllegalArgumentException(where + key + ": expected true or false, got " + n);
        }
        return n.asBoolean();
    }

    private static Side side(JsonNode n, String where) {
        String s = n.asText("");
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "buy", "long" -> Side.Buy;
            case "sell", "short" -> Side.Sell;
            default -> throw new IllegalArgumentException(where + ": expected Buy or Sell, got '" + s + "'");
        };
    }

    private static long time(JsonNode n, String where) {
        if (n.isMissingNode() || n.isNull()) {
            return Instant.parse("2025-05-01T14:00:00Z").toEpochMilli();
        }
        if (n.isIntegralNumber()) {
            return n.asLong();
        }
        try {
            return Instant.parse(n.asText()).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(where + ": expected an ISO-8601 UTC time or epoch ms, got " + n);
        }
    }

    private static Object scalar(JsonNode n) {
        if (n.isBoolean()) {
            return n.asBoolean();
        }
        if (n.isNumber()) {
            return n.numberValue();
        }
        return n.asText();
    }
}
