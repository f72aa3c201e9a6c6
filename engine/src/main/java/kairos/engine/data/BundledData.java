package kairos.engine.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import kairos.engine.domain.Market;

/**
 * The sample data shipped in the project's {@code data/} folder, laid out as
 * {@code data/<exchange>/<market>/<SYMBOL>-<tf>.csv.gz} and {@code <SYMBOL>-funding.csv.gz}. Used to fill the
 * default store on first use, so that a fresh checkout can backtest without downloading anything.
 */
public final class BundledData {

    private BundledData() {
    }

    /**
     * Imports every {@code .csv} / {@code .csv.gz} under {@code dataDir}, taking exchange and market from the two
     * folder levels and symbol and timeframe from the file name. Each exchange/market folder is one all-or-nothing
     * import.
     *
     * @throws DataFileException when a file is invalid or a folder is not {@code <exchange>/<perp|spot>}
     */
    public static ImportResult importInto(MarketStore store, Path dataDir) {
        List<ImportResult.SeriesImport> results = new ArrayList<>();
        for (Path exchange : dirs(dataDir)) {
            for (Path marketDir : dirs(exchange)) {
                Market market;
                try {
                    market = Market.parse(marketDir.getFileName().toString());
                } catch (IllegalArgumentException e) {
                    throw new DataFileException(marketDir + ": " + e.getMessage()
                            + "; bundled data lives in data/<exchange>/<perp|spot>/");
                }
                List<Path> files = csvFiles(marketDir);
                if (!files.isEmpty()) {
                    ImportHints hints = ImportHints.none().withExchange(exchange.getFileName().toString())
                            .withMarket(market);
                    results.addAll(store.importFiles(files, hints).series());
                }
            }
        }
        return new ImportResult(results);
    }

    private static List<Path> dirs(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Path> csvFiles(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".csv") || p.toString().endsWith(".csv.gz")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
