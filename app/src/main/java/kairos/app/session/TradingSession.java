package kairos.app.session;

import kairos.engine.cep.CepEngine;
import kairos.engine.domain.Instrument;
import kairos.engine.domain.MarketEvent;
import kairos.engine.domain.Timeframe;
import kairos.engine.execution.ExecutionPolicy;
import kairos.engine.execution.ExecutionVenue;
import kairos.engine.execution.MarketSimulation;
import kairos.engine.execution.VenueStore;
import kairos.engine.execution.Portfolio;
import kairos.engine.execution.SimulatedVenue;
import kairos.engine.execution.VenueModel;
import kairos.engine.execution.VenueStateFile;
import kairos.engine.domain.TimedEvent;
import kairos.engine.kernel.DecisionJournal;
import kairos.engine.kernel.Kernel;
import kairos.engine.kernel.KernelLoop;
import kairos.engine.kernel.KernelSettings;
import kairos.engine.kernel.MarketDataSource;
import kairos.engine.kernel.Notifier;
import kairos.engine.kernel.ReplayClock;
import kairos.engine.kernel.StateJournal;
import kairos.engine.risk.HaltLimits;
import kairos.engine.risk.RiskGuard;
import kairos.engine.risk.RiskLimits;
import kairos.engine.rules.RuleEngine;
import kairos.ops.journal.SqliteJournal;
import kairos.ops.journal.SqliteStateJournal;
import kairos.ops.journal.WriteBehind;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.UnaryOperator;

/**
 * A paper trading session that survives a crash: the one kernel with its state journaled in the store as each
 * event is handled ({@link SqliteStateJournal}), the simulated venue keeping its own state in a file beside it
 * ({@code <store>/<name>-venue.json}, as an exchange keeps yours), market data from a source. Started again
 * after a {@code kill -9}, the kernel restores its orders, plans, positions and risk book, the venue its orders and
 * positions, and the kernel reconciles with the venue before it takes any decision. A recorded source resumes after
 * the last market event the kernel journaled; the market state (features, Esper) warms up again from the data.
 */
public final class TradingSession implements AutoCloseable {
    /** What the session trades and how. {@code name} names the account (the journal's session and the venue file). */
    public record Spec(String name, String mode, List<String> symbols, Timeframe strategyTimeframe, Path rulesDir,
                       Path cepDir, Path storeDir, double initialEquity, VenueModel venue, ExecutionPolicy execution,
                       RiskLimits risk, HaltLimits halts, Map<String, Instrument> instruments, String modelVersion,
                       long reconcileIntervalMs) {
    }

    private final RuleEngine rules;
    private final CepEngine cep;
    private final Kernel kernel;
    private final SimulatedVenue venue;
    private final VenueStateFile venueFile;
    private final SqliteStateJournal journal;
    private final WriteBehind writes;
    private final KernelLoop loop;
    private final boolean resumed;

    /**
     * What stands between the kernel and its journal, its venue port, and the venue's store, and between the live
     * loop and the paper venue's matcher: the identity in use, an observer in tests (the crash tests stop a session
     * at a chosen point between journal and venue) and benchmarks ({@code kairos bench live} times the path from a
     * market message to the order request it causes).
     */
    public record Interposers(UnaryOperator<StateJournal> journal, UnaryOperator<ExecutionVenue> venue,
                              UnaryOperator<VenueStore> venueStore, UnaryOperator<MarketSimulation> simulation) {
        public static final Interposers NONE = new Interposers(j -> j, v -> v, s -> s);

        public Interposers(UnaryOperator<StateJournal> journal, UnaryOperator<ExecutionVenue> venue,
                           UnaryOperator<VenueStore> venueStore) {
            this(journal, venue, venueStore, m -> m);
        }
    }

