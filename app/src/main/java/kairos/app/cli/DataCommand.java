package kairos.app.cli;

import kairos.app.config.KairosConfig;
import kairos.engine.data.Gap;
import kairos.engine.data.ImportHints;
import kairos.engine.data.ImportResult;
import kairos.engine.data.MarketStore;
import kairos.engine.data.SeriesInfo;
import kairos.engine.domain.Market;
import kairos.engine.domain.SeriesId;
import kairos.engine.domain.Timeframe;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code kairos data}: import, list and delete market data. */
@Command(name = "data", mixinStandardHelpOptions = true, description = "Imports, lists and deletes market data in the store.",
        subcommands = {DataCommand.Import.class, DataCommand.ListSeries.class, DataCommand.Delete.class})
public final class DataCommand {

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = {"Imports candle or funding files into the store, validating every row first:",
                    "CSV (timestamp,open,high,low,close,volume or timestamp,rate; ISO-8601 or epoch ms; .csv.gz too),",
                    "freqtrade .feather and .json candles and *-funding_rate.feather, Bybit /v5/market/kline and",
                    "/v5/market/funding/history JSON. A bad row refuses the whole import (file:row named) and leaves",
                    "the store as it was; gaps (missing bars) are reported, never filled. Values that make no physical",
                    "sense are refused too unless --force: a funding rate above 5%% per interval, a close more than 50%%",
                    "from the previous bar's."},
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

        @Option(names = "--force", description = "Import values that make no physical sense (a funding rate above 5%% per "
                + "interval, a close more than 50%% from the previous bar's) instead of refusing them.")
        boolean force;

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
            ImportResult result = store.importFiles(files, hints, force);
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
            KairosConfig config = common.loadConfig();
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
            KairosConfig.Backtest bt = config.backtest();
            System.out.println("backtest default (" + common.configFile() + "): " + bt.exchange() + "/" + bt.market() + " "
                    + String.join(",", bt.symbols()) + " " + bt.timeframe() + (bt.contextSymbols() == null
                    || bt.contextSymbols().isEmpty() ? "" : ", context " + String.join(",", bt.contextSymbols())));
            return 0;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = {"Deletes a stored series, or the rows of a range of it, from the store.",
                    "Without --timeframe every series of the symbol goes (its candles of every timeframe and its",
                    "funding); --timeframe funding names the funding series. --from/--to limit it to a range (--to",
                    "exclusive). Without --yes it only prints what would be deleted, changes nothing and exits 1.",
                    "The default store is filled again from the bundled data/ when it becomes empty."},
            footer = {"", "Examples:", "  ./kairos data delete --symbol SOLUSDT --timeframe 1m --yes",
                    "  ./kairos data delete --exchange binance --symbol ETHUSDT --from 2025-06-01 --to 2025-06-02"})
    public static final class Delete implements Callable<Integer> {
        @Mixin
        CommonOptions common;

        @Option(names = "--exchange", paramLabel = "NAME", description = "Exchange of the series (default: bybit).")
        String exchange = "bybit";
        @Option(names = "--market", paramLabel = "perp|spot", description = "Market of the series (default: perp).")
        String market = "perp";
        @Option(names = "--symbol", paramLabel = "SYM", required = true, description = "Symbol of the series.")
        String symbol;
        @Option(names = "--timeframe", paramLabel = "TF|funding",
                description = "One candle timeframe, or 'funding' (default: every series of the symbol).")
        String timeframe;
        @Option(names = "--from", paramLabel = "TIME", converter = TimeArgs.class,
                description = "First row deleted, inclusive: ISO date or date-time, UTC (default: the first row).")
        Instant from;
        @Option(names = "--to", paramLabel = "TIME", converter = TimeArgs.class,
                description = "End of the deleted rows, exclusive (default: after the last row).")
        Instant to;
        @Option(names = "--yes", description = "Delete; without it nothing changes and the command lists what would go.")
        boolean yes;

        @Override
        public Integer call() {
            common.loadConfig();
            long fromMs = from == null ? Long.MIN_VALUE : from.toEpochMilli();
            long toMs = to == null ? Long.MAX_VALUE : to.toEpochMilli();
            if (fromMs >= toMs) {
                throw new UserError("--from " + from + " is not before --to " + to + ": the range is empty");
            }
            MarketStore store = new MarketStore(common.storeDir());
            Market m = Market.parse(market);
            List<SeriesId> ids;
            if (timeframe == null) {
                ids = store.seriesOf(exchange, m, symbol);
                if (ids.isEmpty()) {
                    throw new UserError("no " + exchange + "/" + m.label() + "/" + symbol.toUpperCase(java.util.Locale.ROOT)
                            + " series in " + store.root() + " (see ./kairos data list)");
                }
            } else if (timeframe.equalsIgnoreCase("funding")) {
                ids = List.of(SeriesId.funding(exchange, m, symbol));
            } else {
                ids = List.of(SeriesId.candles(exchange, m, symbol, Timeframe.parse(timeframe)));
            }
            List<MarketStore.Deletion> plan = store.delete(ids, fromMs, toMs, yes);
            for (MarketStore.Deletion d : plan) {
                System.out.println((yes ? "deleted " : "would delete ") + d);
            }
            int rows = plan.stream().mapToInt(MarketStore.Deletion::rowsRemoved).sum();
            if (!yes) {
                System.err.println("kairos data delete: nothing deleted (" + rows + " rows would go); add --yes to delete");
                return 1;
            }
            System.out.println(rows + " rows deleted from " + plan.size() + " series, store " + store.root());
            return 0;
        }
    }
}
