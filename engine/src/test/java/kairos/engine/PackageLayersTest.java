package kairos.engine;

import kairos.engine.kernel.Kernel;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine's top-level packages ({@code kairos.engine.<name>} with their subpackages) depend downward only, in
 * the order of ARCHITECTURE.md, so they can never form a cycle. Read with the JDK's {@code jdeps} from the
 * compiled classes, as the before-stop check reads the jar.
 */
class PackageLayersTest {
    /** Lowest first; a package may depend only on packages before it. */
    static final List<String> LAYERS = List.of("domain", "data", "cep", "features", "ml", "rules", "risk",
            "execution", "kernel", "backtest");
    private static final Pattern EDGE = Pattern.compile("^\\s+(kairos\\.engine\\.[\\w.]+)\\s+->\\s+(kairos\\.engine\\.[\\w.]+)\\s");

    @Test
    void everyDependencyPointsDownTheLayers() throws URISyntaxException {
        Map<String, Set<String>> edges = packageEdges();
        assertThat(edges).as("jdeps found the engine's packages").containsKeys("kernel", "execution", "domain");
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<String, Set<String>> e : edges.entrySet()) {
            String from = e.getKey();
            assertThat(LAYERS).as("package kairos.engine." + from + " has a place in the layer order").contains(from);
            for (String to : e.getValue()) {
                if (LAYERS.indexOf(to) > LAYERS.indexOf(from)) {
                    wrong.add(from + " -> " + to);
                }
            }
        }
        assertThat(wrong).as("dependencies that point up the layers (" + String.join(" < ", LAYERS) + ")").isEmpty();
    }

    /** Top-level package → the top-level packages it uses, from {@code jdeps -verbose:package}. */
    static Map<String, Set<String>> packageEdges() throws URISyntaxException {
        Path classes = Path.of(Kernel.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow(() -> new AssertionError("this JDK has no jdeps"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int rc = jdeps.run(new PrintWriter(out), new PrintWriter(err), "-verbose:package", "-filter:none",
                classes.toString());
        assertThat(rc).as("jdeps exit code; stderr: " + err).isZero();
        Map<String, Set<String>> edges = new TreeMap<>();
        for (String line : out.toString().split("\n")) {
            Matcher m = EDGE.matcher(line);
            if (m.find()) {
                String a = m.group(1).split("\\.")[2];
                String b = m.group(2).split("\\.")[2];
                if (!a.equals(b)) {
                    edges.computeIfAbsent(a, k -> new TreeSet<>()).add(b);
                }
                edges.computeIfAbsent(a, k -> new TreeSet<>());
            }
        }
        return edges;
    }
}
