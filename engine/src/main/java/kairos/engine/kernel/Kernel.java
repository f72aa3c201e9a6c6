package kairos.engine.kernel;

import kairos.engine.ml.DecisionScorer;

import kairos.engine.cep.BarClosed;
import kairos.engine.cep.CepEngine;
import kairos.engine.cep.CepFeed;
import kairos.engine.cep.TickSynthesiser;
import kairos.engine.cep.PatternFact;
import kairos.engine.domain.Bar;
import kairos.engine.domain.Instrument;
import kairos.engine.execution.EntryRequest;
import kairos.engine.execution.TakeProfitLadder;
import kairos.engine.execution.ExecutionPolicy;
import kairos.engine.execution.ExecutionVenue;
import kairos.engine.execution.FillListener;
import kairos.engine.execution.OrderManager;
import kairos.engine.execution.Portfolio;
import kairos.engine.features.FeatureConfig;
import kairos.engine.features.FeatureEngine;
import kairos.engine.risk.RiskGuard;
import kairos.engine.risk.RiskVerdict;
import kairos.engine.execution.TradeRecord;
import kairos.engine.execution.OrderIntent;
import kairos.engine.execution.OrderPurpose;
import kairos.engine.execution.OrderType;
import kairos.engine.risk.RiskContext;
import kairos.engine.rules.AccountState;
import kairos.engine.rules.Action;
import kairos.engine.rules.ExitSignal;
import kairos.engine.ml.MlScore;
import kairos.engine.rules.MarketState;
import kairos.engine.rules.TakeProfit;
import kairos.engine.rules.RulesSwap;
import kairos.engine.rules.PositionState;
import kairos.engine.rules.Proposal;
import kairos.engine.rules.RiskState;
import kairos.engine.rules.RuleEngine;
import kairos.engine.rules.RuleOutcome;
import kairos.engine.rules.SessionState;
import kairos.engine.rules.VenueHealth;
import kairos.engine.rules.Veto;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
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
    /** A one-minute move of this fraction of price makes the bar a risk-event decision point (R16.1 screen). */
    static final double RISK_EVENT_MOVE = 0.02;
    /** CEP patterns that make a feed bar a risk-event decision point. */
    static final Set<String> EMERGENCY_PATTERNS = Set.of("FlashCrash", "StaleFeed", "LatencyHigh", "AbnormalSpread");
    private final KernelSettings settings;
    private final Clock clock;
    private final RuleEngine rules;
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
    private final Map<String, Double> moveSinceDecision = new HashMap<>();
    private final Map<String, Double> prevFeedClose = new HashMap<>();
    private final Set<String> flattened = new HashSet<>();
    private Consumer<Action> alerts = a -> { };
    private final Map<String, VenueHealth> venueHealth = new HashMap<>();
    private final java.security.MessageDigest sha256 = newSha256();
    private long pausedUntil = Long.MIN_VALUE;
    private String pauseReason = "";
    private double dayStartEquity;
    private long currentDay = Long.MIN_VALUE;
    private CepEngine cep;
    private CepFeed cepFeed;
    private DecisionScorer scorer = DecisionScorer.NONE;
    private double peakEquity;
    private long bars;

    public Kernel(KernelSettings settings, Clock clock, RuleEngine rules, RiskGuard riskGuard, Portfolio portfolio,
                  DecisionJournal journal, Function<FillListener, ExecutionVenue> venueFactory) {
        this(settings, clock, rules, riskGuard, portfolio, journal, venueFactory, ExecutionPolicy.DEFAULT);
    }

    public Kernel(KernelSettings settings, Clock clock, RuleEngine rules, RiskGuard riskGuard, Portfolio portfolio,
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
        this.dayStartEquity = portfolio.equity();
    }

    /**
     * Esper patterns arrive here (on the kernel thread, while the kernel sends an event). A traded symbol's pattern
     * waits for that symbol's next decision point, which takes every pattern since the previous one: a timer fact
     * fired by another symbol's bar at the same instant, or a tick pattern between two bars, reaches the rules.
     * Patterns of context symbols are not decided on and are not kept.
     */
    public void onPattern(PatternFact pattern) {
        if (pattern.getSymbol() != null && traded.contains(pattern.getSymbol())) {
            patterns.add(pattern);
        }
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
        rules.swapIfStaged(event.time()); // hot reload: only ever between two events
        for (RulesSwap swap : rules.drainAudit()) {
            journalSwap(swap, event.time());
        }
        long day = Math.floorDiv(event.time(), 86_400_000L);
        if (day != currentDay) {
            currentDay = day;
            dayStartEquity = portfolio.equity();
        }
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
        boolean isTraded = traded.contains(symbol);
        if (isTraded) {
            bars++;
            venue.onMarketBar(symbol, bar);
            portfolio.mark(symbol, bar.close());
            Double prev = prevFeedClose.put(symbol, bar.close());
            double base = prev != null ? prev : bar.open();
            if (base > 0) {
                double move = Math.max(Math.abs(bar.close() - base), bar.high() - bar.low()) / base;
                moveSinceDecision.merge(symbol, move, Math::max);
            }
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
            if (isTraded && isRiskEvent(symbol)) {
                decide(symbol, bar, features.get(symbol), now, "risk_event");
            }
            return;
        }
        scorer.onStrategyBar(symbol, strategyBar);
        if (isTraded) {
            FeatureEngine engine = features.get(symbol);
            engine.onBar(strategyBar);
            orders.onStrategyBar(symbol, strategyBar, now);
            decide(symbol, strategyBar, engine, now, "bar_close");
        } else if (symbol.equals(featureConfig.btcSymbol()) || symbol.equals(featureConfig.ethSymbol())) {
            for (FeatureEngine engine : features.values()) {
                engine.onContextBar(symbol, strategyBar);
            }
        }
    }

    private void decide(String symbol, Bar bar, FeatureEngine engine, long now, String trigger) {
        // the kernel's own input: the largest one-minute move since the last decision (flash-crash rules)
        Map<String, Double> extra = Map.of(MarketState.MOVE_1M, settings.feedTimeframe().millis() == 60_000
                ? moveSinceDecision.getOrDefault(symbol, 0.0) : Double.NaN);
        moveSinceDecision.remove(symbol);
        MarketState market = new MarketState(symbol, settings.strategyTimeframe().label(), now, bar.open(), bar.high(),
                bar.low(), bar.close(), bar.volume(), engine.schema(), engine.snapshot(), extra);
        double equity = portfolio.equity();
        RiskState risk = riskState(symbol, now, equity);
        List<Object> facts = new ArrayList<>();
        facts.add(market);
        facts.add(SessionState.at(now));
        facts.add(new AccountState(equity, peakEquity, portfolio.openPositions().size()));
        facts.add(risk);
        facts.add(venueHealth.getOrDefault(symbol, VenueHealth.healthy(symbol)));
        String modelVersion = settings.modelVersion();
        for (Object f : scorer.facts(symbol, now)) {
            facts.add(f);
            if (f instanceof MlScore score && score.getModelVersion() != null) {
                modelVersion = score.getModelVersion();
            }
        }
        List<String> patternNames = new ArrayList<>();
        for (PatternFact p : patterns) {
            if (symbol.equals(p.getSymbol())) {
                facts.add(p);
                patternNames.add(p.getName());
            }
        }
        patterns.removeIf(p -> symbol.equals(p.getSymbol()));
        Portfolio.Position position = portfolio.position(symbol);
        if (position != null) {
            facts.add(new PositionState(symbol, position.side(), position.qty(), position.avgEntry(),
                    position.entryTime(), (now - position.entryTime()) / 60_000.0, position.unrealized(bar.close()),
                    position.strategy()));
        }
        RuleOutcome outcome = rules.session().decide(facts);
        List<Decision.ActionRecord> actionRecords = act(outcome.actions(), now);
        position = portfolio.position(symbol);

        Decision.Verdict verdict;
        Decision.ProposalRecord proposalRecord = null;
        Proposal clear = outcome.firstClearProposal();
        Proposal shown = clear != null ? clear : outcome.proposals().isEmpty() ? null : outcome.proposals().getFirst();
        if (shown != null) {
            proposalRecord = new Decision.ProposalRecord(shown.getSide().name(), shown.getStrategy(), shown.getRule(),
                    shown.getEntryType(), shown.getEntryPrice(), shown.getStopPrice(), shown.getTargetPrice(),
                    outcome.sizeMultiplier(shown), shown.getReason(),
                    shown.getTargets().stream().map(t -> new Decision.TargetRecord(t.price(), t.fraction())).toList(),
                    shown.getRunnerFraction());
        }
        if (position != null && !outcome.exits().isEmpty() && !flattened.contains(symbol)) {
            ExitSignal exit = outcome.exits().getFirst();
            String linkId = orders.submitExit(symbol, exit.getReason(), now);
            verdict = new Decision.Verdict("exit", exit.getReason() + " by rule '" + exit.getRule() + "'", null, null, linkId);
        } else if (shown == null) {
            verdict = new Decision.Verdict("none", outcome.vetoes().isEmpty() ? "no proposal"
                    : "no proposal; vetoed: " + vetoSummary(outcome.vetoes()), null, null, null);
        } else if (clear == null) {
            verdict = new Decision.Verdict("vetoed", vetoSummary(outcome.vetoesOf(shown)), null, null, null);
        } else if (!"bar_close".equals(trigger)) {
            verdict = new Decision.Verdict("none", "entries are taken at bar closes, not at " + trigger, null, null, null);
        } else {
            RiskContext ctx = new RiskContext(risk.drawdown(), risk.dailyPnl(), risk.openRisk(), isPaused(now));
            verdict = submitEntry(clear, outcome.sizeMultiplier(clear), equity, market.getAtr(), now,
                    orders.isActive(symbol), ctx);
        }
        flattened.clear();
        String marketDigest = market.digest();
        journal.record(new Decision(symbol + "-" + now + ("bar_close".equals(trigger) ? "" : "-r"),
                Instant.ofEpochMilli(now).toString(), symbol, trigger,
                outcome.rulesFired(), outcome.vetoes().stream()
                        .map(v -> new Decision.VetoRecord(v.getTier(), v.getRule(), v.getReason(),
                                v.getSide() == null ? null : v.getSide().name())).toList(),
                proposalRecord, verdict,
                outcome.exits().stream().map(x -> new Decision.ExitRecord(x.getRule(), x.getReason())).toList(),
                patternNames, marketDigest, rules.rulesetHash(),
                modelVersion, actionRecords,
                outcome.sizeFactors().stream().map(f -> new Decision.SizeFactorRecord(f.getName(), f.getFactor(),
                        f.getRule(), f.getReason())).toList(),
                outcome.skipped().stream().map(k -> new Decision.SkipRecord(k.getTier(), k.getRule(), k.getReason())).toList(),
                sha256(marketDigest + " | " + risk + " | patterns=" + patternNames)));
    }

    /**
     * The proposal's take-profit ladder as ATR multiples of its distance from the entry, for the order manager;
     * null (the configured ladder) when the ATR is unknown or the targets are not beyond the entry in order.
     */
    static TakeProfitLadder ladderOf(Proposal p, double atr) {
        List<TakeProfit> targets = p.getTargets();
        if (targets.isEmpty()) {
            return TakeProfitLadder.NONE;
        }
        if (!(atr > 0)) {
            return null;
        }
        double[] multiples = new double[targets.size()];
        double[] fractions = new double[targets.size()];
        double sign = p.isLong() ? 1 : -1;
        for (int i = 0; i < targets.size(); i++) {
            multiples[i] = sign * (targets.get(i).price() - p.getEntryPrice()) / atr;
            fractions[i] = targets.get(i).fraction();
            if (!(multiples[i] > 0) || i > 0 && multiples[i] <= multiples[i - 1]) {
                return null;
            }
        }
        return new TakeProfitLadder(multiples, fractions);
    }

    private static String vetoSummary(List<Veto> vetoes) {
        StringBuilder sb = new StringBuilder();
        for (Veto v : vetoes) {
            sb.append(sb.isEmpty() ? "" : "; ").append(v.getTier()).append(": ").append(v.getReason());
        }
        return sb.toString();
    }

    /** Executes rule actions: cancels first (so a flatten order is not cancelled), then flattens, reduces, pauses, alerts. */
    private List<Decision.ActionRecord> act(List<Action> actions, long now) {
        List<Decision.ActionRecord> out = new ArrayList<>();
        List<Action> ordered = new ArrayList<>(actions);
        ordered.sort(java.util.Comparator.comparingInt(a -> a.getType().ordinal() == Action.Type.CANCEL_ALL.ordinal() ? 0 : 1));
        for (Action a : ordered) {
            switch (a.getType()) {
                case CANCEL_ALL -> {
                    for (String s : symbolsOf(a)) {
                        orders.cancelAll(s);
                    }
                }
                case FLATTEN -> {
                    for (String s : symbolsOf(a)) {
                        if (portfolio.position(s) != null && !flattened.contains(s)) {
                            orders.submitExit(s, "emergency", now);
                            flattened.add(s);
                        }
                    }
                }
                case REDUCE -> {
                    for (String s : symbolsOf(a)) {
                        if (!flattened.contains(s)) {
                            orders.submitReduce(s, a.getFraction(), "reduce", now);
                        }
                    }
                }
                case PAUSE -> {
                    if (a.getUntil() > pausedUntil) {
                        pausedUntil = a.getUntil();
                        pauseReason = a.getReason();
                    }
                }
                case ALERT -> alerts.accept(a);
            }
            out.add(new Decision.ActionRecord(a.getType().name().toLowerCase(java.util.Locale.ROOT), a.getSymbol(),
                    a.getType() == Action.Type.PAUSE ? (a.getUntil() == Long.MAX_VALUE ? "manual"
                            : Instant.ofEpochMilli(a.getUntil()).toString()) : null,
                    a.getType() == Action.Type.REDUCE ? a.getFraction() : null, a.getAlertType(), a.getRule(),
                    a.getReason()));
        }
        return out;
    }

    private List<String> symbolsOf(Action a) {
        return a.getSymbol() != null ? List.of(a.getSymbol()) : settings.tradedSymbols();
    }

    private boolean isPaused(long now) {
        return now < pausedUntil;
    }

    /** A hot-reload request in the decision journal: trigger {@code rules_reload}, old → new hash, its errors. */
    private void journalSwap(RulesSwap swap, long now) {
        String what = swap.status() + ": " + swap.oldHash() + " -> " + (swap.newHash() == null ? "(no build)" : swap.newHash())
                + " requested by " + swap.trigger() + (swap.errors().isEmpty() ? "" : "; errors: " + String.join("; ", swap.errors()));
        journal.record(new Decision("rules-" + now + "-" + swap.status(), Instant.ofEpochMilli(now).toString(), "*",
                "rules_reload", List.of(), List.of(), null, new Decision.Verdict(swap.status(), what, null, null, null),
                List.of(), List.of(), "build " + swap.buildMillis() + " ms", rules.rulesetHash(), settings.modelVersion(),
                List.of(), List.of(), List.of(), null));
    }

    /** The venue's health as the live connectors see it (maintenance, API errors, latency, suspect data, delisting). */
    public void onVenueHealth(VenueHealth health) {
        venueHealth.put(health.symbol(), health);
    }

    /** Lifts a pause (the control API's resume, after a manual review). */
    public void resume() {
        pausedUntil = Long.MIN_VALUE;
        pauseReason = "";
    }

    /** Where ALERT actions go (the notifier); by default only the decision journal records them. */
    public void onAlert(Consumer<Action> sink) {
        this.alerts = sink;
    }

    private RiskState riskState(String symbol, long now, double equity) {
        List<TradeRecord> closed = portfolio.closedTrades();
        int streak = 0;
        double sinceLoss = Double.POSITIVE_INFINITY;
        for (int i = closed.size() - 1; i >= 0 && closed.get(i).netPnl() < 0; i--) {
            if (streak == 0) {
                sinceLoss = (now - closed.get(i).exitTime()) / 60_000.0;
            }
            streak++;
        }
        if (streak == 0) {
            for (int i = closed.size() - 1; i >= 0; i--) {
                if (closed.get(i).netPnl() < 0) {
                    sinceLoss = (now - closed.get(i).exitTime()) / 60_000.0;
                    break;
                }
            }
        }
        int from = Math.max(0, closed.size() - RiskState.KELLY_WINDOW);
        int wins = 0;
        int losses = 0;
        double winSum = 0;
        double lossSum = 0;
        for (int i = from; i < closed.size(); i++) {
            double pnl = closed.get(i).netPnl();
            if (pnl > 0) {
                wins++;
                winSum += pnl;
            } else {
                losses++;
                lossSum -= pnl;
            }
        }
        int n = closed.size() - from;
        double openRisk = 0;
        int others = 0;
        for (Portfolio.Position p : portfolio.openPositions()) {
            double stop = orders.stopPrice(p.symbol()); // the live stop (trailing moves it), NaN when none
            if (Double.isFinite(stop) && equity > 0) {
                openRisk += Math.max(0, p.side() == kairos.engine.domain.Side.Buy ? p.avgEntry() - stop : stop - p.avgEntry())
                        * p.qty() / equity;
            }
            if (!p.symbol().equals(symbol)) {
                others++;
            }
        }
        double drawdown = peakEquity > 0 ? Math.max(0, (peakEquity - equity) / peakEquity) : 0;
        double daily = dayStartEquity > 0 ? (equity - dayStartEquity) / dayStartEquity : 0;
        return new RiskState(symbol, drawdown, daily, streak, sinceLoss, portfolio.openPositions().size(), others,
                openRisk, isPaused(now), isPaused(now) ? pauseReason : "", n, n == 0 ? Double.NaN : (double) wins / n,
                wins == 0 ? Double.NaN : winSum / wins, losses == 0 ? Double.NaN : lossSum / losses);
    }

    /** First 16 hex digits of the text's SHA-256 (the audit's facts hash); the digest instance is reused. */
    private String sha256(String text) {
        byte[] d = sha256.digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return java.util.HexFormat.of().formatHex(d, 0, 8);
    }

    private static java.security.MessageDigest newSha256() {
        try {
            return java.security.MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }

    private Decision.Verdict submitEntry(Proposal p, double sizeMultiplier, double equity, double atr, long now,
                                         boolean positionOpen, RiskContext ctx) {
        Instrument instrument = settings.instruments().get(p.getSymbol());
        RiskVerdict risk = riskGuard.evaluate(p, sizeMultiplier, equity, instrument, positionOpen, ctx);
        if (!risk.accepted()) {
            return new Decision.Verdict("rejected", risk.reason(), null, null, null);
        }
        // the proposal's ladder (ATR multiples from its targets) goes to the order manager, which places the rungs
        String linkId = orders.submitEntry(new EntryRequest(p.getSymbol(), p.getSide(),
                "limit".equalsIgnoreCase(p.getEntryType()), p.getEntryPrice(), risk.qty().doubleValue(),
                risk.stopPrice().doubleValue(), atr, p.getTargetPrice(), ladderOf(p, atr), p.getStrategy(), p.getRule(), now));
        return new Decision.Verdict("accepted", risk.reason(), risk.qty().toPlainString(), risk.stopPrice().toPlainString(),
                linkId);
    }

    /**
     * A feed bar between two strategy closes is a decision point of its own when it may be an emergency: a
     * one-minute move of at least {@value #RISK_EVENT_MOVE} of price (a screen; the rules decide at their own
     * threshold) or an emergency pattern from CEP.
     */
    private boolean isRiskEvent(String symbol) {
        if (moveSinceDecision.getOrDefault(symbol, 0.0) >= RISK_EVENT_MOVE) {
            return true;
        }
        for (PatternFact p : patterns) {
            if (symbol.equals(p.getSymbol()) && EMERGENCY_PATTERNS.contains(p.getName())) {
                return true;
            }
        }
        return false;
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

    /** The rules in force (hot-swappable between events). */
    public RuleEngine rules() {
        return rules;
    }

    /** Bars of traded symbols processed so far. */
    public long barsProcessed() {
        return bars;
    }
}
