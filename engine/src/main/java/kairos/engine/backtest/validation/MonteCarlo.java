package kairos.engine.backtest.validation;

import kairos.engine.execution.TradeRecord;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Monte Carlo resampling of a closed-trade list (R18.3, R18.4): how much of a backtest's result is the order and
 * luck of its trades. Each run builds a trade sequence (bootstrap or shuffle, see {@link MonteCarloSettings}),
 * perturbs it (extra slippage, missed trades, delays, partial fills) and walks the equity from the initial equity
 * adding each trade's net PnL, measuring:
 *
 * <ul>
 *   <li>{@code final_pnl}: the sum of the run's net PnL;</li>
 *   <li>{@code max_drawdown}: the largest fall from the running peak (the initial equity the first peak), a fraction
 *       of that peak;</li>
 *   <li>{@code sharpe}: mean over sample standard deviation of the run's trade PnLs, annualised by the square root
 *       of the list's trades per year (its trades over the time from the first entry to the last exit); a fixed
 *       notional, so a shuffle leaves it unchanged;</li>
 *   <li>{@code profit_factor}: gross wins over gross losses (infinite without a losing trade);</li>
 *   <li>{@code longest_losing_streak}: most consecutive trades with a negative net PnL.</li>
 * </ul>
 *
 * <p>Deterministic: run {@code i} draws from its own {@link SplittableRandom} seeded by a mix of the seed and
 * {@code i}, so the result is the same for any number of threads.
 */
public final class MonteCarlo {
    static final String[] METRICS = {"final_pnl", "max_drawdown", "sharpe", "profit_factor", "longest_losing_streak"};
    /** Equity quantiles drawn in the fan chart. */
    static final double[] FAN_QUANTILES = {0.05, 0.25, 0.5, 0.75, 0.95};
    private static final int FAN_POINTS = 100;
    /** The fan chart is drawn from the first runs only, so a million runs do not hold a million paths. */
    static final int FAN_RUNS = 20_000;
    private static final double YEAR_MILLIS = 365 * 86_400_000.0;

    private MonteCarlo() {
    }

    /** @throws IllegalArgumentException when the list is empty */
    public static MonteCarloResult run(List<TradeRecord> trades, MonteCarloSettings s) {
        int n = trades.size();
        if (n == 0) {
            throw new IllegalArgumentException("the trade list is empty: nothing to resample");
        }
        double[] pnl = new double[n];
        double[] entryNotional = new double[n];
        double[] exitNotional = new double[n];
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (int i = 0; i < n; i++) {
            TradeRecord t = trades.get(i);
            pnl[i] = t.netPnl();
            entryNotional[i] = Math.abs(t.qty() * t.entryPrice());
            exitNotional[i] = Math.abs(t.qty() * t.exitPrice());
            first = Math.min(first, t.entryTime());
            last = Math.max(last, t.exitTime());
        }
        double years = (last - first) / YEAR_MILLIS;
        double annualisation = years > 0 ? Math.sqrt(n / years) : 1;
        int[] checkpoints = checkpoints(n);
        double[][] metrics = new double[METRICS.length][s.runs()];
        float[][] fan = new float[checkpoints.length][Math.min(s.runs(), FAN_RUNS)];
        Inputs in = new Inputs(pnl, entryNotional, exitNotional, annualisation, checkpoints);
        int threads = Math.min(s.threads(), s.runs());
        if (threads == 1) {
            runRange(in, s, 0, s.runs(), metrics, fan);
        } else {
            ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
                Thread th = new Thread(r, "kairos-montecarlo");
                th.setDaemon(true);
                return th;
            });
            try {
                List<Future<?>> parts = new ArrayList<>();
                int per = (s.runs() + threads - 1) / threads;
                for (int a = 0; a < s.runs(); a += per) {
                    int from = a;
                    int to = Math.min(s.runs(), a + per);
                    parts.add(pool.submit(() -> runRange(in, s, from, to, metrics, fan)));
                }
                for (Future<?> f : parts) {
                    f.get();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("the Monte Carlo run was interrupted", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("a Monte Carlo worker failed: " + e.getCause(), e.getCause());
            } finally {
                pool.shutdownNow();
            }
        }
        double[] observed = observed(in, s.initialEquity());
        double[][] fanQuantiles = new double[FAN_QUANTILES.length][checkpoints.length];
        for (int c = 0; c < checkpoints.length; c++) {
            double[] values = new double[fan[c].length];
            for (int r = 0; r < values.length; r++) {
                values[r] = fan[c][r];
            }
            Arrays.sort(values);
            for (int q = 0; q < FAN_QUANTILES.length; q++) {
                fanQuantiles[q][c] = Percentiles.sorted(values, FAN_QUANTILES[q]);
            }
        }
        return new MonteCarloResult(s, n, annualisation, years > 0, metrics, observed, checkpoints, fanQuantiles);
    }

    private record Inputs(double[] pnl, double[] entryNotional, double[] exitNotional, double annualisation,
                          int[] checkpoints) {
    }

