package kairos.app.cli;

import kairos.app.config.KairosConfig;
import kairos.engine.data.MarketStore;
import kairos.engine.domain.Bar;
import kairos.engine.domain.Market;
import kairos.engine.domain.SeriesId;
import kairos.engine.domain.Timeframe;
import kairos.engine.features.FeatureConfig;
import kairos.engine.features.FeatureEngine;
import kairos.engine.features.FeatureSchema;
import kairos.engine.features.FeatureInputs;
import kairos.engine.features.FeatureMatrixWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code kairos features}: the feature matrix of one symbol and timeframe, as the kernel and training see it. */
@Command(name = "features", mixinStandardHelpOptions = true,
        description = {"Writes the feature matrix of a symbol/timeframe/range to a CSV file: first column `timestamp`",
                "(ISO-8601 UTC bar open), then every feature of docs/features.md; empty cells while warming up or",
                "when an input is absent. BTCUSDT and ETHUSDT of the same exchange feed the intermarket columns."},
        footer = {"", "Example:", "  ./kairos features --symbol SOLUSDT --timeframe 5m --from 2025-05-01 --to 2025-06-01 --out f.csv"})
public final class FeaturesCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;
    @Mixin
    SeriesOptions series;

    @Option(names = "--out", paramLabel = "FILE", required = true, description = "The CSV file to write.")
    Path out;

    @Override
    public Integer call() throws IOException {
        KairosConfig config = common.loadConfig();
        MarketStore store = StoreAccess.open(common, System.err);
        String exchange = series.exchange != null ? series.exchange : config.backtest().exchange();
        Market market = Market.parse(series.market != null ? series.market : config.backtest().market());
        List<String> symbols = series.symbols != null ? series.symbols : config.backtest().symbols();
        if (symbols.size() != 1) {
            throw new UserError("--symbol: give exactly one symbol (got " + symbols + ")");
        }
        String symbol = symbols.getFirst().toUpperCase(Locale.ROOT);
        Timeframe tf = Timeframe.parse(series.timeframe != null ? series.timeframe : config.backtest().timeframe());
        FeatureConfig featureConfig = FeatureConfig.standard(tf);
        List<Bar> bars = store.candles(SeriesId.candles(exchange, market, symbol, tf), Long.MIN_VALUE, series.toMillis()).bars();
        if (bars.isEmpty()) {
            throw new UserError("no " + exchange + "/" + market + "/" + symbol + " " + tf + " bars in the store");
        }
        Map<String, List<Bar>> context = new LinkedHashMap<>();
        for (String ctx : List.of(featureConfig.btcSymbol(), featureConfig.ethSymbol())) {
            if (!ctx.equals(symbol) && store.finestTimeframe(exchange, market, ctx).isPresent()) {
                context.put(ctx, store.candles(SeriesId.candles(exchange, market, ctx, tf), Long.MIN_VALUE, series.toMillis()).bars());
            }
        }
        // the engine warms up on the bars before --from; only rows in [from, to) are written. The last row's bar
        // closes at --to, and a funding settled at its close is in it (as in a run past --to): settlements up to
        // and including --to
        long fundingEnd = series.toMillis() == Long.MAX_VALUE ? Long.MAX_VALUE : series.toMillis() + 1;
        FeatureInputs inputs = new FeatureInputs(bars, context,
                store.funding(exchange, market, symbol, Long.MIN_VALUE, fundingEnd), List.of());
        Path parent = out.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path tmp = out.resolveSibling(out.getFileName() + ".tmp");
        long rows;
        try (Writer w = new BufferedWriter(Files.newBufferedWriter(tmp, StandardCharsets.UTF_8), 1 << 16)) {
            rows = FeatureMatrixWriter.write(featureConfig, inputs, series.fromMillis(), series.toMillis(), w);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        FeatureSchema schema = new FeatureEngine(featureConfig).schema();
        System.out.printf(Locale.ROOT, "%d rows x %d features (schema %s) of %s/%s/%s %s written to %s%n", rows,
                schema.size(), schema.hash(), exchange, market, symbol, tf, out);
        return 0;
    }
}
