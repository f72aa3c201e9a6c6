package kairos.engine.backtest.validation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@link MonteCarlo} measured: one value of each metric per run, the unperturbed list's own values and the
 * equity fan. {@link #toMap()} is the content of {@code montecarlo.json}.
 */
public final class MonteCarloResult {
    private final MonteCarloSettings settings;
    private final int trades;
    private final double annualisation;
    private final boolean annualised;
    private final double[][] metrics;
    private final double[] observed;
    private final int[] fanTrades;
    private final double[][] fan;

    MonteCarloResult(MonteCarloSettings settings, int trades, double annualisation, boolean annualised,
                     double[][] metrics, double[] observed, int[] fanTrades, double[][] fan) {
        this.settings = settings;
        this.trades = trades;
        this.annualisation = annualisation;
        this.annualised = annualised;
        this.metrics = metrics;
        this.observed = observed;
        this.fanTrades = fanTrades;
        this.fan = fan;
    }

    public MonteCarloSettings settings() {
        return settings;
    }

    public int trades() {
        return trades;
    }

    /** The values of metric {@code i} ({@link MonteCarlo#metricNames()} order), one per run. */
    public double[] metric(int i) {
        return metrics[i].clone();
    }

    public double[] metric(String name) {
        return metric(MonteCarlo.metricNames().indexOf(name));
    }

    /** Share of runs whose drawdown from the running peak reached the ruin threshold. */
    public double riskOfRuin() {
        int ruined = 0;
        for (double dd : metrics[1]) {
            if (dd >= settings.ruinThreshold()) {
                ruined++;
            }
        }
        return ruined / (double) metrics[1].length;
    }

    /** The p-quantile of a metric over its runs (NaN runs left out). */
    public double quantile(String name, double p) {
        return Percentiles.sorted(Percentiles.sortedDefined(metric(name)), p);
    }

    /** The central {@code level} interval (0.95: the 2.5% and 97.5% quantiles) of a metric. */
    public double[] interval(String name, double level) {
        double[] sorted = Percentiles.sortedDefined(metric(name));
        double tail = (1 - level) / 2;
        return new double[] {Percentiles.sorted(sorted, tail), Percentiles.sorted(sorted, 1 - tail)};
    }

    public int[] fanTrades() {
        return fanTrades.clone();
    }

    /** Equity quantiles (5, 25, 50, 75, 95%) after each of {@link #fanTrades()} trades. */
    public double[][] fan() {
        double[][] out = new double[fan.length][];
        for (int i = 0; i < fan.length; i++) {
            out[i] = fan[i].clone();
        }
        return out;
    }

    /** The {@code montecarlo.json} object; NaN and infinities are left for the writer to turn into null. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("runs", settings.runs());
        m.put("trades", trades);
        m.put("seed", settings.seed());
        m.put("method", settings.method().label());
        m.put("initial_equity", settings.initialEquity());
        m.put("perturbations", MonteCarlo.describe(settings));
        List<String> names = MonteCarlo.metricNames();
        for (int i = 0; i < names.size(); i++) {
            m.put(names.get(i), summary(i));
        }
        Map<String, Object> ci95 = new LinkedHashMap<>();
        Map<String, Object> ci99 = new LinkedHashMap<>();
        for (String name : List.of("max_drawdown", "sharpe", "profit_factor")) {
            ci95.put(name, list(interval(name, 0.95)));
            ci99.put(name, list(interval(name, 0.99)));
        }
        m.put("ci95", ci95);
        m.put("ci99", ci99);
        m.put("ruin_threshold", settings.ruinThreshold());
        m.put("risk_of_ruin", riskOfRuin());
        m.put("sharpe_basis", annualised
                ? String.format(Locale.ROOT, "per trade (fixed notional), annualised by sqrt(%.1f trades a year)",
                        annualisation * annualisation)
                : "per trade (fixed notional), not annualised: the trades span no time");
        Map<String, Object> d = new LinkedHashMap<>(); // never Map.of: its order changes from one JVM to the next
        d.put("final_pnl", "sum of the run's net_pnl");
        d.put("max_drawdown", "largest fall from the running peak equity (initial equity the first peak), fraction of the peak");
        d.put("risk_of_ruin", "share of runs whose max_drawdown reached ruin_threshold");
        d.put("profit_factor", "gross wins / gross losses; null where infinite (a run without a losing trade)");
        d.put("longest_losing_streak", "most consecutive trades with a negative net_pnl");
        d.put("quantiles", "linear interpolation between order statistics (type 7); ci95 = [p2.5, p97.5], ci99 = [p0.5, p99.5]");
        m.put("definitions", d);
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("trades", fanTrades);
        for (int q = 0; q < MonteCarlo.FAN_QUANTILES.length; q++) {
            f.put(String.format(Locale.ROOT, "p%d", Math.round(MonteCarlo.FAN_QUANTILES[q] * 100)), fan[q]);
        }
        f.put("runs_drawn", Math.min(settings.runs(), MonteCarlo.FAN_RUNS));
        m.put("equity_fan", f);
        return m;
    }

    private Map<String, Object> summary(int i) {
        double[] values = metrics[i];
        double[] sorted = Percentiles.sortedDefined(values);
        int finite = 0;
        double sum = 0;
        for (double v : sorted) {
            if (Double.isFinite(v)) {
                finite++;
                sum += v;
            }
        }
        double mean = finite == 0 ? Double.NaN : sum / finite;
        double ss = 0;
        for (double v : sorted) {
            if (Double.isFinite(v)) {
                ss += (v - mean) * (v - mean);
            }
        }
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("mean", mean);
        s.put("std", finite > 1 ? Math.sqrt(ss / (finite - 1)) : Double.NaN);
        for (double p : new double[] {0.01, 0.05, 0.5, 0.95, 0.99}) {
            s.put(String.format(Locale.ROOT, "p%d", Math.round(p * 100)), Percentiles.sorted(sorted, p));
        }
        s.put("observed", observed[i]);
        int undefined = values.length - sorted.length;
        if (undefined > 0) {
            s.put("undefined_runs", undefined);
        }
        if (finite < sorted.length) {
            s.put("infinite_runs", sorted.length - finite);
        }
        return s;
    }

    private static List<Double> list(double[] v) {
        List<Double> out = new ArrayList<>(v.length);
        for (double x : v) {
            out.add(x);
        }
        return out;
    }
}
