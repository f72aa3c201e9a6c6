package kairos.app.cli;

import kairos.app.config.ConfigLoader;
import kairos.app.config.KairosConfig;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** Options every command takes. */
public final class CommonOptions {
    @Option(names = "--config", paramLabel = "FILE", description = "Configuration file (default: config/kairos.yaml in the project).")
    Path config;

    @Option(names = "--store", paramLabel = "DIR",
            description = "Market-data store and journal (default: store/ in the project, filled from the bundled data/ on first use).")
    Path store;

    public KairosConfig loadConfig() {
        return ConfigLoader.load(configFile(), System.getenv());
    }

    /** The config file this command reads: {@code --config}, else {@code config/kairos.yaml} of the project. */
    public Path configFile() {
        return config != null ? config : KairosHome.resolve("config/kairos.yaml");
    }

    public boolean isDefaultStore() {
        return store == null;
    }

    public Path storeDir() {
        return store != null ? store : KairosHome.resolve("store");
    }
}
