package kairos.engine.backtest;

import kairos.engine.data.CandleSeries;
import kairos.engine.data.MarketStore;
import kairos.engine.domain.Bar;
import kairos.engine.domain.FundingRate;
import kairos.engine.domain.Instrument;
import kairos.engine.domain.Market;
import kairos.engine.domain.SeriesId;
import kairos.engine.domain.Timeframe;
import kairos.engine.execution.ExecutionPolicy;
import kairos.engine.execution.VenueModel;
import kairos.engine.risk.RiskLimits;
import kairos.engine.testing.ProjectDirs;
import org.ta4j.core.BarSeries;
import org.ta4j.core.BaseBarSeriesBuilder;
import org.ta4j.core.BaseStrategy;
import org.ta4j.core.Strategy;
import org.ta4j.core.TradingRecord;
import org.ta4j.core.backtest.BarSeriesManager;
import org.ta4j.core.indicators.averages.EMAIndicator;
import org.ta4j.core.indicators.helpers.ClosePriceIndicator;
import org.ta4j.core.num.DoubleNumFactory;
import org.ta4j.core.rules.CrossedDownIndicatorRule;
import org.ta4j.core.rules.CrossedUpIndicatorRule;
import org.ta4j.core.rules.StopLossRule;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Backtest throughput of Kairos' full pipeline (replay, bar aggregation, indicators, Esper, Drools at 5m closes,
 * risk guard, order manager, simulated venue, account journal) against ta4j's own {@code BarSeriesManager} running
 * a plain EMA(9)/EMA(21) crossover with a 1.5% stop on the same 1m bars, in the same JVM, rounds interleaved. Not a
 * unit test (tests never time); run with the test classpath from the project directory after {@code ./kairos
 * backtest --exchange binance} has filled {@code store/}:
 * {@code java -cp <engine test classpath> kairos.engine.backtest.BacktestBenchmark [rounds] [exchange]}.
 * ta4j is timed twice: the run alone, and building its {@code BarSeries} plus the run (Kairos' replay also
 * ingests every bar). Wall time via {@link System#nanoTime()} here only.
 */
public final class BacktestBenchmark {
    private BacktestBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 6;
        String exchange = args.length > 1 ? args[1] : "binance";
        Path root = ProjectDirs.root();
        MarketStore store = new MarketStore(root.resolve("store"));
        CandleSeries sol = store.candles(SeriesId.candles(exchange, Market.PERP, "SOLUSDT", Timeframe.M1),
                Long.MIN_VALUE, Long.MAX_VALUE);
        CandleSeries btc = store.candles(SeriesId.candles(exchange, Market.PERP, "BTCUSDT", Timeframe.M1),
                Long.MIN_VALUE, Long.MAX_VALUE);
        List<FundingRate> funding = store.funding(exchange, Market.PERP, "SOLUSDT", Long.MIN_VALUE, Long.MAX_VALUE);
        if (sol.size() == 0) {
            throw new IllegalStateException("no " + exchange + " SOLUSDT 1m bars in " + root.resolve("store")
                    + "; run ./kairos backtest --exchange " + exchange + " once to fill the store");
        }
        List<Bar> bars = sol.bars();
        System.out.printf(Locale.ROOT, "data: %s SOLUSDT 1m, %,d bars (+ BTCUSDT context %,d bars); %d rounds, "
                + "first of each is warm-up%n", exchange, bars.size(), btc.size(), rounds);
        double[] kairos = new double[rounds];
        double[] ta4jRun = new double[rounds];
        double[] ta4jAll = new double[rounds];
        int kTrades = 0;
        int tTrades = 0;
        for (int r = 0; r < rounds; r++) {
            BacktestSpec spec = new BacktestSpec(exchange, List.of("SOLUSDT"),
                    btc.size() > 0 ? List.of("BTCUSDT") : List.of(), Timeframe.M1, Timeframe.M5,
                    btc.size() > 0 ? Map.of("SOLUSDT", sol, "BTCUSDT", btc) : Map.of("SOLUSDT", sol),
                    Map.of("SOLUSDT", funding), ProjectDirs.rules(), ProjectDirs.cep(), 10_000, VenueModel.DEFAULT,
                    ExecutionPolicy.DEFAULT, new RiskLimits(0.01, 3),
                    Map.of("SOLUSDT", new Instrument("SOLUSDT", new BigDecimal("0.01"), new BigDecimal("0.1"),
                            new BigDecimal("0.1"), new BigDecimal("5"))), "none");
            try (BacktestRun run = new BacktestRun(spec)) {
                long t0 = System.nanoTime();
                run.replay(n -> { }, Long.MAX_VALUE);
                long ns = System.nanoTime() - t0;
                kairos[r] = run.barsProcessed() / (ns / 1e9);
                kTrades = run.trades().size();
            }
            long t0 = System.nanoTime();
            BarSeries series = series(bars);
            long t1 = System.nanoTime();
            TradingRecord record = new BarSeriesManager(series).run(strategy(series));
            long t2 = System.nanoTime();
            ta4jRun[r] = bars.size() / ((t2 - t1) / 1e9);
            ta4jAll[r] = bars.size() / ((t2 - t0) / 1e9);
            tTrades = record.getPositionCount();
            System.out.printf(Locale.ROOT, "round %d: kairos %,.0f bars/s (%d trades) | ta4j run %,.0f bars/s, "
                    + "series+run %,.0f bars/s (%d positions)%n", r, kairos[r], kTrades, ta4jRun[r], ta4jAll[r], tTrades);
        }
        double k = median(kairos);
        double tr = median(ta4jRun);
        double ta = median(ta4jAll);
        System.out.printf(Locale.ROOT, "median after warm-up: kairos %,.0f bars/s; ta4j run %,.0f bars/s (ratio "
                + "kairos/ta4j %.2f); ta4j series+run %,.0f bars/s (ratio %.2f)%n", k, tr, k / tr, ta, k / ta);
    }

    static BarSeries series(List<Bar> bars) {
        BarSeries series = new BaseBarSeriesBuilder().withNumFactory(DoubleNumFactory.getInstance()).build();
        for (Bar b : bars) {
            series.barBuilder().timePeriod(Duration.ofMinutes(1)).endTime(Instant.ofEpochMilli(b.openTime() + 60_000))
                    .openPrice(b.open()).highPrice(b.high()).lowPrice(b.low()).closePrice(b.close())
                    .volume(b.volume()).add();
        }
        return series;
    }

    static Strategy strategy(BarSeries series) {
        ClosePriceIndicator close = new ClosePriceIndicator(series);
        EMAIndicator fast = new EMAIndicator(close, 9);
        EMAIndicator slow = new EMAIndicator(close, 21);
        return new BaseStrategy(new CrossedUpIndicatorRule(fast, slow),
                new CrossedDownIndicatorRule(fast, slow).or(new StopLossRule(close, 1.5)));
    }

    static double median(double[] perRound) {
        double[] v = Arrays.copyOfRange(perRound, perRound.length > 1 ? 1 : 0, perRound.length);
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
