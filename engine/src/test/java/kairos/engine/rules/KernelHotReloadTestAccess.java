package kairos.engine.rules;

import java.io.IOException;
import java.nio.file.Path;

/** The shipped rules copied to a folder a test may change, for tests of other packages. */
public final class KernelHotReloadTestAccess {
    private KernelHotReloadTestAccess() {
    }

    public static Path copyRules(Path dir) throws IOException {
        return KernelHotReloadTest.copyRules(dir);
    }
}
