package kairos.engine.cep;

import com.espertech.esper.common.client.EPCompiled;
import com.espertech.esper.common.client.module.Module;
import com.espertech.esper.common.client.module.ModuleItem;
import com.espertech.esper.common.client.module.ParseException;
import com.espertech.esper.compiler.client.CompilerArguments;
import com.espertech.esper.compiler.client.EPCompileException;
import com.espertech.esper.compiler.client.EPCompileExceptionItem;
import com.espertech.esper.compiler.client.EPCompiler;
import com.espertech.esper.compiler.client.EPCompilerProvider;
import com.espertech.esper.runtime.client.EPDeployment;
import com.espertech.esper.runtime.client.EPRuntime;

import com.espertech.esper.common.client.EPCompiledManifest;
import kairos.engine.data.CompiledCache;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The EPL modules deployed in one runtime, in path order, each with the text it was compiled from. A module may
 * use streams, windows, tables and variables of the modules before it, so a reload keeps the unchanged prefix
 * and redeploys from the first changed file on. Immutable; {@link Plan}s are built off the kernel thread.
 */
public final class CepModules {
    static final CepModules EMPTY = new CepModules(List.of());

    /** One deployed module: its file, its text, what it compiled to and its deployment id. */
    public record Module(Path file, String text, EPCompiled compiled, String deploymentId) {
    }

    private final List<Module> modules;

    private CepModules(List<Module> modules) {
        this.modules = List.copyOf(modules);
    }

    public List<Module> modules() {
        return modules;
    }

    /**
     * Reads and compiles the modules under {@code dir} that differ from the deployed ones (and every module after
     * the first difference). Thread-safe: it touches no runtime.
     *
     * @throws CepException listing {@code file:line: message} for every module that fails; nothing changes
     */
    Plan plan(Path dir) {
        List<Path> files = eplFiles(dir);
        List<String> texts = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (Path f : files) {
            try {
                texts.add(Files.readString(f));
            } catch (IOException e) {
                errors.add(f + ": cannot read: " + e.getMessage());
                texts.add("");
            }
        }
        if (!errors.isEmpty()) {
            throw new CepException(errors);
        }
        int keep = 0;
        while (keep < modules.size() && keep < files.size() && modules.get(keep).file().equals(files.get(keep))
                && modules.get(keep).text().equals(texts.get(keep))) {
            keep++;
        }
        EPCompiler compiler = EPCompilerProvider.getCompiler();
        CompiledCache cache = CompiledCache.configured().orElse(null);
        List<EPCompiled> path = new ArrayList<>();
        for (int i = 0; i < keep; i++) {
            path.add(modules.get(i).compiled());
        }
        List<Module> fresh = new ArrayList<>();
        for (int i = keep; i < files.size(); i++) {
            Path file = files.get(i);
            String text = texts.get(i);
            String key = cacheKey(files, texts, i);
            EPCompiled cached = COMPILED.get(key);
            if (cached == null && cache != null) {
                cached = fromDisk(cache, key);
                if (cached != null && COMPILED.size() < 512) {
                    COMPILED.put(key, cached);
                }
            }
            if (cached != null) {
                path.add(cached);
                fresh.add(new Module(file, text, cached, null));
                continue;
            }
            try {
                com.espertech.esper.common.client.module.Module module = compiler.parseModule(text);
                module.setUri(file.toString());
                CompilerArguments args = new CompilerArguments(CepEngine.configuration());
                args.getPath().addAll(path);
                EPCompiled compiled = compiler.compile(module, args);
                COMPILES.incrementAndGet();
                path.add(compiled);
                if (COMPILED.size() < 512) {
                    COMPILED.put(key, compiled);
                }
                if (cache != null) {
                    toDisk(cache, key, compiled);
                }
                fresh.add(new Module(file, text, compiled, null));
            } catch (ParseException e) {
                errors.add(file + ":" + parseLine(e) + ": " + e.getMessage());
            } catch (EPCompileException e) {
                errors.addAll(describe(file, text, compiler, e));
            } catch (IOException e) {
                errors.add(file + ": cannot read: " + e.getMessage());
            }
        }
        if (!errors.isEmpty()) {
            throw new CepException(errors);
        }
        return new Plan(this, keep, fresh, modules.size() == keep && fresh.isEmpty());
    }

