package kairos.engine.backtest;

import kairos.engine.kernel.EquityCurve;

import kairos.engine.execution.TradeRecord;

import kairos.engine.cep.CepEngine;
import kairos.engine.data.CandleSeries;
import kairos.engine.execution.Portfolio;
import kairos.engine.execution.SimulatedVenue;
import kairos.engine.kernel.Decision;
import kairos.engine.kernel.Kernel;
import kairos.engine.kernel.KernelSettings;
import kairos.engine.kernel.MarketEvent;
import kairos.engine.kernel.ReplayClock;
import kairos.engine.kernel.ReplaySource;
import kairos.engine.risk.RiskGuard;
import kairos.engine.rules.RuleEngine;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * One backtest: the kernel wired to a replay of stored bars, a replay clock and the simulated venue. The same
 * {@link Kernel} runs paper and live trading; only those three parts differ. Build it (rules and EPL compile
 * here, so broken files fail before any replay), then {@link #replay}, then read the results.
 */
public final class BacktestRun implements AutoCloseable {
    private final BacktestSpec spec;
    private final ReplaySource source = new ReplaySource();
    private final ReplayClock clock;
    private final Kernel kernel;
    private final CepEngine cep;
    private final RuleEngine rules;
    private final List<Decision> decisions = new ArrayList<>();
    private final String rulesetHash;
    private final long start;
    private final long end;
    private final long totalBars;

    public BacktestRun(BacktestSpec spec) {
        this.spec = spec;
        this.rules = RuleEngine.load(spec.rulesDir(), spec.cepDir());
        this.rulesetHash = rules.rulesetHash();
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        long count = 0;
        // context symbols first: at equal event times their bars reach the feature engines before the traded bar
        List<String> all = new ArrayList<>();
        for (String s : spec.contextSymbols()) {
            if (!spec.symbols().contains(s)) {
                all.add(s);
            }
        }
        all.addAll(spec.symbols());
        for (String symbol : spec.symbols()) {
            CandleSeries series = spec.bars().get(symbol);
            if (series == null || series.size() == 0) {
                throw new IllegalArgumentException("no " + spec.feedTimeframe() + " bars for " + symbol + " in the range");
            }
            first = Math.min(first, series.openTime(0));
            last = Math.max(last, series.openTime(series.size() - 1) + spec.feedTimeframe().millis());
            count += series.size();
        }
        // the replay covers the traded window only: context bars and funding outside it would put equity points
        // (and flat days in the daily returns) where nothing can trade
        for (String symbol : all) {
            CandleSeries series = spec.bars().get(symbol);
            if (series == null || series.size() == 0) {
                throw new IllegalArgumentException("no " + spec.feedTimeframe() + " bars for " + symbol + " in the range");
            }
            source.addBars(symbol, series.slice(first, last));
            long from = first;
            long to = last;
            source.addFunding(symbol, spec.funding().getOrDefault(symbol, List.of()).stream()
                    .filter(f -> f.time() >= from && f.time() < to).toList());
        }
        this.start = first;
        this.end = last;
        this.totalBars = count;
        this.clock = new ReplayClock(first);
        KernelSettings settings = new KernelSettings(spec.symbols(), spec.feedTimeframe(), spec.strategyTimeframe(),
                spec.instruments(), rulesetHash, spec.modelVersion());
        this.kernel = new Kernel(settings, clock, rules, new RiskGuard(spec.riskLimits()),
                new Portfolio(spec.initialEquity(), spec.venue().leverage()), decisions::add,
                listener -> new SimulatedVenue(spec.venue(), spec.feedTimeframe().millis(), listener), spec.execution());
        this.cep = CepEngine.load(spec.cepDir(), first, kernel::onPattern);
        kernel.attach(cep);
    }

    /**
     * Replays every event, then closes what is still open at the last price ("end_of_data").
     * {@code progress} receives the number of traded-symbol bars processed, every {@code every} bars.
     */
    public void replay(LongConsumer progress, long every) {
        MarketEvent event;
        long nextReport = every;
        while ((event = source.next()) != null) {
            clock.advanceTo(Math.max(clock.millis(), event.time()));
            kernel.onEvent(event);
            if (kernel.barsProcessed() >= nextReport) {
                progress.accept(kernel.barsProcessed());
                nextReport += every;
            }
        }
        kernel.closeAll("end_of_data", spec.fees().takerFee());
    }

    /** Attaches an ML scorer to the kernel; call before {@link #replay}. */
    public void attach(kairos.engine.ml.DecisionScorer scorer) {
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
