package kairos.engine.backtest;

import kairos.engine.kernel.EquityPoint;

import kairos.engine.execution.TradeRecord;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.TreeMap;
import java.util.Map;

/** {@code summary.json}: the run's KPIs ({@link PerformanceMetrics}) followed by what was run, on what, how fast. */
public final class SummaryJson {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private SummaryJson() {
    }

    public static Map<String, Object> summary(PerformanceMetrics metrics, BacktestRun run, String market,
                                              String timeframe, long elapsedMs) {
        BacktestSpec spec = run.spec();
        Map<String, Object> s = new LinkedHashMap<>(metrics.toMap());
        s.put("avg_r_multiple", JsonNumbers.finiteOrNull(averageR(run.trades())));
        s.put("per_exit_reason", exitReasons(run.trades()));
        s.put("buy_and_hold", buyAndHold(run, spec));
        s.put("start", Instant.ofEpochMilli(run.start()).toString());
        s.put("end", Instant.ofEpochMilli(run.end()).toString());
        s.put("symbols", spec.symbols());
        s.put("context_symbols", spec.contextSymbols());
        s.put("timeframe", timeframe);
        s.put("feed_timeframe", spec.feedTimeframe().label());
        s.put("exchange", spec.exchange());
        s.put("market", market);
        s.put("ruleset_hash", run.rulesetHash());
        s.put("model_version", spec.modelVersion());
        s.put("bars_processed", run.barsProcessed());
        s.put("decisions", run.decisions().size());
        s.put("elapsed_ms", elapsedMs);
        s.put("maker_fee", spec.fees().makerFee());
        s.put("taker_fee", spec.fees().takerFee());
        s.put("slippage", spec.fees().slippage());
        s.put("max_risk_per_trade", spec.riskLimits().maxRiskPerTrade());
        s.put("latency_ms", spec.venue().latencyMs());
        s.put("leverage", spec.venue().leverage());
        s.put("fill_model", "orders fill on feed bars closing after they become live (sent + latency): market at the "
                + "bar's open with slippage = base + k_vol x range/open + k_size x qty/volume (taker), cancelled beyond "
                + "the max-slippage bound; stops at the stop or a worse open with slippage (taker); limits only when traded "
                + "through (maker), at most participation x bar volume per bar; within a bar stops count before "
                + "targets (conservative; 1m feed bars resolve the order under 5m decisions); isolated-margin liquidation");
        s.put("sharpe_basis", "daily UTC returns of equity, sample stdev, annualised with sqrt(365)");
        return s;
    }

    /** Mean R multiple of the trades with a known initial risk; NaN without any. */
    static double averageR(List<TradeRecord> trades) {
        double sum = 0;
        int n = 0;
        for (TradeRecord t : trades) {
            if (!Double.isNaN(t.rMultiple())) {
                sum += t.rMultiple();
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /** The same KPIs per exit reason (tp1, stop, trailing, ...), sorted by reason. */
    static Map<String, Object> exitReasons(List<TradeRecord> trades) {
        Map<String, List<TradeRecord>> groups = new TreeMap<>();
        for (TradeRecord t : trades) {
            groups.computeIfAbsent(t.exitReason(), k -> new ArrayList<>()).add(t);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        groups.forEach((reason, list) -> out.put(reason, TradeStats.of(list).toMap()));
        return out;
    }

    /**
     * Buy and hold of the first traded symbol over the same window, measured like the strategy: the initial equity
     * marked to each feed bar's close (no fees, no funding, no leverage).
     */
    static Map<String, Object> buyAndHold(BacktestRun run, BacktestSpec spec) {
        var series = spec.bars().get(spec.symbols().getFirst());
        double initial = spec.initialEquity();
        double first = series.open(0);
        long barMillis = spec.feedTimeframe().millis();
        List<EquityPoint> curve = new ArrayList<>(series.size());
        for (int i = 0; i < series.size(); i++) {
            curve.add(new EquityPoint(series.openTime(i) + barMillis, initial * series.close(i) / first, true));
        }
        PerformanceMetrics m = PerformanceMetrics.compute(List.of(), curve, initial, run.start(), run.end(), first,
                series.close(series.size() - 1));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("total_return", JsonNumbers.finiteOrNull(m.totalReturn()));
        out.put("max_drawdown", JsonNumbers.finiteOrNull(m.maxDrawdown()));
        out.put("max_drawdown_days", JsonNumbers.finiteOrNull(m.maxDrawdownDays()));
        out.put("sharpe", JsonNumbers.finiteOrNull(m.sharpe()));
        out.put("sortino", JsonNumbers.finiteOrNull(m.sortino()));
        out.put("calmar", JsonNumbers.finiteOrNull(m.calmar()));
        return out;
    }

    public static void write(Path file, Map<String, Object> summary) throws IOException {
        JSON.writeValue(file.toFile(), summary);
    }
}
