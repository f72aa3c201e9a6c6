package kairos.engine.cep;

import kairos.engine.domain.Bar;
import kairos.engine.domain.Timeframe;
import kairos.engine.testing.ProjectDirs;

import java.util.ArrayList;
import java.util.List;

/** The shipped EPL modules behind a {@link CepFeed}, with every pattern collected; time moves only with events. */
final class CepHarness implements AutoCloseable {
    /** 2025-05-04T00:00:00Z, a Sunday, midnight UTC. */
    static final long T0 = 1_746_316_800_000L;
    static final String SOL = "SOLUSDT";

    final List<PatternFact> facts = new ArrayList<>();
    final CepEngine cep;
    final CepFeed feed;

    CepHarness() {
        this(T0);
    }

    CepHarness(long start) {
        cep = CepEngine.load(ProjectDirs.cep(), start, facts::add);
        feed = new CepFeed(cep);
    }

    void trade(long ts, double price, double qty, String side) {
        feed.onTrade(SOL, ts, 0, price, qty, side);
    }

    void bar(Timeframe tf, long open, double o, double h, double l, double c, double v) {
        feed.onBar(SOL, tf, new Bar(open, o, h, l, c, v), 0);
    }

    void advance(long ts) {
        feed.advanceTime(ts);
    }

    /** Facts of one statement, in emission order. */
    List<PatternFact> of(String statement) {
        return facts.stream().filter(f -> f.getName().equals(statement)).toList();
    }

    @Override
    public void close() {
        cep.close();
    }
}
