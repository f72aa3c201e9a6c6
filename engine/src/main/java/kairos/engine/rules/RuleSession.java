package kairos.engine.rules;

import org.kie.api.event.rule.AfterMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.event.rule.DefaultRuleRuntimeEventListener;
import org.kie.api.event.rule.ObjectInsertedEvent;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.rule.FactHandle;

import java.util.ArrayList;
import java.util.List;

/**
 * One long-lived Drools session of the kernel. Each {@link #decide} inserts the decision point's facts, fires,
 * collects what the rules inserted ({@link Proposal}, {@link ExitSignal}, {@link Veto}) and retracts every
 * per-decision fact again. Facts of types declared in DRL (such as parameter holders) stay, so rules can keep
 * their named thresholds in working memory.
 */
public final class RuleSession implements AutoCloseable {
    private final KieSession session;
    private final List<String> fired = new ArrayList<>();
    private final List<Proposal> proposals = new ArrayList<>();
    private final List<ExitSignal> exits = new ArrayList<>();
    private final List<Veto> vetoes = new ArrayList<>();
    private final List<FactHandle> transientFacts = new ArrayList<>();

    RuleSession(KieSession session) {
        this.session = session;
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
            default -> { }
        }
        if (fact.getClass().getPackageName().startsWith("kairos.")) {
            transientFacts.add(event.getFactHandle());
        }
    }

    public RuleOutcome decide(List<?> facts) {
        fired.clear();
        proposals.clear();
        exits.clear();
        vetoes.clear();
        transientFacts.clear();
        for (Object fact : facts) {
            session.insert(fact);
        }
        session.fireAllRules();
        for (FactHandle handle : transientFacts) {
            session.delete(handle);
        }
        transientFacts.clear();
        return new RuleOutcome(List.copyOf(fired), List.copyOf(proposals), List.copyOf(exits), List.copyOf(vetoes));
    }

    @Override
    public void close() {
        session.dispose();
    }
}
