package kairos.engine.features;

import kairos.engine.cep.events.FeedEvent;
import kairos.engine.cep.events.TradeTick;
import kairos.engine.domain.Bar;
import kairos.engine.domain.Timeframe;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * The feature engine per 1m bar, the full 1m schema (1m plus 3m/5m/15m/1h/4h aggregated, BTC/ETH context, funding,
 * micro columns): each invocation replays {@value #BARS} bars into a fresh engine and reads one column per row, so
 * the score is per bar (bars/s in {@code thrpt}). The bars are the shared Binance USD-M SOLUSDT 1m with BTC/ETH
 * context when {@code ../shared} is there, else a seeded random walk ({@link #source} says which). Beside it, the
 * same bars with micro streams (20 trades a bar and a book snapshot), and for scale 20 of the base-timeframe
 * indicators through ta4j 0.22.2 with {@code DoubleNum}, incrementally. See docs/performance.md, "Features".
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(1)
public class FeatureBench {
    static final int BARS = 20_000;

    /** Which bars: "shared" (the real 1m files) or "synthetic". */
    public String source;
    private FeatureConfig config;
    private int columns;
    private FeatureInputs plain;
    private FeatureInputs micro;
    private List<Bar> bars;

    @Setup(Level.Trial)
    public void load() throws IOException {
        Path sol = FeatherBars.dataFile("SOL_USDT_USDT-1m-futures.feather");
        Map<String, List<Bar>> context;
        if (sol != null) {
            bars = FeatherBars.read(sol).subList(0, BARS);
            context = Map.of("BTCUSDT", FeatherBars.read(FeatherBars.dataFile("BTC_USDT_USDT-1m-futures.feather")),
                    "ETHUSDT", FeatherBars.read(FeatherBars.dataFile("ETH_USDT_USDT-1m-futures.feather")));
            source = "shared";
        } else {
            bars = Synthetic.bars(1, BARS, Timeframe.M1, Synthetic.T0, 150, 0.01);
            context = Map.of("BTCUSDT", Synthetic.bars(2, BARS, Timeframe.M1, Synthetic.T0, 100_000, 0.1),
                    "ETHUSDT", Synthetic.bars(3, BARS, Timeframe.M1, Synthetic.T0, 2500, 0.01));
            source = "synthetic";
        }
        config = FeatureConfig.standard(Timeframe.M1);
        columns = FeatureSchema.of(config).size();
        plain = new FeatureInputs(bars, context, List.of(), List.of());
        List<FeedEvent> events = new ArrayList<>(Synthetic.micro(9, bars, 60_000L));
        SplittableRandom r = new SplittableRandom(10);
        for (Bar b : bars) {
            for (int k = 0; k < 20; k++) {
                events.add(new TradeTick("SOLUSDT", b.openTime() + r.nextLong(60_000L), 0,
                        b.low() + r.nextDouble() * (b.high() - b.low()), 1 + r.nextInt(50), r.nextBoolean() ? "Buy" : "Sell"));
            }
        }
        micro = new FeatureInputs(bars, Map.of(), List.of(), events);
    }

    @Benchmark
    @OperationsPerInvocation(BARS)
    public void fullSchema(Blackhole bh) {
        replay(plain, bh);
    }

    @Benchmark
    @OperationsPerInvocation(BARS)
    public void withMicroStreams(Blackhole bh) {
        replay(micro, bh);
    }

    private void replay(FeatureInputs in, Blackhole bh) {
        FeatureEngine e = new FeatureEngine(config);
        in.replay(e, (i, t, eng) -> bh.consume(eng.value(i % columns)));
    }

    @Benchmark
    @OperationsPerInvocation(BARS)
    public void ta4jTwentyIndicators(Blackhole bh) {
        org.ta4j.core.BarSeries s = new org.ta4j.core.BaseBarSeriesBuilder()
                .withNumFactory(org.ta4j.core.num.DoubleNumFactory.getInstance()).withMaxBarCount(400).build();
        var close = new org.ta4j.core.indicators.helpers.ClosePriceIndicator(s);
        List<org.ta4j.core.Indicator<org.ta4j.core.num.Num>> inds = new ArrayList<>();
        for (int p : new int[] {8, 13, 21, 34, 55}) {
            inds.add(new org.ta4j.core.indicators.averages.EMAIndicator(close, p));
        }
        inds.add(new org.ta4j.core.indicators.averages.SMAIndicator(close, 20));
        inds.add(new org.ta4j.core.indicators.averages.SMAIndicator(close, 50));
        inds.add(new org.ta4j.core.indicators.averages.HMAIndicator(close, 21));
        inds.add(new org.ta4j.core.indicators.RSIIndicator(close, 14));
        inds.add(new org.ta4j.core.indicators.ATRIndicator(s, 14));
        inds.add(new org.ta4j.core.indicators.adx.ADXIndicator(s, 14));
        inds.add(new org.ta4j.core.indicators.MACDIndicator(close, 12, 26));
        inds.add(new org.ta4j.core.indicators.CCIIndicator(s, 20));
        inds.add(new org.ta4j.core.indicators.WilliamsRIndicator(s, 14));
        inds.add(new org.ta4j.core.indicators.StochasticOscillatorKIndicator(s, 14));
        inds.add(new org.ta4j.core.indicators.ROCIndicator(close, 10));
        inds.add(new org.ta4j.core.indicators.volume.MoneyFlowIndexIndicator(s, 14));
        inds.add(new org.ta4j.core.indicators.volume.ChaikinMoneyFlowIndicator(s, 20));
        inds.add(new org.ta4j.core.indicators.volume.OnBalanceVolumeIndicator(s));
        inds.add(new org.ta4j.core.indicators.supertrend.SuperTrendIndicator(s, 10, 3.0));
        for (Bar b : bars) {
            s.barBuilder().timePeriod(java.time.Duration.ofMinutes(1))
                    .endTime(java.time.Instant.ofEpochMilli(b.openTime() + 60_000)).openPrice(b.open()).highPrice(b.high())
                    .lowPrice(b.low()).closePrice(b.close()).volume(b.volume()).add();
            int end = s.getEndIndex();
            for (var ind : inds) {
                bh.consume(ind.getValue(end).doubleValue());
            }
        }
    }
}
