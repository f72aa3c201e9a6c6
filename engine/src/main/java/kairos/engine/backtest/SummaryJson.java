package kairos.engine.backtest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
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
        s.put("fill_model", "orders fill on bars after the decision: market at the next open with slippage (taker); "
                + "stops at the stop or a worse open with slippage (taker); limits only when traded through (maker); "
                + "a bar reaching both stop and target counts the stop first");
        s.put("sharpe_basis", "daily UTC returns of equity, sample stdev, annualised with sqrt(365)");
        return s;
    }

    public static void write(Path file, Map<String, Object> summary) throws IOException {
        JSON.writeValue(file.toFile(), summary);
    }
}
