package kairos.engine.backtest.validation;

import kairos.engine.backtest.BacktestSpec;
import kairos.engine.data.CandleSeries;
import kairos.engine.domain.Side;
import kairos.engine.execution.FeeSchedule;
import kairos.engine.execution.TradeRecord;
import kairos.engine.execution.VenueModel;
import kairos.engine.kernel.EquityPoint;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Supplier;
import kairos.engine.ml.DecisionScorer;

/**
 * The strategy on real data with one stress injected per run (R18.5–R18.9 and more), each built by changing the
 * <em>inputs</em> of the backtest (bars, venue model), never the kernel:
 *
 * <ul>
 *   <li>{@code baseline}: the data as it is;</li>
 *   <li>{@code atr_x3} (R18.5): the traded symbols' bars three times as wide around their closes;</li>
 *   <li>{@code slippage_x5} (R18.6): base, volatility and size slippage of the venue times five;</li>
 *   <li>{@code correlation_reversal} (R18.7): the context symbols' returns mirrored (prices c0²/p);</li>
 *   <li>{@code drop_20pct} (R18.8): every symbol 20% lower from one bar on, a gap at its open, injected while
 *       the baseline holds its largest long position;</li>
 *   <li>{@code losing_streak} (R18.9): a stop-hunting wick to just beyond the initial stop on each trade's entry bar,
 *       one trade at a time, until the given number of consecutive trades has lost, starting at the peak before the
 *       baseline's deepest drawdown (each wick needs a re-run, since the trades after it change);</li>
 *   <li>{@code fees_x2}: maker and taker fees doubled (rebates kept);</li>
 *   <li>{@code latency_x10}: the venue latency times ten;</li>
 *   <li>{@code flash_crash}: the traded symbols crash 12% inside one bar, close 10% down and recover the next bar,
 *       at the same moment as the drop;</li>
 *   <li>{@code data_gap}: the bars of every symbol missing for some hours from that moment.</li>
 * </ul>
 */
public final class StressSuite {
    /**
     * @param lossRun  consecutive losing trades the losing streak forces
     * @param gapHours length of the data gap
     * @param threads  scenarios run at once (each is a whole backtest)
     */
    public record Settings(int lossRun, int gapHours, int threads) {
        public Settings {
            if (lossRun < 1 || lossRun > 50) {
                throw new IllegalArgumentException("--loss-run must be within 1 .. 50, got " + lossRun);
            }
            if (gapHours < 1 || gapHours > 24 * 14) {
                throw new IllegalArgumentException("--gap-hours must be within 1 .. 336, got " + gapHours);
            }
            if (threads < 1) {
                throw new IllegalArgumentException("--threads must be at least 1, got " + threads);
            }
        }

        public static Settings defaults() {
            return new Settings(5, 6, Math.max(1, Runtime.getRuntime().availableProcessors()));
        }
    }

    public static final List<String> NAMES = List.of("baseline", "atr_x3", "slippage_x5", "correlation_reversal",
            "drop_20pct", "losing_streak", "fees_x2", "latency_x10", "flash_crash", "data_gap");

    private record Outcome(String name, String description, Long injectedAt, Map<String, Object> measured,
                           BacktestOutcome run, String skipped) {
    }

    private StressSuite() {
    }

    /**
     * Runs every scenario on {@code base}, each run with a fresh scorer from {@code scorer} (null: no model); the map
     * is the content of {@code stress.json}.
     */
    public static Map<String, Object> run(BacktestSpec base, Settings settings, Supplier<DecisionScorer> scorer,
                                          Consumer<String> progress) {
        return new Runner(base, RuleNames.emergency(base.rulesDir()), scorer).runAll(settings, progress);
    }

    /** The worst scenario's max drawdown (baseline included); NaN without scenarios that ran. */
    @SuppressWarnings("unchecked")
    public static double worstDrawdown(Map<String, Object> stress) {
        double worst = Double.NaN;
        for (Map<String, Object> s : (List<Map<String, Object>>) stress.get("scenarios")) {
            if (s.get("max_drawdown") instanceof Number n && !(n.doubleValue() <= worst)) {
                worst = n.doubleValue();
            }
        }
        return worst;
    }

