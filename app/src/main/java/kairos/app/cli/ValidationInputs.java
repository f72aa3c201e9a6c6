package kairos.app.cli;

import kairos.app.config.KairosConfig;
import kairos.engine.backtest.BacktestSpec;
import kairos.engine.data.CandleSeries;
import kairos.engine.data.MarketStore;
import kairos.engine.domain.FundingRate;
import kairos.engine.domain.Market;
import kairos.engine.domain.SeriesId;
import kairos.engine.domain.Timeframe;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The backtest inputs of the validation commands (stress, walkforward --system, promote), built as {@code backtest}
 * builds them: the traded symbols' bars at the finest stored timeframe that builds the strategy timeframe, their
 * funding, the context symbols (default from the config), the configured venue, execution and risk limits.
 */
final class ValidationInputs {
    private ValidationInputs() {
    }

    /** What the series options resolved to, beside the spec. */
    record Inputs(BacktestSpec spec, Market market, Timeframe strategyTimeframe) {
    }

    static Inputs load(KairosConfig config, MarketStore store, SeriesOptions series, Path rulesDir, Path cepDir,
                       List<String> context, String modelVersion, PrintStream err) {
        requireFolder("--rules", rulesDir);
        requireFolder("--cep", cepDir);
        KairosConfig.Backtest bt = config.backtest();
        String exchange = series.exchange != null ? series.exchange : bt.exchange();
        Market market = Market.parse(series.market != null ? series.market : bt.market());
        List<String> symbols = upper(series.symbols != null ? series.symbols : bt.symbols());
        Timeframe strategyTf = Timeframe.parse(series.timeframe != null ? series.timeframe : bt.timeframe());
        for (String s : symbols) {
            if (!config.instrumentMap().containsKey(s)) {
                throw new UserError("--symbols: " + s + " has no entry under 'instruments' in the config");
            }
        }
        Timeframe feedTf = null;
        for (String s : symbols) {
            Timeframe finest = store.finestTimeframe(exchange, market, s).orElseThrow(() -> new UserError(
                    "no " + exchange + "/" + market + "/" + s + " candles in the store (see ./kairos data list)"));
            if (!strategyTf.isMultipleOf(finest)) {
                throw new UserError("--timeframe " + strategyTf + ": the finest stored " + s + " bars are " + finest
                        + ", which cannot build " + strategyTf + " bars");
            }
            feedTf = feedTf == null || finest.millis() > feedTf.millis() ? finest : feedTf;
        }
        long from = series.fromMillis();
        long to = series.toMillis();
        Map<String, CandleSeries> bars = new LinkedHashMap<>();
        Map<String, List<FundingRate>> funding = new LinkedHashMap<>();
        for (String s : symbols) {
            SeriesId id = SeriesId.candles(exchange, market, s, feedTf);
            CandleSeries c = store.candles(id, from, to);
            if (c.size() == 0) {
                throw new UserError("no " + id + " bars in the range " + range(from, to) + " (see ./kairos data list)");
            }
            bars.put(s, c);
            funding.put(s, store.funding(exchange, market, s, from, to));
        }
        List<String> contextSymbols = new ArrayList<>();
        for (String s : upper(context != null ? context : bt.contextSymbols() == null ? List.of() : bt.contextSymbols())) {
            if (symbols.contains(s)) {
                continue;
            }
            if (store.finestTimeframe(exchange, market, s).isEmpty()) {
                err.println("kairos: context symbol " + s + " has no " + exchange + "/" + market + " data in the store; running without it");
                continue;
            }
            CandleSeries c = store.candles(SeriesId.candles(exchange, market, s, feedTf), from, to);
            if (c.size() == 0) {
                err.println("kairos: context symbol " + s + " has no " + feedTf + " bars in the range; running without it");
                continue;
            }
            bars.put(s, c);
            contextSymbols.add(s);
        }
        BacktestSpec spec = new BacktestSpec(exchange, symbols, contextSymbols, feedTf, strategyTf, bars, funding, rulesDir,
                cepDir, bt.initialEquity(), config.venueModel(), config.executionPolicy(), config.riskLimits(),
                config.instrumentMap(), modelVersion);
        return new Inputs(spec, market, strategyTf);
    }

    static void requireFolder(String option, Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new UserError(option + " " + dir + ": no such folder");
        }
    }

    static String range(long from, long to) {
        return (from == Long.MIN_VALUE ? "start" : Instant.ofEpochMilli(from).toString()) + " .. "
                + (to == Long.MAX_VALUE ? "end" : Instant.ofEpochMilli(to).toString());
    }

    static List<String> upper(List<String> in) {
        return in.stream().map(s -> s.trim().toUpperCase(Locale.ROOT)).filter(s -> !s.isEmpty()).distinct().toList();
    }
}
