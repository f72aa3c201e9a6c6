package kairos.engine.features;

import java.util.ArrayList;
import java.util.List;

import kairos.engine.domain.Bar;
import kairos.engine.domain.Timeframe;

/** Test helper: hand-written bars through an engine, rows kept for lookup by name. */
final class Feed {
    final FeatureEngine engine;
    final List<double[]> rows = new ArrayList<>();
    final Timeframe tf;
    long next;

    Feed(Timeframe tf) {
        this(new FeatureConfig(tf, List.of(), "BTCUSDT", "ETHUSDT", 8));
    }

    Feed(FeatureConfig cfg) {
        this.engine = new FeatureEngine(cfg);
        this.tf = cfg.base();
        this.next = Synthetic.T0;
    }

    Feed bar(double o, double h, double l, double c) {
        return bar(o, h, l, c, 1);
    }

    Feed bar(double o, double h, double l, double c, double v) {
        engine.onBar(new Bar(next, o, h, l, c, v));
        rows.add(engine.snapshot());
        next += tf.millis();
        return this;
    }

    double get(int row, String name) {
        return rows.get(row).length > 0 ? rows.get(row)[engine.schema().require(name)] : Double.NaN;
    }
}
