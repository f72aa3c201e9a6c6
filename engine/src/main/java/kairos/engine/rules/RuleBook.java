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

import kairos.engine.data.CompiledCache;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
    private final Map<String, String> ruleLocations;

    private RuleBook(KieBase kieBase, int ruleFiles, Map<String, String> ruleLocations) {
        this.kieBase = kieBase;
        this.ruleFiles = ruleFiles;
        this.rules = kieBase.getKiePackages().stream().mapToInt(p -> p.getRules().size()).sum();
        this.ruleLocations = Map.copyOf(ruleLocations);
    }

    private static final Pattern RULE_DECLARATION = Pattern.compile("^\\s*rule\\s+(?:\"([^\"]+)\"|'([^']+)'|(\\S+))");

    /** Rule name to {@code file:line} of its declaration, read from the sources (the first of equal names). */
    private static Map<String, String> ruleLocations(List<Path> files, List<byte[]> sources) {
        Map<String, String> out = new java.util.HashMap<>();
        for (int i = 0; i < files.size(); i++) {
            String[] lines = new String(sources.get(i), StandardCharsets.UTF_8).split("\n", -1);
            for (int n = 0; n < lines.length; n++) {
                Matcher m = RULE_DECLARATION.matcher(lines[n]);
                if (m.find()) {
                    String name = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
                    out.putIfAbsent(name, files.get(i) + ":" + (n + 1));
                }
            }
        }
        return out;
    }

    /** {@code file:line} where rule {@code name} is declared, or null. */
    public String location(String name) {
        return ruleLocations.get(name);
    }

    public static RuleBook build(Path dir) {
        return build(dir, CONSTRAINT_JIT_THRESHOLD);
    }

    /** {@link #build(Path)} with another JIT threshold (tests: 0 compiles each constraint at its first evaluation). */
    static RuleBook build(Path dir, int jitThreshold) {
        return build(dir, jitThreshold, CompiledCache.configured().orElse(null));
    }

    /**
     * Builds the rules under {@code dir}, or loads the rule base compiled from the same files, with the same JIT
     * threshold and the same build of Kairos and Drools, from {@code cache} (null: no cache). Only a build without
     * errors is cached, so a cached entry has passed the lints and Drools' checks exactly as a build would.
     */
    static RuleBook build(Path dir, int jitThreshold, CompiledCache cache) {
        List<Path> files = drlFiles(dir);
        if (files.isEmpty()) {
            throw new RuleBuildException(List.of(dir + ": no *.drl files (set --rules DIR)"));
        }
        List<byte[]> sources = new ArrayList<>();
        for (Path file : files) {
            try {
                sources.add(Files.readAllBytes(file));
            } catch (IOException e) {
                throw new RuleBuildException(List.of(file + ": cannot read: " + e.getMessage()));
            }
        }
        String key = cacheKey(dir, files, sources, jitThreshold);
        KieBase built = IN_MEMORY.get(key);
        if (built != null) {
            if (cache != null && !Files.exists(cache.file(CACHE_KIND, key))) {
                store(cache, key, built); // built in this process before the cache was there: a later process finds it
            }
            return new RuleBook(built, files.size(), ruleLocations(files, sources));
        }
        if (cache != null) {
            Optional<byte[]> cached = cache.read(CACHE_KIND, key);
            if (cached.isPresent()) {
                try {
                    KieBase loaded = CompiledRuleBase.read(cached.get(), jitThreshold);
                    remember(key, loaded);
                    return new RuleBook(loaded, files.size(), ruleLocations(files, sources));
                } catch (IOException | ClassNotFoundException | RuntimeException | LinkageError e) {
                    cache.corrupt(cache.file(CACHE_KIND, key), "its rule base does not load (" + e + ")");
                }
            }
        }
        RuleBook book = compile(dir, files, sources, jitThreshold);
        remember(key, book.kieBase);
        if (cache != null) {
            store(cache, key, book.kieBase);
        }
        return book;
    }

    private static void store(CompiledCache cache, String key, KieBase kieBase) {
        try {
            cache.write(CACHE_KIND, key, CompiledRuleBase.write(kieBase), CACHE_KEEP);
        } catch (IOException | RuntimeException e) {
            // not cacheable (an unusual rule set): the next command compiles again
            org.slf4j.LoggerFactory.getLogger(RuleBook.class).debug("rule base not cached: {}", e.toString());
        }
    }

    /**
     * Rule bases built or loaded in this process, by key: a second build of the same files (a command that checks the
     * rules and then runs them, a warm-up on another thread) takes the same KieBase, which serves any number of
     * sessions. The last {@value #IN_MEMORY_KEEP} are kept.
     */
    private static final Map<String, KieBase> IN_MEMORY = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, KieBase> eldest) {
                    return size() > IN_MEMORY_KEEP;
                }
            });
    static final int IN_MEMORY_KEEP = 8;

    private static void remember(String key, KieBase kieBase) {
        IN_MEMORY.put(key, kieBase);
    }

    /**
     * Forgets the rule bases of this process, as a new process would: for tests of the compiled cache, and for
     * benchmarks of the build itself (else a second build of the same files is a lookup).
     */
    public static void forgetBuilt() {
        IN_MEMORY.clear();
    }

    /** Entries of {@link CompiledCache} holding compiled rule bases; the last {@value #CACHE_KEEP} rule sets stay. */
    static final String CACHE_KIND = "rules";
    static final int CACHE_KEEP = 16;

    private static String cacheKey(Path dir, List<Path> files, List<byte[]> sources, int jitThreshold) {
        List<byte[]> parts = new ArrayList<>();
        parts.add(("drools rule base, constraint JIT threshold " + jitThreshold).getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < files.size(); i++) {
            parts.add(dir.relativize(files.get(i)).toString().replace('\\', '/').getBytes(StandardCharsets.UTF_8));
            parts.add(sources.get(i));
        }
        return CompiledCache.key(parts);
    }

    private static RuleBook compile(Path dir, List<Path> files, List<byte[]> sources, int jitThreshold) {
        KieServices ks = KieServices.Factory.get();
        KieFileSystem kfs = ks.newKieFileSystem();
        ReleaseId releaseId = ks.newReleaseId("kairos", "rules-" + BUILDS.incrementAndGet(), "1.0.0");
        kfs.generateAndWritePomXML(releaseId);
        List<String> lint = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            Path file = files.get(i);
            byte[] bytes = sources.get(i);
            String resourcePath = "src/main/resources/" + dir.relativize(file).toString().replace('\\', '/');
            String text = new String(bytes, StandardCharsets.UTF_8);
            for (String problem : FeatureNameLint.check(text)) {
                lint.add(file + ":" + problem);
            }
            kfs.write(resourcePath, bytes);
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
        KieBaseConfiguration conf = ks.newKieBaseConfiguration();
        conf.setOption(ConstraintJittingThresholdOption.get(-1));
        KieBase built = container.newKieBase(conf);
        ks.getRepository().removeKieModule(releaseId);
        // Drools' constraint JIT: after CONSTRAINT_JIT_THRESHOLD evaluations a constraint is compiled to bytecode
        // in the background and the compiled form replaces the interpreted one; a decision then costs about 0.6x.
        // Both forms must agree, or a decision would depend on when the compiler finished. The compiled form takes
        // NaN < x as true: the rule base runs on a class loader that corrects it (NanSafeConstraints), which the
        // container does not take, so the built packages are loaded once more into one, as the compiled cache loads
        // them. RuleJitTest and PlainComparisonTest hold the two forms equal to Java.
        KieBase kieBase;
        try {
            kieBase = CompiledRuleBase.read(CompiledRuleBase.write(built), jitThreshold);
        } catch (IOException | ClassNotFoundException | RuntimeException | LinkageError e) {
            // a rule set Drools cannot serialise: run it interpreted, which compares as Java does, only slower
            org.slf4j.LoggerFactory.getLogger(RuleBook.class).warn("rule base runs without the constraint JIT: {}", e.toString());
            kieBase = built;
        }
        return new RuleBook(kieBase, files.size(), ruleLocations(files, sources));
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

    /** A new session with the default decision budget ({@link RuleSession#setDefaultBudget}). */
    public RuleSession newSession() {
        return new RuleSession(kieBase, ruleLocations, RuleSession.defaultBudget());
    }

    /** A new session with its own decision budget (zero: none). */
    public RuleSession newSession(java.time.Duration budget) {
        return new RuleSession(kieBase, ruleLocations, budget);
    }

    /** The compiled rules (tests). */
    KieBase kieBase() {
        return kieBase;
    }

    public int ruleFiles() {
        return ruleFiles;
    }

    public int rules() {
        return rules;
    }
}
