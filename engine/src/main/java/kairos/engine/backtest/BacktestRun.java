package kairos.engine.backtest;

import kairos.engine.cep.CepEngine;
import kairos.engine.data.CandleSeries;
import kairos.engine.domain.MarketEvent;
import kairos.engine.execution.DeliveryModel;
import kairos.engine.execution.Portfolio;
import kairos.engine.execution.SimulatedVenue;
import kairos.engine.execution.TradeRecord;
import kairos.engine.kernel.Decision;
import kairos.engine.kernel.EquityCurve;
import kairos.engine.kernel.BatchSource;
import kairos.engine.kernel.Kernel;
import kairos.engine.kernel.KernelLoop;
import kairos.engine.kernel.KernelSettings;
import kairos.engine.kernel.MarketBatch;
import kairos.engine.kernel.MarketDataSource;
import kairos.engine.kernel.ReplayClock;
import kairos.engine.kernel.ReplaySource;
import kairos.engine.ml.DecisionScorer;
import kairos.engine.risk.RiskGuard;
import kairos.engine.rules.RuleEngine;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * One simulated run: the kernel and its loop wired to a replay of stored bars (a backtest) or of recorded market
 * events (a replay), the replay clock and the simulated venue. The same {@link Kernel} and {@link KernelLoop} run
 * paper and live trading; only those three parts differ. Build it (rules and EPL compile here, so broken files
 * fail before any replay), then {@link #replay}, then read the results.
 */
public final class BacktestRun implements AutoCloseable {
    private final BacktestSpec spec;
    private final MarketDataSource source;
    private final BatchSource batches;
    private final ReplayClock clock;
    private final Kernel kernel;
    private final SimulatedVenue venue;
    private final CepEngine cep;
    private final RuleEngine rules;
    private final List<Decision> decisions = new ArrayList<>();
    private final String rulesetHash;
    private final long start;
    private final long end;
    private final long totalBars;

    /** A backtest of the spec's stored bars and funding. */
    public BacktestRun(BacktestSpec spec) {
        this(spec, (MarketDataSource) null, DeliveryModel.PERFECT);
    }

    /**
     * A run of {@code events} (a recording, an event file: every market event type, in time order) when not null,
     * else of the spec's stored bars. The spec's bars are the traded symbols' feed bars either way (the report's
     * prices, the run's range and buy-and-hold); {@code delivery} shapes how the simulated venue answers.
     */
    public BacktestRun(BacktestSpec spec, MarketDataSource events, DeliveryModel delivery) {
        this(spec, events, null, delivery);
    }

    /**
     * A run of a recording's market batches in arrival order, through the live loop — the way a paper or live
     * session took them, so that the replay of a session decides at the same points. The spec's bars serve as in
     * the other runs (report prices, range, buy-and-hold).
     */
    public BacktestRun(BacktestSpec spec, BatchSource batches, DeliveryModel delivery) {
        this(spec, null, batches, delivery);
    }

    private BacktestRun(BacktestSpec spec, MarketDataSource events, BatchSource batches, DeliveryModel delivery) {
        this.spec = spec;
        this.rules = RuleEngine.load(spec.rulesDir(), spec.cepDir());
        this.rulesetHash = rules.rulesetHash();
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        long count = 0;
        for (String symbol : spec.symbols()) {
            CandleSeries series = spec.bars().get(symbol);
            if (series == null || series.size() == 0) {
                throw new IllegalArgumentException("no " + spec.feedTimeframe() + " bars for " + symbol + " in the range");
            }
            first = Math.min(first, series.openTime(0));
            last = Math.max(last, series.openTime(series.size() - 1) + spec.feedTimeframe().millis());
            count += series.size();
        }
        this.start = first;
        this.end = last;
        this.totalBars = count;
        this.batches = batches;
        this.source = batches != null ? null : events != null ? events : barReplay(spec, first, last);
        this.clock = new ReplayClock(first);
        boolean stored = events == null && batches == null;
        KernelSettings settings = new KernelSettings(stored ? "backtest" : "replay", spec.symbols(),
                spec.feedTimeframe(), spec.strategyTimeframe(), spec.instruments(), rulesetHash, spec.modelVersion(),
                spec.halts(), 0, spec.rulesDir(), spec.cepDir(), batches != null ? KernelSettings.LIVE_HEARTBEAT_MS : 0);
        this.kernel = new Kernel(settings, clock, rules, new RiskGuard(spec.riskLimits()),
                new Portfolio(spec.initialEquity(), spec.venue().leverage()), decisions::add, spec.execution());
        this.venue = new SimulatedVenue(spec.venue(), clock, kernel.inbox()::deliver, delivery);
        kernel.connect(venue);
        this.cep = CepEngine.load(spec.cepDir(), first, kernel::onPattern);
        kernel.attach(cep);
    }

    /**
     * Stored series in event-time order. Context symbols come first at equal event times (their bars reach the
     * feature engines before the traded bar), then the traded ones, the configured context symbols among them
     * first (a traded BTC is the others' context). The replay covers the traded window only: context bars and
     * funding outside it would put equity points (and flat days in the daily returns) where nothing can trade.
     */
    private static ReplaySource barReplay(BacktestSpec spec, long first, long last) {
        List<String> all = new ArrayList<>();
        for (String s : spec.contextSymbols()) {
            if (!spec.symbols().contains(s)) {
                all.add(s);
            }
        }
        for (String s : spec.symbols()) {
            if (spec.contextSymbols().contains(s)) {
                all.add(s);
            }
        }
        for (String s : spec.symbols()) {
            if (!all.contains(s)) {
                all.add(s);
            }
        }
        ReplaySource source = new ReplaySource();
        for (String symbol : all) {
            CandleSeries series = spec.bars().get(symbol);
            if (series == null || series.size() == 0) {
                throw new IllegalArgumentException("no " + spec.feedTimeframe() + " bars for " + symbol + " in the range");
            }
            source.addBars(symbol, series.slice(first, last));
            source.addFunding(symbol, spec.funding().getOrDefault(symbol, List.of()).stream()
                    .filter(f -> f.time() >= first && f.time() < last).toList());
        }
        return source;
    }

    /**
     * Replays every event through the kernel's loop, then closes what is still open at the last price
     * ("end_of_data"). {@code progress} receives the number of traded-symbol bars processed, every {@code every}
     * bars.
     */
    public void replay(LongConsumer progress, long every) {
        if (batches != null) {
            replayBatches(progress, every);
            return;
        }
        MarketDataSource counted = new MarketDataSource() {
            long nextReport = every;

            @Override
            public MarketEvent next() {
                if (kernel.barsProcessed() >= nextReport) {
                    progress.accept(kernel.barsProcessed());
                    nextReport += every;
                }
                return source.next();
            }

            @Override
            public boolean finished() {
                return source.finished();
            }
        };
        try {
            KernelLoop.replay(kernel, counted, venue, clock).run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("replay interrupted", e);
        }
        kernel.closeAll(TradeRecord.END_OF_DATA, spec.fees().takerFee());
    }

    /** The live loop over the recording's batches; its arrival clock is the recorded receive time. */
    private void replayBatches(LongConsumer progress, long every) {
        long[] arrived = {clock.millis()};
        BatchSource counted = new BatchSource() {
            long nextReport = every;

            @Override
            public MarketBatch next() {
                if (kernel.barsProcessed() >= nextReport) {
                    progress.accept(kernel.barsProcessed());
                    nextReport += every;
                }
                MarketBatch b = batches.next();
                if (b != null) {
                    arrived[0] = Math.max(arrived[0], b.arrivedAt());
                }
                return b;
            }

            @Override
            public boolean finished() {
                return batches.finished();
            }
        };
        KernelLoop loop = KernelLoop.live(kernel, counted, venue, clock, () -> arrived[0]);
        try {
            loop.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("replay interrupted", e);
        }
        kernel.closeAll(TradeRecord.END_OF_DATA, spec.fees().takerFee());
    }

    /** Attaches an ML scorer to the kernel; call before {@link #replay}. */
    public void attach(DecisionScorer scorer) {
        kernel.attach(scorer);
    }

    public List<TradeRecord> trades() { return kernel.portfolio().closedTrades(); }
    public EquityCurve equityCurve() { return kernel.equityCurve(); }
    public List<Decision> decisions() { return decisions; }
    public Portfolio portfolio() { return kernel.portfolio(); }
    public long barsProcessed() { return kernel.barsProcessed(); }
    public long totalBars() { return totalBars; }
    /** Hash of the rules the run started with (a hot reload changes {@link #rules()}'s, stamped per decision). */
    public String rulesetHash() { return rulesetHash; }
    /** The kernel (to attach an ML scorer or venue health before {@link #replay}). */
    public Kernel kernel() { return kernel; }
    /** The simulated venue the run trades on. */
    public SimulatedVenue venue() { return venue; }
    /** The kernel's rules, hot-swappable between events. */
    public RuleEngine rules() { return rules; }
    /** Open time of the first traded bar, epoch ms. */
    public long start() { return start; }
    /** Close time of the last traded bar, epoch ms (exclusive end). */
    public long end() { return end; }
    public BacktestSpec spec() { return spec; }

    @Override
    public void close() {
        cep.close();
        rules.close();
    }
}
