package kairos.engine.kernel;

import kairos.engine.backtest.EquityCurve;
import kairos.engine.backtest.EquityPoint;
import kairos.engine.cep.BarClosed;
import kairos.engine.cep.CepEngine;
import kairos.engine.cep.CepFeed;
import kairos.engine.cep.TickSynthesiser;
import kairos.engine.cep.PatternFact;
import kairos.engine.domain.Bar;
import kairos.engine.domain.Instrument;
import kairos.engine.execution.EntryRequest;
import kairos.engine.execution.ExecutionPolicy;
import kairos.engine.execution.ExecutionVenue;
import kairos.engine.execution.FillListener;
import kairos.engine.execution.OrderManager;
import kairos.engine.execution.Portfolio;
import kairos.engine.features.FeatureConfig;
import kairos.engine.features.FeatureEngine;
import kairos.engine.risk.RiskGuard;
import kairos.engine.risk.RiskVerdict;
import kairos.engine.rules.AccountState;
import kairos.engine.rules.ExitSignal;
import kairos.engine.rules.MarketState;
import kairos.engine.rules.PositionState;
import kairos.engine.rules.Proposal;
import kairos.engine.rules.RuleOutcome;
import kairos.engine.rules.RuleSession;
import kairos.engine.rules.Veto;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The single-threaded event loop shared by backtest, paper and live trading. For every market event, in order:
 * <ol>
 *   <li>the venue matches open orders against the bar (fills go to the {@link OrderManager}), then the order
 *       manager handles fill timeouts, iceberg slices and unacknowledged orders;</li>
 *   <li>bars of the strategy timeframe are built and the feature engine updated (context symbols feed the
 *       intermarket columns of the traded symbols' engines);</li>
 *   <li>Esper receives the bars with its clock advanced to event time and emits pattern facts;</li>
 *   <li>at each strategy-timeframe close of a traded symbol the order manager trails stops and applies the time
 *       stop, then the rules decide, and</li>
 *   <li>the risk guard sizes or refuses the proposal before any order goes to the venue.</li>
 * </ol>
 * Modes differ only in the {@link Clock}, the {@link MarketDataSource} and the {@link ExecutionVenue}.
 */
public final class Kernel {
    private final KernelSettings settings;
    private final Clock clock;
    private final RuleSession rules;
    private final RiskGuard riskGuard;
    private final Portfolio portfolio;
    private final DecisionJournal journal;
    private final ExecutionVenue venue;
    private final OrderManager orders;
    private final Set<String> traded;
    private final Map<String, BarAggregator> aggregators = new HashMap<>();
    private final Map<String, FeatureEngine> features = new HashMap<>();
    private final FeatureConfig featureConfig;
    /** Last close per symbol, a one-element array so that updating it on every bar allocates nothing. */
    private final Map<String, double[]> lastClose = new HashMap<>();
    private final List<PatternFact> patterns = new ArrayList<>();
    private final EquityCurve equityCurve = new EquityCurve();
    private CepEngine cep;
    private CepFeed cepFeed;
    private DecisionScorer scorer = DecisionScorer.NONE;
    private double peakEquity;
    private long bars;

    public Kernel(KernelSettings settings, Clock clock, RuleSession rules, RiskGuard riskGuard, Portfolio portfolio,
                  DecisionJournal journal, Function<FillListener, ExecutionVenue> venueFactory) {
        this(settings, clock, rules, riskGuard, portfolio, journal, venueFactory, ExecutionPolicy.DEFAULT);
    }

    public Kernel(KernelSettings settings, Clock clock, RuleSession rules, RiskGuard riskGuard, Portfolio portfolio,
                  DecisionJournal journal, Function<FillListener, ExecutionVenue> venueFactory, ExecutionPolicy policy) {
        this.orders = new OrderManager(settings.instruments(), portfolio, policy);
        this.settings = settings;
        this.clock = clock;
        this.rules = rules;
        this.riskGuard = riskGuard;
        this.portfolio = portfolio;
        this.journal = journal;
        this.venue = venueFactory.apply(orders);
        orders.connect(venue);
        this.traded = new HashSet<>(settings.tradedSymbols());
        this.featureConfig = FeatureConfig.standard(settings.strategyTimeframe());
        for (String s : settings.tradedSymbols()) {
            features.put(s, new FeatureEngine(featureConfig));
        }
        this.peakEquity = portfolio.equity();
    }

    /** Esper patterns arrive here (on the kernel thread, while the kernel sends an event). */
    public void onPattern(PatternFact pattern) {
        patterns.add(pattern);
    }

    /** Attaches the CEP runtime whose sink is {@link #onPattern}. */
    public void attach(CepEngine cepEngine) {
        attach(cepEngine, null);
    }

    /**
     * Attaches the CEP runtime; with a {@link TickSynthesiser}, each 1m feed bar is preceded by trades synthesised
     * from it, so tick-level statements run in candle-only backtests.
     */
    public void attach(CepEngine cepEngine, TickSynthesiser synthesiser) {
        this.cep = cepEngine;
        this.cepFeed = new CepFeed(cepEngine, synthesiser);
    }

    /** Attaches the ML scorer whose facts enter every decision (default: none). */
    public void attach(DecisionScorer decisionScorer) {
        this.scorer = decisionScorer;
    }

    public void onEvent(MarketEvent event) {
        switch (event) {
            case MarketEvent.BarEvent b -> onBar(b);
            case MarketEvent.FundingEvent f -> {
                portfolio.applyFunding(f.symbol(), f.funding().rate(), lastClose(f.symbol()));
                FeatureEngine engine = features.get(f.symbol());
                if (engine != null) {
                    engine.onFunding(f.funding());
                }
            }
        }
        recordEquity(event.time());
    }

    private void onBar(MarketEvent.BarEvent event) {
        String symbol = event.symbol();
        Bar bar = event.bar();
        long now = event.time();
        patterns.clear();
        boolean isTraded = traded.contains(symbol);
        if (isTraded) {
            bars++;
            venue.onMarketBar(symbol, bar);
            portfolio.mark(symbol, bar.close());
            orders.onBar(symbol, bar, now);
        }
        double[] close = lastClose.get(symbol);
        if (close == null) {
            lastClose.put(symbol, close = new double[1]);
        }
        close[0] = bar.close();
        cepFeed.onBar(symbol, event.timeframe(), bar, 0);   // advances Esper to the bar's close, sends BarClosed
        Bar strategyBar = bar;
        if (settings.strategyTimeframe() != settings.feedTimeframe()) {
            strategyBar = aggregators.computeIfAbsent(symbol,
                    s -> new BarAggregator(settings.feedTimeframe(), settings.strategyTimeframe())).add(bar);
            if (strategyBar != null) {
                cep.send(BarClosed.of(symbol, settings.strategyTimeframe(), strategyBar));
            }
        }
        if (strategyBar == null) {
            return;
        }
        scorer.onStrategyBar(symbol, strategyBar);
        if (isTraded) {
            FeatureEngine engine = features.get(symbol);
            engine.onBar(strategyBar);
            orders.onStrategyBar(symbol, strategyBar, now);
            decide(symbol, strategyBar, engine, now);
        } else if (symbol.equals(featureConfig.btcSymbol()) || symbol.equals(featureConfig.ethSymbol())) {
            for (FeatureEngine engine : features.values()) {
                engine.onContextBar(symbol, strategyBar);
            }
        }
    }

    private void decide(String symbol, Bar bar, FeatureEngine engine, long now) {
        MarketState market = new MarketState(symbol, settings.strategyTimeframe().label(), now, bar.open(), bar.high(),
                bar.low(), bar.close(), bar.volume(), engine.schema(), engine.snapshot());
        double equity = portfolio.equity();
        List<Object> facts = new ArrayList<>();
        facts.add(market);
        facts.add(new AccountState(equity, peakEquity, portfolio.openPositions().size()));
        facts.addAll(scorer.facts(symbol, now));
        List<String> patternNames = new ArrayList<>();
        for (PatternFact p : patterns) {
            if (symbol.equals(p.getSymbol())) {
                facts.add(p);
                patternNames.add(p.getName());
            }
        }
        Portfolio.Position position = portfolio.position(symbol);
        if (position != null) {
            facts.add(new PositionState(symbol, position.side(), position.qty(), position.avgEntry(),
                    position.entryTime(), (now - position.entryTime()) / 60_000.0, position.unrealized(bar.close()),
                    position.strategy()));
        }
        RuleOutcome outcome = rules.decide(facts);

        Decision.Verdict verdict;
        Decision.ProposalRecord proposalRecord = null;
        if (position != null && !outcome.exits().isEmpty()) {
            ExitSignal exit = outcome.exits().getFirst();
            String linkId = orders.submitExit(symbol, exit.getReason(), now);
            verdict = new Decision.Verdict("exit", exit.getReason() + " by rule '" + exit.getRule() + "'", null, null, linkId);
        } else if (!outcome.proposals().isEmpty()) {
            Proposal p = outcome.proposals().getFirst();
            proposalRecord = new Decision.ProposalRecord(p.getSide().name(), p.getStrategy(), p.getRule(), p.getEntryType(),
                    p.getEntryPrice(), p.getStopPrice(), p.getTargetPrice(), p.getSizeMultiplier(), p.getReason());
            if (!outcome.vetoes().isEmpty()) {
                Veto v = outcome.vetoes().getFirst();
                verdict = new Decision.Verdict("vetoed", v.getTier() + ": " + v.getReason(), null, null, null);
            } else {
                verdict = submitEntry(p, equity, market.getAtr(), now, orders.isActive(symbol));
            }
        } else {
            verdict = new Decision.Verdict("none", outcome.vetoes().isEmpty() ? "no proposal" : "vetoed", null, null, null);
        }
        journal.record(new Decision(symbol + "-" + now, Instant.ofEpochMilli(now).toString(), symbol, "bar_close",
                outcome.rulesFired(), outcome.vetoes().stream()
                        .map(v -> new Decision.VetoRecord(v.getTier(), v.getRule(), v.getReason())).toList(),
                proposalRecord, verdict,
                outcome.exits().stream().map(x -> new Decision.ExitRecord(x.getRule(), x.getReason())).toList(),
                patternNames, market.digest(), settings.rulesetHash(), settings.modelVersion()));
    }

    private Decision.Verdict submitEntry(Proposal p, double equity, double atr, long now, boolean positionOpen) {
        Instrument instrument = settings.instruments().get(p.getSymbol());
        RiskVerdict risk = riskGuard.evaluate(p, equity, instrument, positionOpen);
        if (!risk.accepted()) {
            return new Decision.Verdict("rejected", risk.reason(), null, null, null);
        }
        String linkId = orders.submitEntry(new EntryRequest(p.getSymbol(), p.getSide(),
                "limit".equalsIgnoreCase(p.getEntryType()), p.getEntryPrice(), risk.qty().doubleValue(),
                risk.stopPrice().doubleValue(), atr, p.getTargetPrice(), null, p.getStrategy(), p.getRule(), now));
        return new Decision.Verdict("accepted", risk.reason(), risk.qty().toPlainString(), risk.stopPrice().toPlainString(),
                linkId);
    }

    /** One account journal row per event time (allocation-free; see {@link EquityCurve}). */
    private void recordEquity(long time) {
        double unrealized = portfolio.unrealized();
        double equity = portfolio.cash() + unrealized;
        peakEquity = Math.max(peakEquity, equity);
        double exposure = portfolio.hasOpenPositions() ? portfolio.exposure() : 0;
        equityCurve.record(time, equity, portfolio.cash(), unrealized, portfolio.feesPaid(), portfolio.fundingPaid(),
                exposure / portfolio.leverage(), exposure);
    }

    private double lastClose(String symbol) {
        double[] close = lastClose.get(symbol);
        return close == null ? 0 : close[0];
    }

    /** Closes every open position at its symbol's last price, as a taker (see {@link OrderManager#closeAll}). */
    public void closeAll(String reason, double takerFee) {
        Map<String, Double> prices = new HashMap<>();
        lastClose.forEach((s, c) -> prices.put(s, c[0]));
        orders.closeAll(reason, takerFee, clock.millis(), prices);
        if (!equityCurve.isEmpty()) {
            recordEquity(equityCurve.time(equityCurve.size() - 1));
        }
    }

    /** The account journal of the run, one row per event time; read as a list of {@link EquityPoint}s. */
    public EquityCurve equityCurve() {
        return equityCurve;
    }

    public OrderManager orders() {
        return orders;
    }

    public Portfolio portfolio() {
        return portfolio;
    }

    public ExecutionVenue venue() {
        return venue;
    }

    /** Bars of traded symbols processed so far. */
    public long barsProcessed() {
        return bars;
    }
}