    /**
     * The first feed bar after the entry of the baseline's largest long position (its open plus the venue latency),
     * so that a shock there meets an open long; the middle of the data when the baseline never went long.
     */
    static long shockTime(BacktestSpec base, BacktestOutcome baseline) {
        CandleSeries s = base.bars().get(base.symbols().getFirst());
        TradeRecord largest = baseline.trades().stream().filter(t -> t.side() == Side.Buy)
                .max(Comparator.comparingDouble((TradeRecord t) -> t.qty() * t.entryPrice())
                        .thenComparing(TradeRecord::entryTime, Comparator.reverseOrder()))
                .orElse(null);
        if (largest == null) {
            return s.openTime(s.size() / 2);
        }
        int i = s.indexAtOrAfter(largest.entryTime() + base.venue().latencyMs());
        return s.openTime(Math.min(i, s.size() - 2));
    }

    private static BacktestSpec withBars(BacktestSpec b, Map<String, CandleSeries> bars) {
        return new BacktestSpec(b.exchange(), b.symbols(), b.contextSymbols(), b.feedTimeframe(), b.strategyTimeframe(),
                bars, b.funding(), b.rulesDir(), b.cepDir(), b.initialEquity(), b.venue(), b.execution(), b.riskLimits(),
                b.instruments(), b.modelVersion());
    }

    private static BacktestSpec withVenue(BacktestSpec b, VenueModel v) {
        return new BacktestSpec(b.exchange(), b.symbols(), b.contextSymbols(), b.feedTimeframe(), b.strategyTimeframe(),
                b.bars(), b.funding(), b.rulesDir(), b.cepDir(), b.initialEquity(), v, b.execution(), b.riskLimits(),
                b.instruments(), b.modelVersion());
    }

    /** The scenarios of one suite: the base inputs, the watched rule names and the scorer every run gets. */
    private record Runner(BacktestSpec base, Set<String> watched, Supplier<DecisionScorer> scorer) {
        BacktestOutcome backtest(BacktestSpec spec) {
            return BacktestOutcome.run(spec, scorer, Long.MIN_VALUE, watched);
        }

