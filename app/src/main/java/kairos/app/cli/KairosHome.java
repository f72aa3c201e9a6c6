package kairos.app.cli;

import java.nio.file.Path;

/**
 * The project directory the launcher runs from ({@code -Dkairos.home}); defaults (config, rules, EPL, store,
 * bundled data, output) live under it. Paths the user types are taken relative to the working directory.
 */
public final class KairosHome {
    private KairosHome() {
    }

    public static Path dir() {
        return Path.of(System.getProperty("kairos.home", ".")).toAbsolutePath().normalize();
    }

    public static Path resolve(String relative) {
        return dir().resolve(relative);
    }
}
