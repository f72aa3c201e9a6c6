package kairos.engine.rules;

import org.kie.api.KieBase;
import org.kie.api.definition.type.FactField;
import org.kie.api.definition.type.FactType;
import org.kie.api.event.rule.AfterMatchFiredEvent;
import org.kie.api.event.rule.BeforeMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.event.rule.DefaultRuleRuntimeEventListener;
import org.kie.api.event.rule.ObjectInsertedEvent;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.rule.AgendaFilter;
import org.kie.api.runtime.rule.FactHandle;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One long-lived Drools session of the kernel. Each {@link #decide} inserts the decision point's facts, fires,
 * collects what the rules inserted ({@link Proposal}, {@link Veto}, {@link Action}, {@link SizeFactor},
 * {@link ExitSignal}, {@link SkippedCheck}) and retracts every per-decision fact again. Facts of types declared in
 * DRL (the parameter holders) stay, so rules keep their named thresholds in working memory.
 *
 * <p>Every call runs on the caller's thread within the decision budget ({@link #setDefaultBudget},
 * {@code rules.decision_budget_ms}), watched by {@link DecisionWatchdog}: a call still running after the budget
 * (a rule whose consequence never returns) is reported to the session's overrun handler with a
 * {@link DecisionBudgetException} naming the rule, its file and line (the command line prints it and ends the run
 * with exit 1; the rule scenarios report the scenario and go on), the session is halted and refuses every further
 * call, and a call that does come back throws the exception. A runaway rule loop is cut at {@link #MAX_FIRINGS}
 * firings and thrown the same way. Watching costs two volatile writes per call; the caller's thread does the work.
 */
public final class RuleSession implements AutoCloseable {
    /** A decision that fires more rules than this is a rule loop: it fails instead of hanging the kernel. */
    static final int MAX_FIRINGS = 10_000;
    /** Budget of sessions created without one; the command line sets it from the config. */
    private static volatile Duration defaultBudget = Duration.ofSeconds(10);

    private final KieBase kieBase;
    private final KieSession session;
    private final Map<String, String> ruleLocations;
    private final long budgetNanos;
    /** System.nanoTime() when the running call began, 0 when idle (read by the watchdog). */
    private volatile long callStarted;
    private volatile String firing;
    /** The last rule that fired in the running call, and how many fired (read by the watchdog). */
    private volatile String lastFired;
    private volatile int firings;
    private volatile DecisionBudgetException broken;
    private volatile Consumer<DecisionBudgetException> onOverrun = DecisionWatchdog::overrun;
    private boolean registered;
    private final List<String> fired = new ArrayList<>();
    private final List<Proposal> proposals = new ArrayList<>();
    private final List<ExitSignal> exits = new ArrayList<>();
    private final List<Veto> vetoes = new ArrayList<>();
    private final List<Action> actions = new ArrayList<>();
    private final List<SizeFactor> sizeFactors = new ArrayList<>();
    private final List<SkippedCheck> skipped = new ArrayList<>();
    private final List<FactHandle> transientFacts = new ArrayList<>();
    /** Rules not to fire (the rule scenarios': rules that hung), and those of them that would have; null: all fire. */
    private AgendaFilter refusing;
    private final List<String> refused = new ArrayList<>();

    RuleSession(KieBase kieBase) {
        this(kieBase, Map.of(), defaultBudget);
    }

    /** {@code ruleLocations}: rule name to {@code file:line} of its declaration, for the budget's errors. */
    RuleSession(KieBase kieBase, Map<String, String> ruleLocations, Duration budget) {
        this.kieBase = kieBase;
        this.ruleLocations = ruleLocations;
        this.budgetNanos = budget.toNanos();
        this.session = kieBase.newKieSession();
        session.addEventListener(new DefaultAgendaEventListener() {
            @Override
            public void beforeMatchFired(BeforeMatchFiredEvent event) {
                firing = event.getMatch().getRule().getName();
            }

            @Override
            public void afterMatchFired(AfterMatchFiredEvent event) {
                firing = null;
                String name = event.getMatch().getRule().getName();
                lastFired = name;
                firings++;
                fired.add(name);
            }
        });
        session.addEventListener(new DefaultRuleRuntimeEventListener() {
            @Override
            public void objectInserted(ObjectInsertedEvent event) {
                collect(event);
            }
        });
    }

    private void collect(ObjectInsertedEvent event) {
        Object fact = event.getObject();
        String rule = event.getRule() == null ? null : event.getRule().getName();
        switch (fact) {
            case Proposal p -> { p.setRule(rule); proposals.add(p); }
            case ExitSignal x -> { x.setRule(rule); exits.add(x); }
            case Veto v -> { v.setRule(rule); vetoes.add(v); }
            case Action a -> { a.setRule(rule); actions.add(a); }
            case SizeFactor f -> { f.setRule(rule); sizeFactors.add(f); }
            case SkippedCheck s -> { s.setRule(rule); skipped.add(s); }
            default -> { }
        }
        if (fact.getClass().getPackageName().startsWith("kairos.engine")) {
            transientFacts.add(event.getFactHandle());
        }
    }

    /**
     * Sets the budget of sessions created from now on: the longest one call ({@link #decide}, {@link #setParam},
     * {@link #param}) may take; zero or negative: no budget (not watched).
     */
    public static void setDefaultBudget(Duration budget) {
        defaultBudget = budget;
    }

    /** The budget new sessions get. */
    public static Duration defaultBudget() {
        return defaultBudget;
    }

    /**
     * Decides one decision point: inserts {@code facts}, fires, collects the rules' outputs and retracts the facts.
     *
     * @throws DecisionBudgetException when a rule does not return within the budget or the rules loop
     */
    public RuleOutcome decide(List<?> facts) {
        return withinBudget(() -> decideNow(facts));
    }

    private RuleOutcome decideNow(List<?> facts) {
        fired.clear();
        proposals.clear();
        exits.clear();
        vetoes.clear();
        actions.clear();
        sizeFactors.clear();
        skipped.clear();
        transientFacts.clear();
        for (Object fact : facts) {
            session.insert(fact);
        }
        int n = fire();
        for (FactHandle handle : transientFacts) {
            session.delete(handle);
        }
        transientFacts.clear();
        if (n >= MAX_FIRINGS) {
            throw runaway(n);
        }
        return new RuleOutcome(fired, proposals, exits, vetoes, actions, sizeFactors, skipped);
    }

    private int fire() {
        return refusing == null ? session.fireAllRules(MAX_FIRINGS) : session.fireAllRules(refusing, MAX_FIRINGS);
    }

    /**
     * From now on the rules named in {@code rules} (a live set, read at each match) are not fired; a match of one of
     * them is cancelled and its rule noted in {@link #refused}. For the rule scenarios: a rule whose consequence never
     * returned is not fired again, so each scenario that reaches it does not leave one more thread spinning.
     */
    void refuse(Set<String> rules) {
        refusing = match -> {
            String name = match.getRule().getName();
            if (rules.contains(name)) {
                if (!refused.contains(name)) {
                    refused.add(name);
                }
                return false;
            }
            return true;
        };
    }

    /** The refused rules ({@link #refuse}) that matched, in the order they first did. */
    List<String> refused() {
        return List.copyOf(refused);
    }

    /** The rule that fired most often at a decision point that reached the firing limit. */
    private DecisionBudgetException runaway(int firings) {
        Map<String, Integer> counts = new TreeMap<>();
        fired.forEach(r -> counts.merge(r, 1, Integer::sum));
        Map.Entry<String, Integer> top = counts.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow();
        return DecisionBudgetException.loop(top.getKey(), ruleLocations.get(top.getKey()), firings, top.getValue());
    }

    /** Runs {@code call} on this thread, watched for the budget; a call flagged while it ran throws on return. */
    private <T> T withinBudget(Callable<T> call) {
        DecisionBudgetException failed = broken;
        if (failed != null) {
            throw failed;
        }
        boolean watched = budgetNanos > 0;
        if (watched) {
            lastFired = null;
            firings = 0;
            callStarted = Math.max(1, System.nanoTime()); // a duration measure for the watchdog, never a decision input
            if (!registered) {
                registered = true;
                DecisionWatchdog.watch(this);
            }
        }
        T result;
        try {
            result = call.call();
        } catch (DecisionBudgetException e) {
            broken = e;
            throw e;
        } catch (RuntimeException e) {
            throw broken != null ? broken : e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            callStarted = 0;
        }
        if (broken != null) {
            throw broken;
        }
        return result;
    }

    long budgetNanos() {
        return budgetNanos;
    }

    /**
     * Called by the watchdog: when the running call has taken longer than the budget, flags the session, halts it
     * (which ends a loop of firings) and hands the exception to the overrun handler. Returns whether it did.
     */
    boolean checkOverrun(long now) {
        long started = callStarted;
        if (started == 0 || broken != null || now - started <= budgetNanos) {
            return false;
        }
        String rule = firing;
        String last = lastFired;
        DecisionBudgetException e = DecisionBudgetException.time(rule, rule == null ? null : ruleLocations.get(rule),
                last, last == null ? null : ruleLocations.get(last), firings, TimeUnit.NANOSECONDS.toMillis(budgetNanos));
        broken = e;
        session.halt();
        onOverrun.accept(e);
        return true;
    }

    /** True while a call runs (the watchdog forgets idle sessions). */
    boolean busy() {
        return callStarted != 0;
    }

    /**
     * Who hears of a call that overran the budget, on the watchdog's thread, while the call may still be stuck:
     * by default {@link DecisionWatchdog#onOverrun}'s handler (the command line's: print and exit 1).
     */
    public void onOverrun(Consumer<DecisionBudgetException> handler) {
        this.onOverrun = handler;
    }

    /** The exception of an overrun or rule loop that made this session unusable, or null. */
    public DecisionBudgetException failure() {
        return broken;
    }

    /**
     * Sets a named rule parameter ({@code field} of a parameter fact declared in DRL, e.g. {@code mlRequired} of
     * {@code FilterParams}) in this session; the parameter rules run first so the holder exists.
     *
     * @throws IllegalArgumentException naming the parameter when no declared parameter fact has that field or
     *                                  the value does not fit its type
     */
    public void setParam(String name, Object value) {
        withinBudget(() -> {
            setParamNow(name, value);
            return null;
        });
    }

    private void setParamNow(String name, Object value) {
        fireParams();
        for (Object fact : paramFacts()) {
            FactType type = kieBase.getFactType(fact.getClass().getPackageName(), fact.getClass().getSimpleName());
            FactField field = type == null ? null : type.getField(name);
            if (field == null) {
                continue;
            }
            type.set(fact, name, convert(name, value, field.getType()));
            session.update(session.getFactHandle(fact), fact);
            return;
        }
        throw new IllegalArgumentException("params." + name + ": no rule parameter of that name (see rules/params/)");
    }

    /** The parameter rules (the first rules to fire in a fresh session), within the firing limit. */
    private void fireParams() {
        fired.clear();
        int n = fire();
        if (n >= MAX_FIRINGS) {
            throw runaway(n);
        }
    }

    /** Current value of a named rule parameter, or null when none has that name. */
    public Object param(String name) {
        return withinBudget(() -> paramNow(name));
    }

    private Object paramNow(String name) {
        fireParams();
        for (Object fact : paramFacts()) {
            FactType type = kieBase.getFactType(fact.getClass().getPackageName(), fact.getClass().getSimpleName());
            if (type != null && type.getField(name) != null) {
                return type.get(fact, name);
            }
        }
        return null;
    }

    private Collection<?> paramFacts() {
        List<Object> out = new ArrayList<>();
        for (Object o : session.getObjects()) {
            if (!o.getClass().getPackageName().startsWith("kairos.engine")) {
                out.add(o);
            }
        }
        out.sort(java.util.Comparator.comparing(o -> o.getClass().getName()));
        return out;
    }

    private static Object convert(String name, Object value, Class<?> type) {
        try {
            if (type == double.class || type == Double.class) {
                return ((Number) value).doubleValue();
            }
            if (type == int.class || type == Integer.class) {
                Number n = (Number) value;
                if (n.doubleValue() != Math.rint(n.doubleValue())) {
                    throw new ClassCastException();
                }
                return n.intValue();
            }
            if (type == long.class || type == Long.class) {
                return ((Number) value).longValue();
            }
            if (type == boolean.class || type == Boolean.class) {
                return (Boolean) value;
            }
            if (type == String.class) {
                return (String) value;
            }
        } catch (ClassCastException | NullPointerException e) {
            // fall through to the error below
        }
        throw new IllegalArgumentException("params." + name + ": expected a " + type.getSimpleName() + ", got " + value);
    }

    @Override
    public void close() {
        DecisionWatchdog.forget(this);
        if (broken != null && busy()) {
            return; // a thread is still inside a rule that never returns: leave the session to it
        }
        session.dispose();
    }
}
