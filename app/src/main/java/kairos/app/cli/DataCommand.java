package kairos.app.cli;

import kairos.engine.data.Gap;
import kairos.engine.data.ImportHints;
import kairos.engine.data.ImportResult;
import kairos.engine.data.MarketStore;
import kairos.engine.data.SeriesInfo;
import kairos.engine.domain.Market;
import kairos.engine.domain.Timeframe;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code kairos data}: import and list market data. */
@Command(name = "data", mixinStandardHelpOptions = true, description = "Imports and lists market data in the store.",
        subcommands = {DataCommand.Import.class, DataCommand.ListSeries.class})
public final class DataCommand {

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = {"Imports candle or funding files into the store, validating every row first:",
                    "CSV (timestamp,open,high,low,close,volume or timestamp,rate; ISO-8601 or epoch ms; .csv.gz too),",
                    "freqtrade .feather and .json candles and *-funding_rate.feather, Bybit /v5/market/kline and",
                    "/v5/market/funding/history JSON. A bad row refuses the whole import (file:row named) and leaves",
                    "the store as it was; gaps (missing bars) are reported, never filled."},
            footer = {"", "Symbol and timeframe come from freqtrade file names (SOL_USDT_USDT-5m-futures.feather)",
                    "unless given; exchange defaults to bybit, market to perp."})
    public static final class Import implements Callable<Integer> {
        @Mixin
        CommonOptions common;

        @Option(names = "--exchange", paramLabel = "NAME", description = "Exchange of the data (default: bybit).")
        String exchange;
        @Option(names = "--market", paramLabel = "perp|spot", description = "Market of the data (default: perp, or inferred).")
        String market;
        @Option(names = "--symbol", paramLabel = "SYM", description = "Symbol (default: inferred from the file name).")
        String symbol;
        @Option(names = "--timeframe", paramLabel = "TF", description = "Candle timeframe (default: inferred from the file name).")
        String timeframe;

        @Parameters(paramLabel = "FILE", arity = "1..*", description = "Files to import.")
        List<Path> files;

        @Override
        public Integer call() {
            MarketStore store = StoreAccess.open(common, System.err);
            ImportHints hints = ImportHints.none();
            if (exchange != null) {
                hints = hints.withExchange(exchange);
            }
            if (market != null) {
                hints = hints.withMarket(Market.parse(market));
            }
            if (symbol != null) {
                hints = hints.withSymbol(symbol);
            }
            if (timeframe != null) {
                hints = hints.withTimeframe(Timeframe.parse(timeframe));
            }
            ImportResult result = store.importFiles(files, hints);
            for (ImportResult.SeriesImport s : result.series()) {
                System.out.println(s);
                for (Gap g : s.gaps()) {
                    System.out.println("  gap " + g);
                }
            }
            System.out.println(result.rowsNew() + " new rows in " + result.series().size() + " series, store " + store.root());
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Lists the stored series (exchange, market, symbol, timeframe), their ranges and gaps.")
    public static final class ListSeries implements Callable<Integer> {
        @Mixin
        CommonOptions common;

        @Override
        public Integer call() {
            MarketStore store = StoreAccess.open(common, System.err);
            List<SeriesInfo> all = store.list();
            if (all.isEmpty()) {
                System.out.println("no series in " + store.root() + " (import with ./kairos data import FILE...)");
                return 0;
            }
            System.out.printf("%-10s %-6s %-10s %-9s %-20s %-20s %8s %5s%n", "exchange", "market", "symbol", "timeframe",
                    "first", "last", "rows", "gaps");
            for (SeriesInfo s : all) {
                System.out.printf("%-10s %-6s %-10s %-9s %-20s %-20s %8d %5d%n", s.id().exchange(), s.id().market(),
                        s.id().symbol(), s.id().isFunding() ? "funding" : s.id().timeframe().label(),
                        Instant.ofEpochMilli(s.firstOpenTime()), Instant.ofEpochMilli(s.lastOpenTime()), s.rows(), s.gaps().size());
                for (Gap g : s.gaps()) {
                    System.out.println("    gap " + g);
                }
            }
            return 0;
        }
    }
}
