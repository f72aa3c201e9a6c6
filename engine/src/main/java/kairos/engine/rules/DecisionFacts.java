package kairos.engine.rules;

import kairos.engine.cep.PatternFact;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The facts of one decision point, built in one place for the kernel and for the rule scenarios, so that a
 * scenario sees exactly what the kernel would insert: the market (always), then the session, account, risk and
 * venue states, the ML facts, the CEP patterns, the open position and the open orders, in that order (the order
 * facts are inserted in decides which of two equally salient rules fires first).
 */
public final class DecisionFacts {
    private final MarketState market;
    private SessionState session;
    private AccountState account;
    private RiskState risk;
    private VenueHealth venue;
    private final List<Object> ml = new ArrayList<>(2);
    private final List<PatternFact> patterns = new ArrayList<>(2);
    private PositionState position;
    private final List<OpenOrderState> orders = new ArrayList<>(2);

    private DecisionFacts(MarketState market) {
        this.market = market;
        this.session = SessionState.at(market.getTime());
    }

    public static DecisionFacts of(MarketState market) {
        return new DecisionFacts(market);
    }

    public DecisionFacts session(SessionState s) {
        this.session = s;
        return this;
    }

    public DecisionFacts account(AccountState a) {
        this.account = a;
        return this;
    }

    public DecisionFacts risk(RiskState r) {
        this.risk = r;
        return this;
    }

    public DecisionFacts venue(VenueHealth v) {
        this.venue = v;
        return this;
    }

    /** The ML scorer's facts (scores, regime, drift alerts). */
    public DecisionFacts ml(Collection<?> facts) {
        ml.addAll(facts);
        return this;
    }

    public DecisionFacts patterns(Collection<PatternFact> p) {
        patterns.addAll(p);
        return this;
    }

    /** The open position, or null when flat. */
    public DecisionFacts position(PositionState p) {
        this.position = p;
        return this;
    }

    public DecisionFacts orders(Collection<OpenOrderState> o) {
        orders.addAll(o);
        return this;
    }

    public MarketState market() {
        return market;
    }

    public List<PatternFact> patterns() {
        return patterns;
    }

    /** The facts in insertion order. */
    public List<Object> list() {
        List<Object> facts = new ArrayList<>(8 + ml.size() + patterns.size() + orders.size());
        facts.add(market);
        facts.add(session);
        if (account != null) {
            facts.add(account);
        }
        if (risk != null) {
            facts.add(risk);
        }
        if (venue != null) {
            facts.add(venue);
        }
        facts.addAll(ml);
        facts.addAll(patterns);
        if (position != null) {
            facts.add(position);
        }
        facts.addAll(orders);
        return facts;
    }
}
