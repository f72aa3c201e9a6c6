package kairos.engine.backtest.validation;

import kairos.engine.domain.Side;
import kairos.engine.execution.TradeRecord;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class MonteCarloTest {
    static final long T0 = 1_746_316_800_000L;

    static TradeRecord trade(int i, double net, double qty, double price) {
        return TradeRecord.of("T" + i, "SOLUSDT", i % 2 == 0 ? Side.Buy : Side.Sell, "s", "r", T0 + i * 3_600_000L,
                price, T0 + i * 3_600_000L + 1_800_000L, price, qty, net + 1, 1, 0, "stop");
    }

    /** A skewed list: many small losses, few large wins (a breakout system's shape). */
    static List<TradeRecord> skewed(long seed, int n) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<TradeRecord> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double net = rnd.nextInt(4) == 0 ? 40 + 60 * rnd.nextDouble() : -10 - 10 * rnd.nextDouble();
            out.add(trade(i, net, 10 + rnd.nextInt(20), 100 + 50 * rnd.nextDouble()));
        }
        return out;
    }

    static MonteCarloSettings settings(int runs, MonteCarloSettings.Method method, double slippage, double skip) {
        return new MonteCarloSettings(runs, 7, method, slippage, skip, 0, 0, 0.5, 0.15, 10_000, 2);
    }

    static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    static double variance(double[] v) {
        double m = mean(v);
        double s = 0;
        for (double x : v) {
            s += (x - m) * (x - m);
        }
        return s / (v.length - 1);
    }

    /**
     * Bootstrap of an i.i.d. list of n trades: the total is a sum of n independent draws from the list, so its mean
     * is n μ and its variance n σ² (σ² the list's population variance). The simulation must agree within four
     * standard errors of the mean and 5% of the variance over 20,000 runs.
     */
    @Test
    void bootstrapTotalHasTheAnalyticMeanAndVariance() {
        List<TradeRecord> trades = skewed(3, 150);
        int n = trades.size();
        double mu = trades.stream().mapToDouble(TradeRecord::netPnl).average().orElseThrow();
        double var = trades.stream().mapToDouble(t -> (t.netPnl() - mu) * (t.netPnl() - mu)).sum() / n;
        MonteCarloResult r = MonteCarlo.run(trades, settings(20_000, MonteCarloSettings.Method.BOOTSTRAP, 0, 0));
        double[] totals = r.metric("final_pnl");
        double se = Math.sqrt(n * var / totals.length);
        assertThat(mean(totals)).isCloseTo(n * mu, within(4 * se));
        assertThat(variance(totals) / (n * var)).isCloseTo(1, within(0.05));
    }

    /**
     * Missed trades: each of the n draws is kept with probability 1 - s, so the total has mean n (1-s) μ and variance
     * n ((1-s) E[x²] - (1-s)² μ²). Extra slippage of U(0, X) bp on entry and exit notional lowers the mean by
     * n (X/2) 1e-4 E[entry + exit notional].
     */
    @Test
    void skippedTradesAndSlippageShiftTheTotalAsTheyShould() {
        List<TradeRecord> trades = skewed(4, 120);
        int n = trades.size();
        double mu = trades.stream().mapToDouble(TradeRecord::netPnl).average().orElseThrow();
        double ex2 = trades.stream().mapToDouble(t -> t.netPnl() * t.netPnl()).average().orElseThrow();
        double keep = 0.7;
        MonteCarloResult skipped = MonteCarlo.run(trades, settings(20_000, MonteCarloSettings.Method.BOOTSTRAP, 0, 1 - keep));
        double[] totals = skipped.metric("final_pnl");
        double var = n * (keep * ex2 - keep * keep * mu * mu);
        assertThat(mean(totals)).isCloseTo(n * keep * mu, within(4 * Math.sqrt(var / totals.length)));
        assertThat(variance(totals) / var).isCloseTo(1, within(0.05));

        double notional = trades.stream().mapToDouble(t -> t.qty() * (t.entryPrice() + t.exitPrice())).average().orElseThrow();
        MonteCarloResult plain = MonteCarlo.run(trades, settings(20_000, MonteCarloSettings.Method.SHUFFLE, 0, 0));
        MonteCarloResult slipped = MonteCarlo.run(trades, settings(20_000, MonteCarloSettings.Method.SHUFFLE, 8, 0));
        double shift = mean(plain.metric("final_pnl")) - mean(slipped.metric("final_pnl"));
        double expected = n * 4e-4 * notional; // X/2 = 4 bp
        // the shift is a sum of n uniform draws: its standard error is tiny next to the tolerance
        assertThat(shift).isCloseTo(expected, within(0.01 * expected));
    }

    /** A shuffle reorders, it never changes the total, the Sharpe ratio or the profit factor; only the path. */
    @Property(tries = 60)
    void aShuffleNeverChangesTheTotal(@ForAll @Size(min = 2, max = 300) List<@DoubleRange(min = -5000, max = 5000) Double> pnl,
                                      @ForAll long seed) {
        List<TradeRecord> trades = new ArrayList<>();
        for (int i = 0; i < pnl.size(); i++) {
            trades.add(trade(i, pnl.get(i), 1, 100));
        }
        double total = pnl.stream().mapToDouble(Double::doubleValue).sum();
        MonteCarloResult r = MonteCarlo.run(trades, new MonteCarloSettings(50, seed, MonteCarloSettings.Method.SHUFFLE,
                0, 0, 0, 0, 0.5, 0.15, 1e6, 1));
        for (double v : r.metric("final_pnl")) {
            assertThat(v).isCloseTo(total, within(1e-9 * Math.max(1, pnl.stream().mapToDouble(Math::abs).sum())));
        }
        double[] sharpe = r.metric("sharpe");
        double[] pf = r.metric("profit_factor");
        for (int i = 1; i < sharpe.length; i++) {
            assertThat(sharpe[i]).isEqualTo(sharpe[0], within(1e-9 * Math.max(1, Math.abs(sharpe[0]))));
            assertThat(pf[i]).isCloseTo(pf[0], within(1e-12 * Math.max(1, pf[0])));
        }
    }

    @Property(tries = 20)
    void theSameSeedGivesTheSameResultOnAnyNumberOfThreads(@ForAll long seed, @ForAll @IntRange(min = 1, max = 7) int threads) {
        List<TradeRecord> trades = skewed(seed, 40);
        MonteCarloSettings one = new MonteCarloSettings(300, seed, MonteCarloSettings.Method.BOOTSTRAP, 3, 0.1, 5, 0.2, 0.5,
                0.1, 5_000, 1);
        MonteCarloSettings many = new MonteCarloSettings(300, seed, MonteCarloSettings.Method.BOOTSTRAP, 3, 0.1, 5, 0.2, 0.5,
                0.1, 5_000, threads);
        String a = ValidationJson.write(MonteCarlo.run(trades, one).toMap());
        assertThat(ValidationJson.write(MonteCarlo.run(trades, many).toMap())).isEqualTo(a);
        MonteCarloSettings other = new MonteCarloSettings(300, seed + 1, MonteCarloSettings.Method.BOOTSTRAP, 3, 0.1, 5,
                0.2, 0.5, 0.1, 5_000, threads);
        assertThat(ValidationJson.write(MonteCarlo.run(trades, other).toMap())).isNotEqualTo(a);
    }

    /** The unperturbed list by hand: +100, -300, +50, -50 from 1,000: peak 1,100, trough 800, drawdown 27.27%. */
    @Test
    void observedPathMetricsByHand() {
        List<TradeRecord> trades = List.of(trade(0, 100, 1, 100), trade(1, -300, 1, 100), trade(2, 50, 1, 100),
                trade(3, -50, 1, 100));
        MonteCarloResult r = MonteCarlo.run(trades, new MonteCarloSettings(10, 1, MonteCarloSettings.Method.SHUFFLE, 0, 0,
                0, 0, 0.5, 0.25, 1_000, 1));
        @SuppressWarnings("unchecked")
        var dd = (java.util.Map<String, Object>) r.toMap().get("max_drawdown");
        assertThat((double) dd.get("observed")).isCloseTo(300.0 / 1100, within(1e-12));
        @SuppressWarnings("unchecked")
        var pf = (java.util.Map<String, Object>) r.toMap().get("profit_factor");
        assertThat((double) pf.get("observed")).isCloseTo(150.0 / 350, within(1e-12));
        @SuppressWarnings("unchecked")
        var streak = (java.util.Map<String, Object>) r.toMap().get("longest_losing_streak");
        assertThat((double) streak.get("observed")).isEqualTo(1);
        // every order loses 200 in total; a drawdown of at least 300/1100 needs the -300 after the +100 ...
        for (double v : r.metric("max_drawdown")) {
            assertThat(v).isGreaterThanOrEqualTo(300.0 / 1100 - 1e-12);
        }
        // ... and every order ruins at 25%
        assertThat(r.riskOfRuin()).isEqualTo(1.0);
        assertThat(r.fanTrades()).containsExactly(0, 1, 2, 3, 4);
        assertThat(r.fan()[2][0]).isEqualTo(1000);
        assertThat(r.fan()[2][4]).isCloseTo(800, within(1e-3));
    }

    @Test
    void jsonHasTheContractsKeysAndIntervals() {
        MonteCarloResult r = MonteCarlo.run(skewed(5, 60), settings(2_000, MonteCarloSettings.Method.BOOTSTRAP, 2, 0.05));
        var m = r.toMap();
        assertThat(m).containsKeys("runs", "trades", "seed", "method", "final_pnl", "max_drawdown", "sharpe",
                "profit_factor", "longest_losing_streak", "ci95", "ci99", "risk_of_ruin", "ruin_threshold", "equity_fan");
        @SuppressWarnings("unchecked")
        var fp = (java.util.Map<String, Object>) m.get("final_pnl");
        assertThat(fp).containsKeys("mean", "std", "p1", "p5", "p50", "p95", "p99");
        assertThat((double) fp.get("p1")).isLessThanOrEqualTo((double) fp.get("p5"));
        assertThat((double) fp.get("p95")).isLessThanOrEqualTo((double) fp.get("p99"));
        double[] ci95 = r.interval("max_drawdown", 0.95);
        double[] ci99 = r.interval("max_drawdown", 0.99);
        assertThat(ci99[0]).isLessThanOrEqualTo(ci95[0]);
        assertThat(ci99[1]).isGreaterThanOrEqualTo(ci95[1]);
        assertThat(r.quantile("max_drawdown", 0.975)).isEqualTo(ci95[1]);
        assertThat(ValidationJson.write(m)).doesNotContain("NaN").doesNotContain("Infinity");
        // delays and partial fills widen the spread of the total without a bias in the delay
        MonteCarloResult noisy = MonteCarlo.run(skewed(5, 60), new MonteCarloSettings(2_000, 7,
                MonteCarloSettings.Method.SHUFFLE, 0, 0, 30, 0, 0.5, 0.15, 10_000, 2));
        assertThat(variance(noisy.metric("final_pnl"))).isPositive();
        MonteCarloResult partial = MonteCarlo.run(skewed(5, 60), new MonteCarloSettings(2_000, 7,
                MonteCarloSettings.Method.SHUFFLE, 0, 0, 0, 1, 0.5, 0.15, 10_000, 2));
        double total = skewed(5, 60).stream().mapToDouble(TradeRecord::netPnl).sum();
        assertThat(mean(partial.metric("final_pnl"))).isCloseTo(0.75 * total, within(Math.abs(0.05 * total)));
    }

    @Test
    void refusesBadSettingsAndAnEmptyList() {
        assertThatThrownBy(() -> MonteCarlo.run(List.of(), settings(10, MonteCarloSettings.Method.SHUFFLE, 0, 0)))
                .hasMessageContaining("empty");
        assertThatThrownBy(() -> settings(0, MonteCarloSettings.Method.SHUFFLE, 0, 0)).hasMessageContaining("--runs");
        assertThatThrownBy(() -> settings(10, MonteCarloSettings.Method.SHUFFLE, -1, 0)).hasMessageContaining("--slippage-bps");
        assertThatThrownBy(() -> settings(10, MonteCarloSettings.Method.SHUFFLE, 0, 1)).hasMessageContaining("--skip-rate");
        assertThatThrownBy(() -> new MonteCarloSettings(10, 1, MonteCarloSettings.Method.SHUFFLE, 0, 0, -2, 0, 0.5, 0.1, 1, 1))
                .hasMessageContaining("--delay-bps");
        assertThatThrownBy(() -> new MonteCarloSettings(10, 1, MonteCarloSettings.Method.SHUFFLE, 0, 0, 0, 2, 0.5, 0.1, 1, 1))
                .hasMessageContaining("--partial-rate");
        assertThatThrownBy(() -> new MonteCarloSettings(10, 1, MonteCarloSettings.Method.SHUFFLE, 0, 0, 0, 0, 0, 0.1, 1, 1))
                .hasMessageContaining("--partial-min");
        assertThatThrownBy(() -> new MonteCarloSettings(10, 1, MonteCarloSettings.Method.SHUFFLE, 0, 0, 0, 0, 0.5, 0, 1, 1))
                .hasMessageContaining("--ruin-threshold");
        assertThatThrownBy(() -> new MonteCarloSettings(10, 1, MonteCarloSettings.Method.SHUFFLE, 0, 0, 0, 0, 0.5, 0.1, 0, 1))
                .hasMessageContaining("--initial-equity");
        assertThatThrownBy(() -> new MonteCarloSettings(10, 1, MonteCarloSettings.Method.SHUFFLE, 0, 0, 0, 0, 0.5, 0.1, 1, 0))
                .hasMessageContaining("--threads");
        assertThatThrownBy(() -> new MonteCarloSettings(10, 1, null, 0, 0, 0, 0, 0.5, 0.1, 1, 1)).hasMessageContaining("--method");
        assertThat(MonteCarloSettings.Method.parse(" Shuffle ")).isEqualTo(MonteCarloSettings.Method.SHUFFLE);
        assertThatThrownBy(() -> MonteCarloSettings.Method.parse("jackknife")).hasMessageContaining("bootstrap or shuffle");
        assertThat(MonteCarloSettings.defaults(100).withRuns(5).runs()).isEqualTo(5);
        assertThat(Percentiles.sorted(new double[0], 0.5)).isNaN();
        assertThat(Percentiles.sorted(new double[] {1, 2, 3, 4}, 0.5)).isEqualTo(2.5);
    }
}
