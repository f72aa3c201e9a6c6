package kairos.engine.features;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import kairos.engine.domain.Bar;
import kairos.engine.domain.FundingRate;
import kairos.engine.domain.Timeframe;
import kairos.engine.cep.events.FeedEvent;

/** A full synthetic input set: own bars with gaps, BTC and ETH context with gaps, funding and micro events. */
final class Scenario {
    private Scenario() {
    }

    static FeatureInputs inputs(Timeframe tf, int n, long seed) {
        long start = Synthetic.T0 + 7 * tf.millis();
        List<Bar> own = Synthetic.withGaps(Synthetic.bars(seed, n, tf, start, 150, 0.01), seed + 1, 400);
        List<Bar> btc = Synthetic.withGaps(Synthetic.bars(seed + 2, n, tf, start, 100_000, 0.1), seed + 3, 300);
        List<Bar> eth = Synthetic.withGaps(Synthetic.bars(seed + 4, n, tf, start, 2500, 0.01), seed + 5, 300);
        List<FundingRate> funding = Synthetic.funding(seed + 6, Synthetic.T0, (int) (n * tf.millis() / 86_400_000L) + 2);
        List<FeedEvent> events = Synthetic.micro(seed + 7, own, tf.millis());
        return new FeatureInputs(own, Map.of("BTCUSDT", btc, "ETHUSDT", eth), funding, events);
    }

    /** The inputs as known at the close of own bar {@code i}: everything later removed. */
    static FeatureInputs truncated(FeatureInputs in, int i, long baseMillis) {
        long t = in.bars().get(i).openTime();
        long close = t + baseMillis;
        List<Bar> own = in.bars().subList(0, i + 1);
        Map<String, List<Bar>> ctx = new java.util.HashMap<>();
        in.context().forEach((k, v) -> ctx.put(k, v.stream().filter(b -> b.openTime() <= t).toList()));
        List<FundingRate> f = in.funding().stream().filter(x -> x.time() <= close).toList();
        List<FeedEvent> ev = new ArrayList<>(in.events().stream().filter(e -> e.getTs() < close).toList());
        return new FeatureInputs(own, ctx, f, ev);
    }
}