        Map<String, Object> runAll(Settings settings, Consumer<String> progress) {
            progress.accept("stress: baseline");
            BacktestOutcome baseline = backtest(base);
            long shock = shockTime(base, baseline);
            String when = baseline.trades().stream().anyMatch(t -> t.side() == Side.Buy)
                    ? "the baseline's largest long position is open then"
                    : "the middle of the data (the baseline never went long)";
            List<java.util.concurrent.Callable<Outcome>> jobs = new ArrayList<>();
            jobs.add(this::scaled);
            jobs.add(this::slippage);
            jobs.add(this::reversal);
            jobs.add(() -> drop(shock, when));
            jobs.add(() -> streak(baseline, settings.lossRun(), progress));
            jobs.add(this::fees);
            jobs.add(this::latency);
            jobs.add(() -> flash(shock));
            jobs.add(() -> gap(shock, settings.gapHours(), when));
            List<Outcome> outcomes = new ArrayList<>();
            outcomes.add(new Outcome("baseline", "the data as stored, the venue as configured", null, Map.of(), baseline, null));
            ExecutorService pool = Executors.newFixedThreadPool(Math.min(settings.threads(), jobs.size()), r -> {
                Thread t = new Thread(r, "kairos-stress");
                t.setDaemon(true);
                return t;
            });
            try {
                List<Future<Outcome>> futures = new ArrayList<>();
                for (var job : jobs) {
                    futures.add(pool.submit(() -> {
                        Outcome o = job.call();
                        progress.accept("stress: " + o.name() + " done");
                        return o;
                    }));
                }
                for (Future<Outcome> f : futures) {
                    outcomes.add(f.get());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("the stress run was interrupted", e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                throw new IllegalStateException("a stress scenario failed: " + e.getCause(), e.getCause());
            } finally {
                pool.shutdownNow();
            }
            List<Map<String, Object>> scenarios = new ArrayList<>();
            for (Outcome o : outcomes) {
                scenarios.add(entry(o, baseline));
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("scenarios", scenarios);
            out.put("symbols", base.symbols());
            out.put("context_symbols", base.contextSymbols());
            out.put("start", Instant.ofEpochMilli(baseline.from()).toString());
            out.put("end", Instant.ofEpochMilli(baseline.to()).toString());
            out.put("ruleset_hash", baseline.rulesetHash());
            out.put("model_version", base.modelVersion());
            out.put("emergency_rules_watched", List.copyOf(watched));
            return out;
        }
        private Outcome scaled() {
            Map<String, CandleSeries> bars = new LinkedHashMap<>(base.bars());
            double before = 0;
            double after = 0;
            for (String s : base.symbols()) {
                CandleSeries stressed = MarketShocks.scaleAroundClose(base.bars().get(s), 3);
                before += MarketShocks.meanTrueRange(base.bars().get(s));
                after += MarketShocks.meanTrueRange(stressed);
                bars.put(s, stressed);
            }
            Map<String, Object> measured = new LinkedHashMap<>();
            measured.put("mean_true_range_ratio", after / before);
            return new Outcome("atr_x3", "the traded symbols' open, high and low moved 3x as far from each " + base.feedTimeframe()
                    + " close (closes unchanged)", null, measured, backtest(withBars(base, bars)), null);
        }

        private Outcome slippage() {
            VenueModel v = base.venue();
            FeeSchedule f = v.fees();
            VenueModel stressed = new VenueModel(new FeeSchedule(f.makerFee(), f.takerFee(), Math.min(0.05, f.slippage() * 5)),
                    v.latencyMs(), Math.min(1, v.volatilitySlippage() * 5), Math.min(10, v.sizeImpact() * 5), v.participation(),
                    v.leverage(), v.maintenanceMargin());
            Map<String, Object> measured = new LinkedHashMap<>();
            measured.put("slippage", stressed.fees().slippage());
            measured.put("volatility_slippage", stressed.volatilitySlippage());
            measured.put("size_impact", stressed.sizeImpact());
            return new Outcome("slippage_x5", String.format(Locale.ROOT, "base slippage %s -> %s, volatility slippage %s -> %s, "
                            + "size impact %s -> %s", f.slippage(), stressed.fees().slippage(), v.volatilitySlippage(),
                    stressed.volatilitySlippage(), v.sizeImpact(), stressed.sizeImpact()), null, measured,
                    backtest(withVenue(base, stressed)), null);
        }

        private Outcome fees() {
            VenueModel v = base.venue();
            FeeSchedule f = v.fees();
            FeeSchedule doubled = new FeeSchedule(f.makerFee() > 0 ? Math.min(0.01, 2 * f.makerFee()) : f.makerFee(),
                    Math.min(0.01, 2 * f.takerFee()), f.slippage());
            VenueModel stressed = new VenueModel(doubled, v.latencyMs(), v.volatilitySlippage(), v.sizeImpact(),
                    v.participation(), v.leverage(), v.maintenanceMargin());
            return new Outcome("fees_x2", "maker fee " + f.makerFee() + " -> " + doubled.makerFee() + ", taker fee "
                    + f.takerFee() + " -> " + doubled.takerFee(), null, Map.of(),
                    backtest(withVenue(base, stressed)), null);
        }

        private Outcome latency() {
            VenueModel v = base.venue();
            long ms = Math.min(60_000, Math.max(1, v.latencyMs()) * 10);
            VenueModel stressed = new VenueModel(v.fees(), ms, v.volatilitySlippage(), v.sizeImpact(), v.participation(),
                    v.leverage(), v.maintenanceMargin());
            return new Outcome("latency_x10", "venue latency " + v.latencyMs() + " ms -> " + ms + " ms (orders match on "
                    + base.feedTimeframe() + " feed bars that close after they are live)", null, Map.of(),
                    backtest(withVenue(base, stressed)), null);
        }

        private Outcome reversal() {
            List<String> context = base.contextSymbols().stream().filter(c -> !base.symbols().contains(c)).toList();
            if (context.isEmpty()) {
                return new Outcome("correlation_reversal", "no context symbol to mirror", null, Map.of(), null,
                        "the run has no context symbol (give --context BTCUSDT)");
            }
            Map<String, CandleSeries> bars = new LinkedHashMap<>(base.bars());
            Map<String, Object> measured = new LinkedHashMap<>();
            CandleSeries traded = base.bars().get(base.symbols().getFirst());
            for (String c : context) {
                CandleSeries mirrored = MarketShocks.mirror(base.bars().get(c));
                measured.put("correlation_" + c + "_before", MarketShocks.returnCorrelation(traded, base.bars().get(c)));
                measured.put("correlation_" + c + "_after", MarketShocks.returnCorrelation(traded, mirrored));
                bars.put(c, mirrored);
            }
            return new Outcome("correlation_reversal", "the returns of " + String.join(", ", context)
                    + " mirrored (every price p becomes c0^2/p): its correlation with " + base.symbols().getFirst()
                    + " changes sign", null, measured, backtest(withBars(base, bars)),
                    null);
        }

        private Outcome drop(long at, String when) {
            Map<String, CandleSeries> bars = new LinkedHashMap<>();
            base.bars().forEach((s, series) -> bars.put(s, MarketShocks.levelShift(series, at, 0.8, 5)));
            return new Outcome("drop_20pct", "every symbol 20% lower from " + Instant.ofEpochMilli(at)
                    + " on, gapping at that bar's open (stops fill there, not at their price); " + when, at, Map.of(),
                    backtest(withBars(base, bars)), null);
        }

        private Outcome flash(long at) {
            Map<String, CandleSeries> bars = new LinkedHashMap<>(base.bars());
            for (String s : base.symbols()) {
                bars.put(s, MarketShocks.flashCrash(base.bars().get(s), at, 0.12, 0.10));
            }
            return new Outcome("flash_crash", "the traded symbols trade 12% down inside the " + base.feedTimeframe()
                    + " bar at " + Instant.ofEpochMilli(at) + ", close it 10% down and recover by the next bar's close",
                    at, Map.of(), backtest(withBars(base, bars)), null);
        }

        private Outcome gap(long at, int hours, String when) {
            long to = at + hours * 3_600_000L;
            Map<String, CandleSeries> bars = new LinkedHashMap<>();
            base.bars().forEach((s, series) -> bars.put(s, MarketShocks.removeRange(series, at, to)));
            return new Outcome("data_gap", "no bar of any symbol from " + Instant.ofEpochMilli(at) + " to "
                    + Instant.ofEpochMilli(to) + " (" + hours + " h); " + when,
                    at, Map.of(), backtest(withBars(base, bars)), null);
        }

        /**
         * Forces {@code n} consecutive losses: from the equity peak before the baseline's deepest drawdown, the next
         * trade gets a wick to just beyond its initial stop on the first feed bar after its entry; re-run; the next
         * trade; and so on. A trade that loses by itself needs no wick. Each wick is after every earlier trade, so the
         * earlier trades do not change.
         */
        private Outcome streak(BacktestOutcome baseline, int n, Consumer<String> progress) {
            long start = peakBeforeDeepestDrawdown(baseline);
            String symbol = base.symbols().getFirst();
            BacktestSpec spec = base;
            BacktestOutcome run = baseline;
            int wicks = 0;
            int lossesInARow = 0;
            List<String> forced = new ArrayList<>();
            List<TradeRecord> after = run.trades().stream().filter(t -> t.entryTime() >= start)
                    .sorted(Comparator.comparingLong(TradeRecord::entryTime)).toList();
            String where = "the peak before the baseline's deepest drawdown";
            if (after.size() < n) {
                where = "the last " + n + " trades of the baseline";
                // not enough trades after that peak: start the streak early enough to have n of them
                List<TradeRecord> all = run.trades().stream().sorted(Comparator.comparingLong(TradeRecord::entryTime)).toList();
                after = all.subList(Math.max(0, all.size() - n), all.size());
            }
            if (after.isEmpty()) {
                return new Outcome("losing_streak", "no trade to turn into a loss", null, Map.of(), null,
                        "the baseline made no trade");
            }
            long from = after.getFirst().entryTime();
            int guard = 0;
            while (lossesInARow < n && guard++ < 3 * n + 3) {
                List<TradeRecord> seq = run.trades().stream().filter(t -> t.entryTime() >= from && t.symbol().equals(symbol))
                        .sorted(Comparator.comparingLong(TradeRecord::entryTime)).toList();
                lossesInARow = 0;
                TradeRecord next = null;
                for (TradeRecord t : seq) {
                    if (t.netPnl() < 0) {
                        lossesInARow++;
                        if (lossesInARow >= n) {
                            break;
                        }
                    } else {
                        next = t;
                        break;
                    }
                }
                if (lossesInARow >= n || next == null) {
                    break;
                }
                TradeRecord target = next;
                double stop = Double.isNaN(target.initialRisk()) || target.initialRisk() <= 0
                        ? target.entryPrice() * (1 - target.side().sign() * 0.02)
                        : target.entryPrice() - target.side().sign() * target.initialRisk() / target.qty();
                boolean isLong = target.side() == Side.Buy;
                double through = isLong ? stop * 0.998 : stop * 1.002;
                // the wick goes on the bar of the entry fill (the stop is live from the fill plus the latency); when
                // the trade still survives, also on the next bar
                long fillBar = spec.feedTimeframe().floor(target.entryTime());
                BacktestOutcome rerun = null;
                for (int attempt = 0; attempt < 2; attempt++) {
                    Map<String, CandleSeries> bars = new LinkedHashMap<>(spec.bars());
                    bars.put(symbol, MarketShocks.wick(spec.bars().get(symbol),
                            fillBar + attempt * spec.feedTimeframe().millis(), through, isLong));
                    spec = withBars(spec, bars);
                    wicks++;
                    progress.accept("stress: losing_streak, wick " + wicks);
                    rerun = backtest(spec);
                    if (!survived(rerun, target)) {
                        break;
                    }
                }
                forced.add(target.side() + " " + Instant.ofEpochMilli(target.entryTime()));
                run = rerun;
                if (survived(rerun, target)) {
                    break; // the trade left before any wick could stop it: give up rather than loop
                }
            }
            Map<String, Object> measured = new LinkedHashMap<>();
            measured.put("losses_in_a_row", lossesInARow);
            measured.put("wicks", wicks);
            measured.put("forced_trades", forced);
            return new Outcome("losing_streak", n + " consecutive losing trades from " + Instant.ofEpochMilli(from)
                    + " (" + where + "): each winning trade among them stopped out by a wick just beyond its initial stop "
                    + "on the bar of its entry fill, " + wicks + " wicks, " + lossesInARow + " losses in a row reached",
                    from, measured, run, null);
        }
    }

    private static boolean survived(BacktestOutcome run, TradeRecord target) {
        return run.trades().stream().anyMatch(t -> t.entryTime() == target.entryTime() && t.netPnl() >= 0);
    }

    /** The time of the equity peak from which the baseline's deepest drawdown fell; its start without one. */
    static long peakBeforeDeepestDrawdown(BacktestOutcome o) {
        double peak = o.initialEquity();
        long peakTime = o.from();
        double worst = 0;
        long worstPeakTime = o.from();
        for (EquityPoint p : o.equity()) {
            if (p.equity() > peak) {
                peak = p.equity();
                peakTime = p.time();
            } else if (peak > 0 && (peak - p.equity()) / peak > worst) {
                worst = (peak - p.equity()) / peak;
                worstPeakTime = peakTime;
            }
        }
        return worstPeakTime;
    }

    private static Map<String, Object> entry(Outcome o, BacktestOutcome baseline) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", o.name());
        m.put("description", o.description());
        m.put("injected_at", o.injectedAt() == null ? null : Instant.ofEpochMilli(o.injectedAt()).toString());
        if (o.skipped() != null) {
            m.put("skipped", o.skipped());
            return m;
        }
        if (!o.measured().isEmpty()) {
            m.put("measured", o.measured());
        }
        BacktestOutcome r = o.run();
        m.putAll(r.metrics().toMap());
        TradeRecord worst = r.worstTrade();
        if (worst == null) {
            m.put("worst_trade", null);
        } else {
            Map<String, Object> w = new LinkedHashMap<>();
            w.put("id", worst.id());
            w.put("side", worst.side().name());
            w.put("entry_time", Instant.ofEpochMilli(worst.entryTime()).toString());
            w.put("exit_time", Instant.ofEpochMilli(worst.exitTime()).toString());
            w.put("net_pnl", worst.netPnl());
            w.put("r_multiple", worst.rMultiple());
            w.put("exit_reason", worst.exitReason());
            m.put("worst_trade", w);
        }
        m.put("emergency_rules_fired", r.decisions().rulesFired());
        m.put("actions", r.decisions().actions());
        m.put("decisions", r.decisions().toMap());
        String why = r.decisions().noTradeReason(r.trades().size());
        if (why != null) {
            m.put("no_trade_reason", why);
        }
        Map<String, Object> vs = new LinkedHashMap<>();
        vs.put("net_pnl", r.netPnl() - baseline.netPnl());
        vs.put("max_drawdown", r.metrics().maxDrawdown() - baseline.metrics().maxDrawdown());
        m.put("vs_baseline", vs);
        m.put("bars_processed", r.barsProcessed());
        return m;
    }
}
