package kairos.engine.kernel;

/**
 * Market data as it arrived, a {@link MarketBatch} at a time: a live feed (batches posted to the kernel's inbox by
 * the stream's threads need no source) or the replay of a recording in arrival order. {@link #next()} returns null
 * when nothing is ready; {@link #finished()} then tells "nothing yet" from "the end".
 */
public interface BatchSource {
    MarketBatch next();

    /** True once no batch will come any more. */
    boolean finished();

    /** Every event of {@code source} as a batch of its own, arriving at its event time (an event file). */
    static BatchSource each(MarketDataSource source) {
        return new BatchSource() {
            @Override
            public MarketBatch next() {
                var e = source.next();
                return e == null ? null : MarketBatch.of(java.util.List.of(e), e.time());
            }

            @Override
            public boolean finished() {
                return source.finished();
            }
        };
    }
}
