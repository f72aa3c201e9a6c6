package kairos.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import kairos.app.config.KairosConfig;
import kairos.bybit.parsing.RecordedStream;
import kairos.engine.backtest.BacktestRun;
import kairos.engine.backtest.BacktestSpec;
import kairos.engine.backtest.DecisionsJsonl;
import kairos.engine.cep.EventFile;
import kairos.engine.data.CandleSeries;
import kairos.engine.domain.Bar;
import kairos.engine.domain.Market;
import kairos.engine.domain.MarketEvent;
import kairos.engine.domain.Timeframe;
import kairos.engine.execution.DeliveryModel;
import kairos.engine.kernel.MarketDataSource;
import kairos.engine.kernel.BatchSource;
import kairos.engine.kernel.MarketBatch;
import kairos.engine.kernel.TradeBars;
import kairos.engine.ml.MlModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.zip.GZIPInputStream;

/**
 * {@code kairos replay FILE}: a recording (or an event file) through the whole kernel with the simulated venue,
 * writing the files of a backtest.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Replays a 'kairos record' recording (raw Bybit messages, parsed by the live parser) or a Kairos "
                + "event file (JSON lines, as 'cep test --events' reads) through the whole trading kernel: features and "
                + "Esper from the ticks, the rules, the risk guard, the simulated venue matching on the recorded trades.",
                "Writes summary.json, trades.csv, decisions.jsonl, equity.csv and report.html to --out, as 'backtest' "
                        + "does; byte-identical on a second run. Feed bars are the recorded 1m klines, or built from the "
                        + "trades where no kline was recorded; decisions on closes of --timeframe and at patterns and fills."},
        footer = {"", "Examples:", "  ./kairos replay out/record/bybit-public-20251201-120000.jsonl.gz",
                "  ./kairos replay events.jsonl --out /tmp/replay --symbols SOLUSDT"})
public final class ReplayCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;
    @Mixin
    EngineOptions engine;

    @Parameters(paramLabel = "FILE", description = "Recording (.jsonl.gz) written by 'kairos record', or an event file (.jsonl / .jsonl.gz).")
    Path file;

    @Option(names = "--out", paramLabel = "DIR", description = "Where to write the results (default: out/replay in the project).")
    Path out;

    @Option(names = {"--symbols", "--symbol"}, split = ",", paramLabel = "SYM[,SYM...]",
            description = "Symbols to trade (default: backtest.symbols of the config that the recording holds).")
    List<String> symbols;

    @Option(names = "--timeframe", paramLabel = "TF", description = "Strategy timeframe: decisions at its closes (default: backtest.timeframe of the config).")
    String timeframe;

    @Option(names = "--compare", paramLabel = "SESSION_OUT",
            description = "A 'kairos run' session's --out folder: replay as that session ran (its symbols, timeframe, "
                    + "equity, trade_on_fallback) and compare decision by decision and fill by fill; writes compare.json; "
                    + "exit 1 when they differ.")
    Path compare;

    /** The files a replay writes to --out: a backtest's, and compare.json with --compare. */
    static final Set<String> OUTPUTS = java.util.stream.Stream.concat(BacktestCommand.OUTPUTS.stream(),
            java.util.stream.Stream.of("compare.json")).collect(java.util.stream.Collectors.toUnmodifiableSet());

    @Override
    public Integer call() throws IOException {
        GracefulStop stop = GracefulStop.install("replay", System.err); // before any work: a signal never leaves half a run
        KairosConfig config = common.loadConfig();
        if (!Files.isRegularFile(file)) {
            throw new UserError("no such recording: " + file);
        }
        KairosConfig.Backtest bt = config.backtest();
        JsonNode session = compare == null ? null : sessionFile(compare);
        if (session != null) {
            List<String> sessionSymbols = new ArrayList<>();
            session.path("symbols").forEach(n -> sessionSymbols.add(n.asText()));
            bt = new KairosConfig.Backtest(bt.exchange(), bt.market(), sessionSymbols, bt.contextSymbols(),
                    session.path("timeframe").asText(bt.timeframe()), session.path("initial_equity").asDouble(bt.initialEquity()));
        }
        Timeframe strategyTf = Timeframe.parse(timeframe != null ? timeframe : bt.timeframe());
        if (!strategyTf.isMultipleOf(Timeframe.M1)) {
            throw new UserError("--timeframe " + strategyTf + ": a replay's feed bars are 1m");
        }
        boolean recording = isRecording(file);

        // first pass: which symbols the file holds, and their recorded 1m klines
        Map<String, List<Bar>> bars1m = new TreeMap<>();
        Set<String> seen = new LinkedHashSet<>();
        Set<String> withTrades = new LinkedHashSet<>();
        try (Pipeline scan = new Pipeline(file, recording)) {
            MarketDataSource events = scan.events(Set.of());
            MarketEvent e;
            while ((e = events.next()) != null) {
                seen.add(e.symbol());
                if (e instanceof MarketEvent.BarClose b && b.timeframe() == Timeframe.M1) {
                    bars1m.computeIfAbsent(b.symbol(), k -> new ArrayList<>()).add(b.bar());
                } else if (e instanceof MarketEvent.Trade) {
                    withTrades.add(e.symbol());
                }
            }
        }
        List<String> traded = new ArrayList<>();
        for (String s : upper(symbols != null ? symbols : bt.symbols())) {
            if (seen.contains(s)) {
                traded.add(s);
            } else if (symbols != null) {
                throw new UserError("--symbols: the recording holds no " + s + " data (it holds " + seen + ")");
            }
        }
        if (traded.isEmpty()) {
            throw new UserError(file + ": holds no data for the traded symbols " + bt.symbols() + " (it holds " + seen
                    + "); choose with --symbols");
        }
        for (String s : traded) {
            if (!config.instrumentMap().containsKey(s)) {
                throw new UserError("--symbols: " + s + " has no entry under 'instruments' in the config");
            }
        }
        List<String> context = new ArrayList<>();
        for (String s : upper(bt.contextSymbols() == null ? List.of() : bt.contextSymbols())) {
            if (seen.contains(s) && !traded.contains(s)) {
                context.add(s);
            }
        }
        // where no kline was recorded, the 1m bars come from the trades (a second pass builds them)
        Set<String> fromTrades = new LinkedHashSet<>();
        for (String s : concat(traded, context)) {
            if (!bars1m.containsKey(s) && withTrades.contains(s)) {
                fromTrades.add(s);
            }
        }
        if (!fromTrades.isEmpty()) {
            try (Pipeline build = new Pipeline(file, recording)) {
                MarketDataSource events = build.events(fromTrades);
                MarketEvent e;
                while ((e = events.next()) != null) {
                    if (e instanceof MarketEvent.BarClose b && b.timeframe() == Timeframe.M1 && fromTrades.contains(b.symbol())) {
                        bars1m.computeIfAbsent(b.symbol(), k -> new ArrayList<>()).add(b.bar());
                    }
                }
            }
        }
        Map<String, CandleSeries> bars = new LinkedHashMap<>();
        for (String s : concat(traded, context)) {
            List<Bar> list = bars1m.getOrDefault(s, List.of());
            if (list.isEmpty()) {
                if (traded.contains(s)) {
                    throw new UserError(file + ": no complete minute of " + s + " (no 1m kline, too few trades)");
                }
                context.remove(s);
                continue;
            }
            bars.put(s, CandleSeries.of(Timeframe.M1, dedupe(list)));
        }

        MlModel model = engine.loadModel(strategyTf);
        BacktestSpec spec = new BacktestSpec("bybit", traded, context, Timeframe.M1, strategyTf, bars, Map.of(),
                engine.rulesDir(), engine.cepDir(), bt.initialEquity(), config.venueModel(), config.executionPolicy(),
                config.riskLimits(), config.instrumentMap(), EngineOptions.versionOf(model), config.haltLimits());
        Path outDir = out != null ? out : KairosHome.resolve("out/replay");
        PrintStream err = System.err;
        Set<String> wanted = new LinkedHashSet<>(concat(traded, context));
        try (OutputFolder output = OutputFolder.begin(outDir, OUTPUTS);
             Pipeline pipeline = new Pipeline(file, recording);
             BacktestRun run = new BacktestRun(spec, only(pipeline.batches(fromTrades), wanted), DeliveryModel.PERFECT)) {
            EngineOptions.attach(run, model, strategyTf, traded);
            if (session != null) {
                run.kernel().fallbackTradable(session.path("trade_on_fallback").asBoolean(false));   // as the session
            } else {
                run.kernel().fallbackTradable(config.runOrDefaults().tradeOnFallback());
            }
            err.printf(Locale.ROOT, "kairos: replay %s of %s, %d 1m bars %s .. %s (%s), decisions on %s closes%n",
                    String.join(",", traded), file.getFileName(), run.totalBars(), Instant.ofEpochMilli(run.start()),
                    Instant.ofEpochMilli(run.end()), fromTrades.isEmpty() ? "recorded klines"
                            : "bars built from trades for " + String.join(",", fromTrades), strategyTf);
            long t0 = System.nanoTime();
            run.replay(n -> { }, Long.MAX_VALUE);
            long elapsedMs = (System.nanoTime() - t0) / 1_000_000;
            BacktestCommand.write(run, output, elapsedMs, Market.PERP, strategyTf, "replay", config, common, stop);
            if (compare != null) {
                return compareWith(compare, run, outDir);
            }
        }
        return 0;
    }

    private static JsonNode sessionFile(Path dir) throws IOException {
        Path f = dir.resolve("session.json");
        if (!Files.isRegularFile(f)) {
            throw new UserError("--compare " + dir + ": no session.json (the --out folder of a 'kairos run' session)");
        }
        return new ObjectMapper().readTree(f.toFile());
    }

    /** The session's decisions and fills against the replay's; prints the summary, writes compare.json. */
    private static int compareWith(Path sessionDir, BacktestRun run, Path outDir) throws IOException {
        Path decisionsFile = sessionDir.resolve("decisions.jsonl");
        Path fillsFile = sessionDir.resolve("fills.csv");
        for (Path f : List.of(decisionsFile, fillsFile)) {
            if (!Files.isRegularFile(f)) {
                throw new UserError("--compare " + sessionDir + ": no " + f.getFileName() + " (written by 'kairos run')");
            }
        }
        List<SessionCompare.FillRow> replayFills = run.venue().executions().stream()
                .map(f -> new SessionCompare.FillRow(f.execId(), f.orderLinkId(), f.symbol(), f.side().name(),
                        f.qty().toPlainString(), f.price().toPlainString(), Instant.ofEpochMilli(f.time()).toString()))
                .toList();
        // the session stopped after its last handled event; its recording may hold what came after: not compared
        String until = sessionFile(sessionDir).path("handled_until").asText("");
        long end = until.isEmpty() ? Long.MAX_VALUE : Instant.parse(until).toEpochMilli();
        List<kairos.engine.kernel.Decision> replayed = run.decisions().stream()
                .filter(d -> Instant.parse(d.ts()).toEpochMilli() <= end).toList();
        int after = run.decisions().size() - replayed.size();
        List<SessionCompare.FillRow> fillsBefore = replayFills.stream()
                .filter(f -> Instant.parse(f.time()).toEpochMilli() <= end).toList();
        SessionCompare.Result r = SessionCompare.compare(DecisionsJsonl.read(decisionsFile), replayed,
                SessionCompare.readFills(fillsFile), fillsBefore);
        if (after > 0 || fillsBefore.size() < replayFills.size()) {
            System.out.printf(Locale.ROOT, "the session stopped at %s: %d later decisions and %d later fills of the "
                    + "replay are not compared%n", until, after, replayFills.size() - fillsBefore.size());
        }
        Files.writeString(outDir.resolve("compare.json"), new ObjectMapper().writerWithDefaultPrettyPrinter()
                .writeValueAsString(SessionCompare.json(r)) + "\n");
        PrintStream out = System.out;
        out.printf(Locale.ROOT, "compare with %s: %d decisions match, %d differ, %d only in the session, %d only in the "
                        + "replay; %d fills match, %d differ%n", sessionDir, r.decisionsMatched(),
                r.decisionDiffs().size() - r.onlySession() - r.onlyReplay(), r.onlySession(), r.onlyReplay(),
                r.fillsMatched(), r.fillDiffs().size());
        r.decisionDiffs().stream().limit(SessionCompare.SHOWN).forEach(d -> out.println("  " + d));
        r.fillDiffs().stream().limit(SessionCompare.SHOWN).forEach(d -> out.println("  " + d));
        out.println(r.same() ? "the replay decided and filled as the session did" : "the replay differs from the session"
                + " (details in " + outDir.resolve("compare.json") + ")");
        return r.same() ? 0 : 1;
    }

    /**
     * The file's market data: a recording in arrival order (as the live loop took it), an event file in time order,
     * with 1m bars built from the trades of the symbols that have no klines.
     */
    private static final class Pipeline implements AutoCloseable {
        private final RecordedStream stream;
        private final List<MarketEvent> events;

        Pipeline(Path file, boolean recording) throws IOException {
            if (recording) {
                stream = RecordedStream.open(file);
                events = null;
            } else {
                stream = null;
                events = new ArrayList<>(EventFile.read(file));
                events.sort(Comparator.comparingLong(MarketEvent::time));
            }
        }

        /** Event by event (the scans before the run). */
        MarketDataSource events(Set<String> buildFor) {
            return new TradeBars(stream != null ? stream : MarketDataSource.of(events), Timeframe.M1, buildFor);
        }

        /** Batch by batch, as they arrived (the run). */
        BatchSource batches(Set<String> buildFor) {
            BatchSource raw = stream != null ? stream.batches() : BatchSource.each(MarketDataSource.of(events));
            return TradeBars.batches(raw, Timeframe.M1, buildFor);
        }

        @Override
        public void close() throws IOException {
            if (stream != null) {
                stream.close();
            }
        }
    }

    private static boolean isRecording(Path file) throws IOException {
        try (InputStream raw = Files.newInputStream(file);
             BufferedReader in = new BufferedReader(new InputStreamReader(
                     file.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                String t = line.strip();
                if (!t.isEmpty() && !t.startsWith("#")) {
                    return t.contains("\"recv_ts\"") && (t.contains("\"msg\"") || t.contains("\"binance\"")
                            || t.contains("\"clock\"")) || t.contains("\"raw\"");
                }
            }
            return false;
        } catch (java.util.zip.ZipException e) {
            throw new UserError(file + ": not a gzip recording (" + e.getMessage() + ")");
        }
    }

    /** The batches' events of {@code symbols} (others of the recording are neither traded nor context). */
    private static BatchSource only(BatchSource in, Set<String> symbols) {
        return new BatchSource() {
            @Override
            public MarketBatch next() {
                MarketBatch b;
                while ((b = in.next()) != null) {
                    List<MarketEvent> mine = b.events().stream().filter(e -> symbols.contains(e.symbol())).toList();
                    if (!mine.isEmpty()) {
                        return new MarketBatch(mine, b.history(), b.arrivedAt(), b.fallback());
                    }
                }
                return null;
            }

            @Override
            public boolean finished() {
                return in.finished();
            }
        };
    }

    private static List<Bar> dedupe(List<Bar> bars) {
        List<Bar> out = new ArrayList<>();
        for (Bar b : bars) {
            if (out.isEmpty() || b.openTime() > out.getLast().openTime()) {
                out.add(b);
            }
        }
        return out;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    private static List<String> upper(List<String> in) {
        return in.stream().map(s -> s.trim().toUpperCase(Locale.ROOT)).filter(s -> !s.isEmpty()).distinct().toList();
    }
}