    /** Trade counts after which the fan records equity: 0, then up to 100 evenly spaced, the last being n. */
    static int[] checkpoints(int n) {
        int k = Math.min(n, FAN_POINTS);
        int[] c = new int[k + 1];
        for (int i = 0; i <= k; i++) {
            c[i] = (int) Math.round((double) i * n / k);
        }
        return c;
    }

    /** A well-mixed seed per run (SplitMix64's finaliser over seed and run index). */
    static long runSeed(long seed, long run) {
        long z = seed + (run + 1) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static void runRange(Inputs in, MonteCarloSettings s, int from, int to, double[][] metrics, float[][] fan) {
        int n = in.pnl().length;
        int[] order = new int[n];
        for (int run = from; run < to; run++) {
            SplittableRandom rnd = new SplittableRandom(runSeed(s.seed(), run));
            if (s.method() == MonteCarloSettings.Method.SHUFFLE) {
                for (int i = 0; i < n; i++) {
                    order[i] = i;
                }
                for (int i = n - 1; i > 0; i--) {
                    int j = rnd.nextInt(i + 1);
                    int tmp = order[i];
                    order[i] = order[j];
                    order[j] = tmp;
                }
            }
            Path p = new Path(s.initialEquity());
            boolean drawn = run < FAN_RUNS;
            int nextCheckpoint = drawn ? 0 : in.checkpoints().length;
            for (int k = 0; k < n; k++) {
                while (nextCheckpoint < in.checkpoints().length && in.checkpoints()[nextCheckpoint] == k) {
                    fan[nextCheckpoint++][run] = (float) p.equity;
                }
                int i = s.method() == MonteCarloSettings.Method.SHUFFLE ? order[k] : rnd.nextInt(n);
                if (s.skipRate() > 0 && rnd.nextDouble() < s.skipRate()) {
                    continue;
                }
                double fill = 1;
                if (s.partialRate() > 0 && rnd.nextDouble() < s.partialRate()) {
                    fill = s.partialMin() + (1 - s.partialMin()) * rnd.nextDouble();
                }
                double value = in.pnl()[i] * fill;
                if (s.slippageBps() > 0) {
                    value -= (in.entryNotional()[i] + in.exitNotional()[i]) * fill * s.slippageBps() * 1e-4
                            * rnd.nextDouble();
                }
                if (s.delayBps() > 0) {
                    value += fill * s.delayBps() * 1e-4
                            * (in.exitNotional()[i] * rnd.nextGaussian() - in.entryNotional()[i] * rnd.nextGaussian());
                }
                p.add(value);
            }
            while (nextCheckpoint < in.checkpoints().length) {
                fan[nextCheckpoint++][run] = (float) p.equity;
            }
            p.write(metrics, run, in.annualisation());
        }
    }

    /** The list as it is, unperturbed: the reference the runs are compared with. */
    private static double[] observed(Inputs in, double initialEquity) {
        Path p = new Path(initialEquity);
        for (double v : in.pnl()) {
            p.add(v);
        }
        double[][] m = new double[METRICS.length][1];
        p.write(m, 0, in.annualisation());
        double[] out = new double[METRICS.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = m[i][0];
        }
        return out;
    }

    /** One equity path, measured as it is walked. */
    private static final class Path {
        double equity;
        double peak;
        double maxDrawdown;
        double sum;
        double sumSq;
        double compensation;
        double wins;
        double losses;
        int count;
        int streak;
        int longest;

        Path(double initial) {
            equity = initial;
            peak = initial;
        }

        void add(double v) {
            // Neumaier-compensated sum: the total of a shuffled list equals the list's total to the last bits
            double t = sum + v;
            compensation += Math.abs(sum) >= Math.abs(v) ? (sum - t) + v : (v - t) + sum;
            sum = t;
            sumSq += v * v;
            count++;
            equity += v;
            if (equity > peak) {
                peak = equity;
            } else if (peak > 0) {
                maxDrawdown = Math.max(maxDrawdown, (peak - equity) / peak);
            }
            if (v > 0) {
                wins += v;
                streak = 0;
            } else if (v < 0) {
                losses -= v;
                longest = Math.max(longest, ++streak);
            } else {
                streak = 0;
            }
        }

        void write(double[][] m, int run, double annualisation) {
            double total = sum + compensation;
            m[0][run] = total;
            m[1][run] = maxDrawdown;
            double sharpe = Double.NaN;
            if (count > 1) {
                double mean = total / count;
                double var = (sumSq - count * mean * mean) / (count - 1);
                if (var > 0) {
                    sharpe = mean / Math.sqrt(var) * annualisation;
                }
            }
            m[2][run] = sharpe;
            m[3][run] = losses > 0 ? wins / losses : wins > 0 ? Double.POSITIVE_INFINITY : Double.NaN;
            m[4][run] = longest;
        }
    }

    /** The metric names, in the order of {@link MonteCarloResult#metric(int)}. */
    public static List<String> metricNames() {
        return List.of(METRICS);
    }

    static Map<String, Object> describe(MonteCarloSettings s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("slippage_bps", s.slippageBps());
        m.put("skip_rate", s.skipRate());
        m.put("delay_bps", s.delayBps());
        m.put("partial_rate", s.partialRate());
        m.put("partial_min", s.partialMin());
        return m;
    }
}
