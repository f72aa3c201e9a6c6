package kairos.engine.cep;

import com.espertech.esper.common.client.EPCompiled;
import com.espertech.esper.common.client.EventBean;
import com.espertech.esper.common.client.EventSender;
import com.espertech.esper.common.client.configuration.Configuration;
import com.espertech.esper.common.client.util.NameAccessModifier;
import com.espertech.esper.common.client.util.StatementProperty;
import com.espertech.esper.common.client.util.StatementType;
import com.espertech.esper.runtime.client.EPDeployException;
import com.espertech.esper.runtime.client.EPDeployment;
import com.espertech.esper.runtime.client.EPRuntime;
import com.espertech.esper.runtime.client.EPRuntimeProvider;
import com.espertech.esper.runtime.client.EPStatement;
import com.espertech.esper.runtime.client.EPUndeployException;
import kairos.engine.cep.events.BookLevelChange;
import kairos.engine.cep.events.BookTop;
import kairos.engine.cep.events.FeedEvent;
import kairos.engine.cep.events.FeedHealth;
import kairos.engine.cep.events.Fill;
import kairos.engine.cep.events.Funding;
import kairos.engine.cep.events.IndexPrice;
import kairos.engine.cep.events.Liquidation;
import kairos.engine.cep.events.LongShortRatio;
import kairos.engine.cep.events.MarkPrice;
import kairos.engine.cep.events.OpenInterest;
import kairos.engine.cep.events.TradeSecond;
import kairos.engine.cep.events.TradeTick;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The Esper runtime of one kernel, in external-clock mode: time moves only when the kernel calls
 * {@link #advanceTime(long)} with event time, so replays are deterministic. Loads every {@code *.epl} module
 * under a folder (recursively, in path order); every {@code select} statement (not {@code insert into} or
 * {@code into table}) whose columns include {@code symbol} emits a {@link PatternFact} per row to the sink.
 *
 * <p>Hot reload: {@link #requestReload} compiles the folder on another thread; the kernel thread swaps the new
 * modules in at its next {@link #advanceTime} (between events). Modules before the first changed file keep
 * their state; the changed module and those after it (which may use its streams) are redeployed. A module that
 * does not compile is refused with {@code file:line} and the running statements stay as they were.
 */
public final class CepEngine implements AutoCloseable {
    private static final AtomicLong INSTANCES = new AtomicLong();
    /** Longest stretch of event time whose timers fire one by one (see {@link #advanceTime}). */
    static final long MAX_SPAN_MS = 86_400_000L;
    private static final Pattern DERIVED_STREAM = Pattern.compile("(?is)\\b(insert\\s+into|into\\s+table)\\b");
    private static final List<Class<?>> EVENT_TYPES = List.of(BarClosed.class, FeedEvent.class, TradeTick.class,
            BookTop.class, BookLevelChange.class, Liquidation.class, OpenInterest.class, Funding.class,
            LongShortRatio.class,
            MarkPrice.class, IndexPrice.class, TradeSecond.class, Fill.class, FeedHealth.class);

    private final EPRuntime runtime;
    private final Consumer<PatternFact> sink;
    private final Map<Class<?>, EventSender> senders = new IdentityHashMap<>();
    private final AtomicReference<CepModules.Plan> pending = new AtomicReference<>();
    private volatile CepModules modules;
    private List<String> statementNames = List.of();
    /** Deployment order of the pattern statements, counted on over reloads (see {@link #advanceTime}). */
    private int nextStatementOrder;
    /** Facts emitted while the clock moves, delivered in time and deployment order once it has moved. */
    private final List<TimedFact> timerFacts = new ArrayList<>();
    private boolean advancing;

    private record TimedFact(long ts, int statementOrder, PatternFact fact) {
    }

    private CepEngine(EPRuntime runtime, Consumer<PatternFact> sink) {
        this.runtime = runtime;
        this.sink = sink;
        for (Class<?> type : EVENT_TYPES) {
            senders.put(type, runtime.getEventService().getEventSender(type.getSimpleName()));
        }
    }

    /** Event types every EPL module may use; sessions and crontab timers are in UTC. */
    public static Configuration configuration() {
        Configuration config = new Configuration();
        for (Class<?> type : EVENT_TYPES) {
            config.getCommon().addEventType(type);
        }
        config.getCommon().addImport(Math.class);
        config.getCommon().addImport(BookTop.class);
        config.getRuntime().getThreading().setInternalTimerEnabled(false);
        // one thread (the kernel's) sends events, moves time and deploys: no statement locks, and no hand-over
        // between threads to keep listener, insert-into and named-window dispatch in order (it is in order anyway)
        config.getRuntime().getExecution().setDisableLocking(true);
        config.getRuntime().getThreading().setListenerDispatchPreserveOrder(false);
        config.getRuntime().getThreading().setInsertIntoDispatchPreserveOrder(false);
        config.getRuntime().getThreading().setNamedWindowConsumerDispatchPreserveOrder(false);
        config.getRuntime().getLogging().setEnableExecutionDebug(false);
        config.getRuntime().getExpression().setTimeZone(TimeZone.getTimeZone("UTC"));
        config.getCompiler().getExpression().setIntegerDivision(false);
        // modules share streams, windows, tables and variables: everything they declare is visible to later modules
        var byteCode = config.getCompiler().getByteCode();
        byteCode.setAccessModifierEventType(NameAccessModifier.PUBLIC);
        byteCode.setAccessModifierNamedWindow(NameAccessModifier.PUBLIC);
        byteCode.setAccessModifierTable(NameAccessModifier.PUBLIC);
        byteCode.setAccessModifierVariable(NameAccessModifier.PUBLIC);
        byteCode.setAccessModifierContext(NameAccessModifier.PUBLIC);
        byteCode.setAccessModifierExpression(NameAccessModifier.PUBLIC);
        byteCode.setAccessModifierScript(NameAccessModifier.PUBLIC);
        return config;
    }

    /**
     * Compiles and deploys every module under {@code dir} with Esper's clock at {@code startTime}. Throws
     * {@link CepException} naming file and line when any module fails; then nothing is deployed.
     */
    public static CepEngine load(Path dir, long startTime, Consumer<PatternFact> sink) {
        CepModules.Plan plan = CepModules.EMPTY.plan(dir);
        EPRuntime runtime = EPRuntimeProvider.getRuntime("kairos-cep-" + INSTANCES.incrementAndGet(), configuration());
        runtime.getEventService().clockExternal();
        runtime.getEventService().advanceTime(startTime);
        CepEngine engine = new CepEngine(runtime, sink);
        engine.modules = CepModules.EMPTY;
        try {
            engine.apply(plan);
        } catch (CepException e) {
            runtime.destroy();
            throw e;
        }
        return engine;
    }

    /** Compiles every module under {@code dir} without deploying it (used by checks); throws on errors. */
    public static List<EPCompiled> compileAll(Path dir) {
        return CepModules.EMPTY.plan(dir).compiledAll();
    }

    /**
     * Compiles {@code dir} on {@code executor} (off the kernel thread). The future completes with the plan once it
     * compiled, or exceptionally with a {@link CepException} ({@code file:line: message}) that changes nothing.
     * A compiled plan is swapped in at the next {@link #advanceTime}; {@link #reloaded} says when.
     */
    public CompletableFuture<CepModules.Plan> requestReload(Path dir, Executor executor) {
        CepModules base = modules;
        return CompletableFuture.supplyAsync(() -> {
            CepModules.Plan plan = base.plan(dir);
            if (!plan.unchanged()) {
                pending.set(plan);
            }
            return plan;
        }, executor);
    }

    /**
     * Compiles {@code dir} against the modules deployed now, without staging it (the kernel's one-unit reload
     * stages it with the rules). Thread-safe; throws {@link CepException} ({@code file:line: message}).
     */
    public CepModules.Plan compileReload(Path dir) {
        return modules.plan(dir);
    }

    /**
     * Deploys a plan of {@link #compileReload}; on the kernel thread, between events. A plan compiled against
     * modules that have been replaced since, or one that does not deploy, is refused with a {@link CepException}
     * and the running statements stay.
     */
    public void applyReload(CepModules.Plan plan) {
        if (plan.base() != modules) {
            throw new CepException(List.of((plan.files().isEmpty() ? "EPL" : plan.files().getFirst().toString())
                    + ": the EPL modules were reloaded meanwhile; reload again"));
        }
        apply(plan);
    }

    /** Swaps in a compiled reload, if one is waiting. Call only between events, on the kernel thread. */
    public boolean applyPendingReload() {
        CepModules.Plan plan = pending.getAndSet(null);
        if (plan == null) {
            return false;
        }
        apply(plan);
        return true;
    }

    /** Whether the last requested reload has been applied (no plan waiting). */
    public boolean reloaded() {
        return pending.get() == null;
    }

    private void apply(CepModules.Plan plan) {
        modules = plan.deploy(runtime, modules, this::attach);
        List<String> names = new ArrayList<>();
        for (CepModules.Module m : modules.modules()) {
            for (EPStatement s : runtime.getDeploymentService().getDeployment(m.deploymentId()).getStatements()) {
                if (isPattern(s)) {
                    names.add(s.getName());
                }
            }
        }
        statementNames = List.copyOf(names);
    }

    static boolean isPattern(EPStatement statement) {
        Object type = statement.getProperty(StatementProperty.STATEMENTTYPE);
        if (type != StatementType.SELECT && type != StatementType.ON_SELECT) {
            return false;
        }
        Object epl = statement.getProperty(StatementProperty.EPL);
        if (epl != null && DERIVED_STREAM.matcher(withoutComments(epl.toString())).find()) {
            return false;
        }
        return statement.getEventType() != null && statement.getEventType().isProperty("symbol");
    }

    private static String withoutComments(String epl) {
        return epl.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("//[^\\n]*", " ").replaceAll("'[^']*'", "''");
    }

    private void attach(EPDeployment deployment) {
        for (EPStatement statement : deployment.getStatements()) {
            if (isPattern(statement)) {
                String name = statement.getName();
                int order = nextStatementOrder++;
                statement.addListener((newData, oldData, stmt, rt) ->
                        emit(name, order, newData, rt.getEventService().getCurrentTime()));
            }
        }
    }

    private void emit(String name, int statementOrder, EventBean[] rows, long now) {
        if (rows == null) {
            return;
        }
        for (EventBean row : rows) {
            Map<String, Object> attributes = new LinkedHashMap<>();
            for (String property : row.getEventType().getPropertyNames()) {
                Object value = row.get(property);
                if (value instanceof Number || value instanceof String || value instanceof Boolean) {
                    attributes.put(property, value);
                }
            }
            Object symbol = attributes.remove("symbol");
            PatternFact fact = new PatternFact(name, symbol == null ? null : symbol.toString(), now, attributes);
            if (advancing) {
                timerFacts.add(new TimedFact(now, statementOrder, fact));
            } else {
                sink.accept(fact);
            }
        }
    }

    /**
     * Moves Esper's clock to event time, firing every timer due on the way at its own time (so a minute timer
     * fires once per minute even when time jumps an hour). A gap of more than a day is first jumped to a day
     * before {@code time} (timers due in the skipped part fire once). Never goes backwards. Applies a waiting
     * reload first.
     *
     * <p>The pattern facts that timers emit reach the sink once the clock has moved, ordered by time and, at the
     * same time, by the deployment order of their statements (module path order, then order in the module).
     * Esper itself runs the statements whose timers are due at the same time in an order that depends on
     * internal statement ids, which shift whenever a statement is added to an earlier module.
     */
    public void advanceTime(long time) {
        if (pending.get() != null) {
            applyPendingReload();
        }
        long now = runtime.getEventService().getCurrentTime();
        if (time > now) {
            advancing = true;
            try {
                if (time - now > MAX_SPAN_MS) {
                    // a gap of more than a day (start-up, missing data): jump to a day before, firing what is due once
                    runtime.getEventService().advanceTime(time - MAX_SPAN_MS);
                }
                runtime.getEventService().advanceTimeSpan(time);
            } finally {
                advancing = false;
                deliverTimerFacts();
            }
        }
    }

    private void deliverTimerFacts() {
        if (timerFacts.isEmpty()) {
            return;
        }
        if (timerFacts.size() > 1) {
            // stable: the rows of one statement keep their order
            timerFacts.sort(Comparator.comparingLong(TimedFact::ts).thenComparingInt(TimedFact::statementOrder));
        }
        try {
            for (TimedFact f : timerFacts) {
                sink.accept(f.fact());
            }
        } finally {
            timerFacts.clear();
        }
    }

    /** Esper's current (event) time. */
    public long currentTime() {
        return runtime.getEventService().getCurrentTime();
    }

    public void send(BarClosed event) {
        senders.get(BarClosed.class).sendEvent(event);
    }

    /** Sends one of the event types in {@code kairos.engine.cep.events} (or a {@link BarClosed}). */
    public void send(Object event) {
        EventSender sender = senders.get(event.getClass());
        if (sender == null) {
            throw new IllegalArgumentException(event.getClass().getName() + " is not a CEP event type");
        }
        sender.sendEvent(event);
    }

    /** Names of the deployed statements that emit patterns, in deployment order. */
    public List<String> statementNames() {
        return statementNames;
    }

    /** The value of an EPL variable (for checks and tests). */
    public Object variable(String name) {
        for (CepModules.Module m : modules.modules()) {
            try {
                return runtime.getVariableService().getVariableValue(m.deploymentId(), name);
            } catch (RuntimeException e) {
                // declared in another module
            }
        }
        throw new IllegalArgumentException("no EPL variable named '" + name + "'");
    }

    /** The EPL module files deployed, in deployment order. */
    public List<Path> moduleFiles() {
        return modules.modules().stream().map(CepModules.Module::file).toList();
    }

    @Override
    public void close() {
        runtime.destroy();
    }

    static void undeploy(EPRuntime runtime, String deploymentId) {
        try {
            runtime.getDeploymentService().undeploy(deploymentId);
        } catch (EPUndeployException e) {
            throw new CepException(List.of("cannot undeploy " + deploymentId + ": " + e.getMessage()));
        }
    }

    static EPDeployment deploy(EPRuntime runtime, EPCompiled compiled, Path file) {
        try {
            return runtime.getDeploymentService().deploy(compiled);
        } catch (EPDeployException e) {
            throw new CepException(List.of(file + ": deployment failed: " + e.getMessage()));
        }
    }
}
