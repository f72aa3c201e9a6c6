package kairos.app.cli;

import kairos.engine.data.BundledData;
import kairos.engine.data.ImportResult;
import kairos.engine.data.MarketStore;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Opens the market-data store; the default store is filled from the bundled {@code data/} on first use. */
final class StoreAccess {
    private StoreAccess() {
    }

    static MarketStore open(CommonOptions common, PrintStream err) {
        MarketStore store = new MarketStore(common.storeDir());
        Path bundled = KairosHome.resolve("data");
        if (common.isDefaultStore() && store.isEmpty() && Files.isDirectory(bundled)) {
            err.println("kairos: first use: importing the bundled data from " + bundled + " into " + store.root());
            ImportResult result = BundledData.importInto(store, bundled);
            err.println("kairos: imported " + result.series().size() + " series, " + result.rowsNew() + " rows");
        }
        return store;
    }
}
