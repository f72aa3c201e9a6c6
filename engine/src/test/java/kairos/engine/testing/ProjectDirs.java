package kairos.engine.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where tests find the project's rules/, cep-statements/ and data/ (surefire sets kairos.project.dir). */
public final class ProjectDirs {
    private ProjectDirs() {
    }

    public static Path root() {
        String dir = System.getProperty("kairos.project.dir");
        Path p = dir != null ? Path.of(dir) : Path.of("..");
        if (!Files.isDirectory(p.resolve("rules"))) {
            p = Path.of("..").toAbsolutePath().normalize();
        }
        return p.toAbsolutePath().normalize();
    }

    public static Path rules() {
        return root().resolve("rules");
    }

    public static Path cep() {
        return root().resolve("cep-statements");
    }

    public static Path bundledData() {
        return root().resolve("data");
    }

    /** ../shared next to the project: real data for tests that skip when it is absent. */
    public static Path shared() {
        return root().resolve("../shared").normalize();
    }
}
