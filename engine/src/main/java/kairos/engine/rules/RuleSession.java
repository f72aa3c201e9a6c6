package kairos.engine.rules;

import org.kie.api.KieBase;
import org.kie.api.definition.type.FactField;
import org.kie.api.definition.type.FactType;
import org.kie.api.event.rule.AfterMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.event.rule.DefaultRuleRuntimeEventListener;
import org.kie.api.event.rule.ObjectInsertedEvent;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.rule.FactHandle;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * One long-lived Drools session of the kernel. Each {@link #decide} inserts the decision point's facts, fires,
 * collects what the rules inserted ({@link Proposal}, {@link Veto}, {@link Action}, {@link SizeFactor},
 * {@link ExitSignal}, {@link SkippedCheck}) and retracts every per-decision fact again. Facts of types declared in
 * DRL (the parameter holders) stay, so rules keep their named thresholds in working memory.
 */
public final class RuleSession implements AutoCloseable {
    /** A decision that fires more rules than this is a rule loop: it fails instead of hanging the kernel. */
    static final int MAX_FIRINGS = 10_000;

    private final KieBase kieBase;
    private final KieSession session;
    private final List<String> fired = new ArrayList<>();
    private final List<Proposal> proposals = new ArrayList<>();
    private final List<ExitSignal> exits = new ArrayList<>();
    private final List<Veto> vetoes = new ArrayList<>();
    private final List<Action> actions = new ArrayList<>();
    private final List<SizeFactor> sizeFactors = new ArrayList<>();
    private final List<SkippedCheck> skipped = new ArrayList<>();
    private final List<FactHandle> transientFacts = new ArrayList<>();

    RuleSession(KieBase kieBase) {
        this.kieBase = kieBase;
        this.session = kieBase.newKieSession();
        session.addEventListener(new DefaultAgendaEventListener() {
            @Override
            public void afterMatchFired(AfterMatchFiredEvent event) {
                fired.add(event.getMatch().getRule().getName());
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

    public RuleOutcome decide(List<?> facts) {
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
        int n = session.fireAllRules(MAX_FIRINGS);
        for (FactHandle handle : transientFacts) {
            session.delete(handle);
        }
        transientFacts.clear();
        if (n >= MAX_FIRINGS) {
            throw new IllegalStateException("rules fired " + n + " times at one decision point: a rule loop? last fired: "
                    + fired.subList(Math.max(0, fired.size() - 5), fired.size()));
        }
        return new RuleOutcome(fired, proposals, exits, vetoes, actions, sizeFactors, skipped);
    }

    /**
     * Sets a named rule parameter ({@code field} of a parameter fact declared in DRL, e.g. {@code mlRequired} of
     * {@code FilterParams}) in this session; the parameter rules run first so the holder exists.
     *
     * @throws IllegalArgumentException naming the parameter when no declared parameter fact has that field or
     *                                  the value does not fit its type
     */
    public void setParam(String name, Object value) {
        session.fireAllRules(MAX_FIRINGS);
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

    /** Current value of a named rule parameter, or null when none has that name. */
    public Object param(String name) {
        session.fireAllRules(MAX_FIRINGS);
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
        session.dispose();
    }
}
