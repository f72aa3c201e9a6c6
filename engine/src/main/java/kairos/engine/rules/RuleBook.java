package kairos.engine.rules;

import org.kie.api.KieBase;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.builder.Message;
import org.kie.api.builder.ReleaseId;
import org.kie.api.runtime.KieContainer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * A compiled rule set: every {@code *.drl} under a folder (recursively), built at run time with
 * {@link KieFileSystem} so that traders edit rules without recompiling Kairos. Building is pure: a failed build
 * throws {@link RuleBuildException} with {@code file:line:col} locations and leaves any running RuleBook alone.
 */
public final class RuleBook {
    private static final AtomicLong BUILDS = new AtomicLong();

    private final KieBase kieBase;
    private final int ruleFiles;
    private final int rules;

    private RuleBook(KieBase kieBase, int ruleFiles) {
        this.kieBase = kieBase;
        this.ruleFiles = ruleFiles;
        this.rules = kieBase.getKiePackages().stream().mapToInt(p -> p.getRules().size()).sum();
    }

    public static RuleBook build(Path dir) {
        List<Path> files = drlFiles(dir);
        if (files.isEmpty()) {
            throw new RuleBuildException(List.of(dir + ": no *.drl files (set --rules DIR)"));
        }
        KieServices ks = KieServices.Factory.get();
        KieFileSystem kfs = ks.newKieFileSystem();
        ReleaseId releaseId = ks.newReleaseId("kairos", "rules-" + BUILDS.incrementAndGet(), "1.0.0");
        kfs.generateAndWritePomXML(releaseId);
        List<String> resourcePaths = new ArrayList<>();
        for (Path file : files) {
            String resourcePath = "src/main/resources/" + dir.relativize(file).toString().replace('\\', '/');
            resourcePaths.add(resourcePath);
            try {
                kfs.write(resourcePath, Files.readAllBytes(file));
            } catch (IOException e) {
                throw new RuleBuildException(List.of(file + ": cannot read: " + e.getMessage()));
            }
        }
        KieBuilder builder = ks.newKieBuilder(kfs).buildAll();
        List<String> errors = new ArrayList<>();
        for (Message m : builder.getResults().getMessages(Message.Level.ERROR)) {
            errors.add(location(dir, m) + ": " + m.getText().replace('\n', ' ').trim());
        }
        if (!errors.isEmpty()) {
            ks.getRepository().removeKieModule(releaseId);
            throw new RuleBuildException(errors);
        }
        KieContainer container = ks.newKieContainer(releaseId);
        KieBase kieBase = container.getKieBase();
        ks.getRepository().removeKieModule(releaseId);
        return new RuleBook(kieBase, files.size());
    }

    private static String location(Path dir, Message m) {
        String path = m.getPath();
        String file = path == null ? dir.toString() : dir.resolve(path.replaceFirst("^src/main/resources/", "")).toString();
        return file + ":" + Math.max(m.getLine(), 1) + ":" + Math.max(m.getColumn(), 1);
    }

    static List<Path> drlFiles(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new RuleBuildException(List.of(dir + ": no such folder of rule files (set --rules DIR)"));
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(p -> p.toString().endsWith(".drl") && Files.isRegularFile(p)).sorted().toList();
        } catch (IOException e) {
            throw new RuleBuildException(List.of(dir + ": cannot list: " + e.getMessage()));
        }
    }

    public RuleSession newSession() {
        return new RuleSession(kieBase);
    }

    public int ruleFiles() {
        return ruleFiles;
    }

    public int rules() {
        return rules;
    }
}