    /**
     * @param source      recorded market data, replayed in event time (null: a live session, fed through
     *                    {@link #post} by the streams' threads)
     * @param realVenue   the exchange (live mode), or null for the persisted simulated venue (paper)
     * @param wall        the wall clock of a live session (its real venue's timeouts, silence on the feeds)
     * @param historyFrom where a live session's back-filled history starts (Esper's clock starts there)
     */
    private TradingSession(Spec spec, MarketDataSource source, long start, Notifier notifier, Interposers seams,
                           ExecutionVenue realVenue, LongSupplier wall, long historyFrom, DecisionJournal decisions) {
        this.rules = RuleEngine.load(spec.rulesDir(), spec.cepDir());
        SqliteJournal.Run run = new SqliteJournal.Run(spec.mode(), "bybit", spec.symbols(), spec.strategyTimeframe().label(),
                Instant.ofEpochMilli(start), Instant.ofEpochMilli(start), rules.rulesetHash(), spec.modelVersion(), null);
        this.journal = SqliteStateJournal.open(spec.storeDir(), spec.name(), run, Instant.ofEpochMilli(start));
        journal.checkpointApart();
        long resumeAt = journal.load().map(s -> s.time()).orElse(start);
        this.writes = new WriteBehind();   // its thread starts here: after the rules and the journal opened
        ReplayClock clock = new ReplayClock(resumeAt);
        boolean live = source == null;
        KernelSettings settings = new KernelSettings(spec.mode(), spec.symbols(), Timeframe.M1,
                spec.strategyTimeframe(), spec.instruments(), rules.rulesetHash(), spec.modelVersion(), spec.halts(),
                spec.reconcileIntervalMs(), spec.rulesDir(), spec.cepDir(), live ? KernelSettings.LIVE_HEARTBEAT_MS : 0);
        this.kernel = new Kernel(settings, clock, rules, new RiskGuard(spec.risk()),
                new Portfolio(spec.initialEquity(), spec.venue().leverage()), decisions, spec.execution());
        kernel.notifyTo(notifier);
        if (realVenue == null) {
            this.venueFile = new VenueStateFile(spec.storeDir().resolve(spec.name() + "-venue.json"));
            this.venue = new SimulatedVenue(spec.venue(), clock, kernel.inbox()::deliver)
                    .persistIn(writes.venueStore(seams.venueStore().apply(venueFile)));
            kernel.connect(seams.venue().apply(venue));
        } else {
            this.venue = null;
            this.venueFile = null;
            kernel.connect(seams.venue().apply(realVenue));
            kernel.realVenue(wall);
        }
        this.resumed = kernel.journalStateIn(writes.journal(seams.journal().apply(journal)));
        this.cep = CepEngine.load(spec.cepDir(), Math.min(resumeAt, historyFrom), kernel::onPattern);
        kernel.attach(cep);
        if (live) {
            // a hot reload compiles DRL and EPL and runs the scenarios off the kernel thread, which keeps trading
            kernel.reloadOn(RELOADS);
            this.loop = KernelLoop.live(kernel, null, venue == null ? null : seams.simulation().apply(venue), clock, wall);
        } else {
            long after = resumed ? kernel.lastEventTime() : Long.MIN_VALUE;
            this.loop = KernelLoop.replay(kernel, after(source, after), seams.simulation().apply(venue), clock);
        }
    }

    /**
     * A paper session on a recorded or replayed source in event time (the replay clock follows it). When the
     * journal already holds the session, it resumes after the last market event journaled.
     */
    public static TradingSession onRecordedData(Spec spec, MarketDataSource source, long start, Notifier notifier) {
        return onRecordedData(spec, source, start, notifier, Interposers.NONE);
    }

    public static TradingSession onRecordedData(Spec spec, MarketDataSource source, long start, Notifier notifier,
                                                Interposers seams) {
        return new TradingSession(spec, source, start, notifier, seams, null, null, Long.MAX_VALUE, d -> { });
    }

    /**
     * A live session: market batches arrive through {@link #post} (the Bybit feed's thread), in arrival order, on
     * the exchange's event time; the venue is {@code realVenue} (live) or the persisted simulated venue (paper,
     * {@code realVenue} null). {@code start} is where the back-filled history begins (a fresh session's clock
     * starts there; a resumed one continues from its journaled time). Decisions also go to {@code decisions}.
     */
    public static TradingSession live(Spec spec, ExecutionVenue realVenue, LongSupplier wall, long start,
                                      Notifier notifier, DecisionJournal decisions, Interposers seams) {
        return new TradingSession(spec, null, start, notifier, seams, realVenue, wall, start, decisions);
    }

    /** Posts a market batch (or any kernel event) to the kernel's inbox, from any thread. */
    public void post(TimedEvent event) {
        kernel.inbox().post(event);
    }

    private static MarketDataSource after(MarketDataSource source, long time) {
        if (time == Long.MIN_VALUE) {
            return source;
        }
        return new MarketDataSource() {
            @Override
            public MarketEvent next() {
                MarketEvent e;
                while ((e = source.next()) != null && e.time() <= time) {
                    // handled before the restart
                }
                return e;
            }

            @Override
            public boolean finished() {
                return source.finished();
            }
        };
    }

    /** Runs until the source ends or {@link #stop()}; returns once the state is written. */
    public void run() throws InterruptedException {
        loop.run();
        writes.flush();
    }

    /** Stops after the event in hand (a signal handler's thread). */
    public void stop() {
        loop.stop();
    }

    /** Whether the journal held the session (a restart). */
    public boolean resumed() {
        return resumed;
    }

    public Kernel kernel() {
        return kernel;
    }

    /** Where live sessions build their hot reloads: one daemon thread, so reload requests are built in order. */
    private static final java.util.concurrent.ExecutorService RELOADS = java.util.concurrent.Executors
            .newSingleThreadExecutor(Thread.ofPlatform().name("rules-reload").daemon(true).factory());

    public SimulatedVenue venue() {
        return venue;
    }

    public SqliteStateJournal journal() {
        return journal;
    }

    /** The session's state writer: the journal's and the paper venue's writes, behind the kernel (ADR 0013). */
    public WriteBehind writes() {
        return writes;
    }

    @Override
    public void close() {
        writes.close();
        if (venueFile != null) {
            venueFile.close();
        }
        cep.close();
        rules.close();
        journal.close();
    }
}
