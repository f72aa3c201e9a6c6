package kairos.engine.rules;

import org.kie.api.KieBase;
import org.kie.api.KieBaseConfiguration;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.builder.Message;
import org.kie.api.builder.ReleaseId;
import org.kie.api.runtime.KieContainer;
import org.kie.internal.conf.ConstraintJittingThresholdOption;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A compiled rule set: every {@code *.drl} under a folder (recursively), built at run time with
 * {@link KieFileSystem} so that traders edit rules without recompiling Kairos. Building is pure: a failed build
 * throws {@link RuleBuildException} with {@code file:line:col} locations and leaves any running RuleBook alone.
 */
public final class RuleBook {
    private static final AtomicLong BUILDS = new AtomicLong();
    /** Evaluations before Drools compiles a constraint to bytecode (Drools' default). */
    static final int CONSTRAINT_JIT_THRESHOLD = 20;

    private final KieBase kieBase;
    private final int ruleFiles;
    private final int rules;

    private RuleBook(KieBase kieBase, int ruleFiles) {
        this.kieBase = kieBase;
        this.ruleFiles = ruleFiles;
        this.rules = kieBase.getKiePackages().stream().mapToInt(p -> p.getRules().size()).sum();
    }

    public static RuleBook build(Path dir) {
        return build(dir, CONSTRAINT_JIT_THRESHOLD);
    }

    /** {@link #build(Path)} with another JIT threshold (tests: 0 compiles each constraint at its first evaluation). */
    static RuleBook build(Path dir, int jitThreshold) {
        List<Path> files = drlFiles(dir);
        if (files.isEmpty()) {
            throw new RuleBuildException(List.of(dir + ": no *.drl files (set --rules DIR)"));
        }
        KieServices ks = KieServices.Factory.get();
        KieFileSystem kfs = ks.newKieFileSystem();
        ReleaseId releaseId = ks.newReleaseId("kairos", "rules-" + BUILDS.incrementAndGet(), "1.0.0");
        kfs.generateAndWritePomXML(releaseId);
        List<String> resourcePaths = new ArrayList<>();
        List<String> lint = new ArrayList<>();
        for (Path file : files) {
            String resourcePath = "src/main/resources/" + dir.relativize(file).toString().replace('\\', '/');
            resourcePaths.add(resourcePath);
            try {
                byte[] bytes = Files.readAllBytes(file);
                for (String problem : ConditionLint.check(new String(bytes, java.nio.charset.StandardCharsets.UTF_8))) {
                    lint.add(file + ":" + problem);
                }
                kfs.write(resourcePath, bytes);
            } catch (IOException e) {
                throw new RuleBuildException(List.of(file + ": cannot read: " + e.getMessage()));
            }
        }
        KieBuilder builder = ks.newKieBuilder(kfs).buildAll();
        List<Message> messages = builder.getResults().getMessages(Message.Level.ERROR);
        // a syntax error drops its file's package, and every rule of the package then fails to resolve the
        // declared types: report the syntax errors alone, not the cascade
        List<Message> syntax = messages.stream().filter(m -> m.getText().startsWith("[ERR ")).toList();
        List<String> errors = new ArrayList<>(lint);   // every problem of a build at once: the lint's, then Drools'
        for (Message m : syntax.isEmpty() ? messages : syntax) {
            errors.add(location(dir, m) + ": " + clean(m.getText()));
        }
        if (!errors.isEmpty()) {
            ks.getRepository().removeKieModule(releaseId);
            throw new RuleBuildException(errors);
        }
        KieContainer container = ks.newKieContainer(releaseId);
        // Drools' constraint JIT: after CONSTRAINT_JIT_THRESHOLD evaluations a constraint is compiled to bytecode
        // in the background and the compiled form replaces the interpreted one; a decision then costs about 0.6x.
        // Both forms must agree, or a decision would depend on when the compiler finished. Their one known
        // deviation, NaN < x and NaN <= x taken as true by the compiled form, is kept out by ConditionLint
        // (conditions write Gate.below / Gate.atMost); RuleJitTest holds the two forms equal.
        KieBaseConfiguration conf = ks.newKieBaseConfiguration();
        conf.setOption(ConstraintJittingThresholdOption.get(jitThreshold));
        KieBase kieBase = container.newKieBase(conf);
        ks.getRepository().removeKieModule(releaseId);
        return new RuleBook(kieBase, files.size());
    }

    private static final Pattern PARSER_AT = Pattern.compile("Line (\\d+):(\\d+)");
    private static final Pattern ANALYSIS_AT = Pattern.compile("\\[Line: (\\d+), Column: (\\d+)]");
    private static final Pattern RULE_NAME = Pattern.compile("\\[Rule name='([^']*)']");

    /**
     * {@code file:line:col} of a build message. Drools gives the line of most errors but the column only inside
     * the text of some ("Line 72:55", "[Line: 74, Column: 2]"); an error without a line is placed on its rule's
     * declaration, found by the rule name in the message.
     */
    private static String location(Path dir, Message m) {
        String path = m.getPath();
        Path file = path == null ? dir : dir.resolve(path.replaceFirst("^src/main/resources/", ""));
        int line = m.getLine();
        int col = m.getColumn();
        Matcher at = PARSER_AT.matcher(m.getText());
        Matcher at2 = ANALYSIS_AT.matcher(m.getText());
        if (at.find()) {
            line = Integer.parseInt(at.group(1));
            col = Integer.parseInt(at.group(2)) + 1;
        } else if (at2.find()) {
            line = Integer.parseInt(at2.group(1));
            col = Integer.parseInt(at2.group(2));
        }
        if (line <= 1) {
            Matcher rule = RULE_NAME.matcher(m.getText());
            if (rule.find()) {
                line = ruleLine(file, rule.group(1));
            }
        }
        return file + ":" + Math.max(line, 1) + ":" + Math.max(col, 1);
    }

    private static int ruleLine(Path file, String ruleName) {
        try {
            List<String> lines = Files.readAllLines(file);
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).trim().startsWith("rule \"" + ruleName + "\"")) {
                    return i + 1;
                }
            }
        } catch (IOException e) {
            // no better location than the file
        }
        return 1;
    }

    /** One line: Drools' multi-line text without its caret diagram and rule-name suffix. */
    private static String clean(String text) {
        String s = text.replaceAll("(?s)\\[Near : \\{.*?}]\\s*\\^?", "").replaceAll(" ?: \\[Rule name='[^']*']", "")
                .replaceAll("\\[Line: \\d+, Column: \\d+]", "");
        return s.replaceAll("\\s+", " ").trim();
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