    /**
     * Compiled modules by the text of the module and of every module before it (what it may depend on), so a
     * process that loads the same folder twice (tests, {@code rules check} then a run) compiles it once.
     */
    private static final java.util.concurrent.ConcurrentHashMap<String, EPCompiled> COMPILED = new java.util.concurrent.ConcurrentHashMap<>();
    /** Modules actually compiled in this process (neither in memory nor on disk before): for tests. */
    static final java.util.concurrent.atomic.AtomicLong COMPILES = new java.util.concurrent.atomic.AtomicLong();

    /** Forgets the modules compiled in this process, as a new process would (tests of the disk cache). */
    static void forgetCompiled() {
        COMPILED.clear();
    }

    private static String cacheKey(List<Path> files, List<String> texts, int upTo) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i <= upTo; i++) {
            sb.append(files.get(i)).append('\u0000').append(texts.get(i)).append('\u0001');
        }
        return sb.toString();
    }

    /**
     * Entries of {@link CompiledCache} holding compiled EPL modules, one per module (its key covers the modules
     * before it); {@value #CACHE_KEEP} modules are about a dozen versions of the shipped folder.
     */
    static final String CACHE_KIND = "epl";
    static final int CACHE_KEEP = 256;

    /** The module compiled for {@code key} by an earlier process, or null. */
    private static EPCompiled fromDisk(CompiledCache cache, String key) {
        String diskKey = diskKey(key);
        Optional<byte[]> bytes = cache.read(CACHE_KIND, diskKey);
        if (bytes.isEmpty()) {
            return null;
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes.get()))) {
            EPCompiledManifest manifest = EPCompiledManifest.read(in);
            int count = in.readInt();
            Map<String, byte[]> classes = new LinkedHashMap<>();
            for (int i = 0; i < count; i++) {
                String name = in.readUTF();
                int length = in.readInt();
                byte[] code = in.readNBytes(length);
                if (length < 0 || code.length != length) {
                    throw new IOException("class " + name + " is cut short");
                }
                classes.put(name, code);
            }
            if (in.read() != -1) {
                throw new IOException("trailing bytes after the classes");
            }
            return new EPCompiled(classes, manifest);
        } catch (IOException | RuntimeException e) {
            cache.corrupt(cache.file(CACHE_KIND, diskKey), "its compiled module does not load (" + e + ")");
            return null;
        }
    }

    private static void toDisk(CompiledCache cache, String key, EPCompiled compiled) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            compiled.getManifest().write(out);
            Map<String, byte[]> classes = new TreeMap<>(compiled.getClasses());
            out.writeInt(classes.size());
            for (Map.Entry<String, byte[]> c : classes.entrySet()) {
                out.writeUTF(c.getKey());
                out.writeInt(c.getValue().length);
                out.write(c.getValue());
            }
        } catch (IOException e) {
            return; // a byte array does not fail
        }
        cache.write(CACHE_KIND, diskKey(key), bytes.toByteArray(), CACHE_KEEP);
    }

    /** The on-disk key of a module: its text and path and those of every module before it, and the build. */
    private static String diskKey(String key) {
        return CompiledCache.key(List.of("esper module".getBytes(StandardCharsets.UTF_8),
                key.getBytes(StandardCharsets.UTF_8)));
    }

    private static int parseLine(ParseException e) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("line (\\d+)").matcher(String.valueOf(e.getMessage()));
        return m.find() ? Integer.parseInt(m.group(1)) : 1;
    }

    private static List<String> describe(Path file, String text, EPCompiler compiler, EPCompileException e) {
        List<String> out = new ArrayList<>();
        com.espertech.esper.common.client.module.Module module;
        try {
            module = compiler.parseModule(text);
        } catch (IOException | ParseException ex) {
            module = null;
        }
        List<EPCompileExceptionItem> items = e.getItems();
        if (items == null || items.isEmpty()) {
            out.add(file + ":1: " + e.getMessage());
            return out;
        }
        for (EPCompileExceptionItem item : items) {
            int line = module == null ? Math.max(item.getLineNumber(), 1) : moduleLine(module, item);
            out.add(file + ":" + line + ": " + item.getMessage());
        }
        return out;
    }

    /** Esper numbers lines within the failing statement; map that back to the line in the file. */
    private static int moduleLine(com.espertech.esper.common.client.module.Module module, EPCompileExceptionItem item) {
        for (ModuleItem mi : module.getItems()) {
            boolean same = mi.getExpression() != null && (mi.getExpression().equals(item.getExpression())
                    || mi.getExpression().strip().equals(String.valueOf(item.getExpression()).strip())
                    || mi.getLineNumber() == item.getLineNumber());
            if (same) {
                int start = mi.getLineNumber();
                String epl = mi.getExpression();
                // a validation error names the expression it failed on: point at the line holding it
                java.util.regex.Matcher quoted = java.util.regex.Pattern.compile("'([^']{2,})'").matcher(String.valueOf(item.getMessage()));
                while (quoted.find()) {
                    int at = epl.indexOf(quoted.group(1));
                    if (at >= 0) {
                        return start + (int) epl.substring(0, at).chars().filter(c -> c == '\n').count();
                    }
                }
                return start;
            }
        }
        return Math.max(item.getLineNumber(), 1);
    }

    static List<Path> eplFiles(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new CepException(List.of(dir + ": no such folder of EPL modules (set --cep DIR)"));
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(p -> p.toString().endsWith(".epl") && Files.isRegularFile(p)).sorted().toList();
        } catch (IOException e) {
            throw new CepException(List.of(dir + ": cannot list: " + e.getMessage()));
        }
    }

    /** What a reload will do: keep the first {@code keep} deployed modules and deploy {@code fresh} after them. */
    public static final class Plan {
        private final CepModules base;
        private final int keep;
        private final List<Module> fresh;
        private final boolean unchanged;

        Plan(CepModules base, int keep, List<Module> fresh, boolean unchanged) {
            this.base = base;
            this.keep = keep;
            this.fresh = List.copyOf(fresh);
            this.unchanged = unchanged;
        }

        /** The modules this plan was compiled against. */
        CepModules base() {
            return base;
        }

        /** True when no file changed: applying it does nothing. */
        public boolean unchanged() {
            return unchanged;
        }

        /** The module files this plan (re)deploys. */
        public List<Path> files() {
            return fresh.stream().map(Module::file).toList();
        }

        List<EPCompiled> compiledAll() {
            return fresh.stream().map(Module::compiled).toList();
        }

        /**
         * Undeploys the changed suffix of {@code current} (last first) and deploys the fresh modules. When a
         * deployment fails the old suffix is deployed again and the error thrown: the runtime ends as it began
         * (with fresh state in the redeployed old modules).
         */
        CepModules deploy(EPRuntime runtime, CepModules current, Consumer<EPDeployment> attach) {
            if (unchanged) {
                return current;
            }
            List<Module> kept = new ArrayList<>(current.modules.subList(0, keep));
            List<Module> old = current.modules.subList(keep, current.modules.size());
            for (int i = old.size() - 1; i >= 0; i--) {
                CepEngine.undeploy(runtime, old.get(i).deploymentId());
            }
            List<Module> deployed = new ArrayList<>();
            try {
                for (Module m : fresh) {
                    EPDeployment d = CepEngine.deploy(runtime, m.compiled(), m.file());
                    attach.accept(d);
                    deployed.add(new Module(m.file(), m.text(), m.compiled(), d.getDeploymentId()));
                }
            } catch (CepException e) {
                for (int i = deployed.size() - 1; i >= 0; i--) {
                    CepEngine.undeploy(runtime, deployed.get(i).deploymentId());
                }
                for (Module m : old) {
                    EPDeployment d = CepEngine.deploy(runtime, m.compiled(), m.file());
                    attach.accept(d);
                    kept.add(new Module(m.file(), m.text(), m.compiled(), d.getDeploymentId()));
                }
                throw e;
            }
            kept.addAll(deployed);
            return new CepModules(kept);
        }

        @Override
        public String toString() {
            return "reload of " + Arrays.toString(files().toArray());
        }
    }
}
