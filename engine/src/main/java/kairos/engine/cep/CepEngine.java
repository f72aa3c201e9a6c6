package kairos.engine.cep;

import com.espertech.esper.common.client.EPCompiled;
import com.espertech.esper.common.client.EventBean;
import com.espertech.esper.common.client.configuration.Configuration;
import com.espertech.esper.common.client.module.Module;
import com.espertech.esper.common.client.module.ModuleItem;
import com.espertech.esper.common.client.module.ParseException;
import com.espertech.esper.compiler.client.CompilerArguments;
import com.espertech.esper.compiler.client.EPCompileException;
import com.espertech.esper.compiler.client.EPCompileExceptionItem;
import com.espertech.esper.compiler.client.EPCompiler;
import com.espertech.esper.compiler.client.EPCompilerProvider;
import com.espertech.esper.runtime.client.EPDeployException;
import com.espertech.esper.runtime.client.EPDeployment;
import com.espertech.esper.runtime.client.EPRuntime;
import com.espertech.esper.runtime.client.EPRuntimeProvider;
import com.espertech.esper.runtime.client.EPStatement;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The Esper runtime of one kernel, in external-clock mode: time moves only when the kernel calls
 * {@link #advanceTime(long)} with event time, so replays are deterministic. Loads every {@code *.epl} module
 * under a folder (recursively, in path order); every statement with an {@code @Name} that selects a
 * {@code symbol} column emits a {@link PatternFact} to the sink.
 */
public final class CepEngine implements AutoCloseable {
    private static final AtomicLong INSTANCES = new AtomicLong();

    private final EPRuntime runtime;
    private final Consumer<PatternFact> sink;
    private final List<String> statementNames = new ArrayList<>();

    private CepEngine(EPRuntime runtime, Consumer<PatternFact> sink) {
        this.runtime = runtime;
        this.sink = sink;
    }

    /** Event types every EPL module may use. */
    public static Configuration configuration() {
        Configuration config = new Configuration();
        config.getCommon().addEventType(BarClosed.class);
        config.getRuntime().getThreading().setInternalTimerEnabled(false);
        config.getRuntime().getLogging().setEnableExecutionDebug(false);
        return config;
    }

    /**
     * Compiles and deploys every module under {@code dir}. Throws {@link CepException} naming file and line
     * when any module fails; then nothing is deployed.
     */
    public static CepEngine load(Path dir, long startTime, Consumer<PatternFact> sink) {
        Configuration config = configuration();
        List<EPCompiled> compiled = compileAll(dir, config);
        EPRuntime runtime = EPRuntimeProvider.getRuntime("kairos-cep-" + INSTANCES.incrementAndGet(), config);
        runtime.getEventService().clockExternal();
        runtime.getEventService().advanceTime(startTime);
        CepEngine engine = new CepEngine(runtime, sink);
        try {
            for (EPCompiled c : compiled) {
                engine.attach(runtime.getDeploymentService().deploy(c));
            }
        } catch (EPDeployException e) {
            runtime.destroy();
            throw new CepException(List.of(dir + ": deployment failed: " + e.getMessage()));
        }
        return engine;
    }

    /** Compiles every module under {@code dir} without deploying it (used by checks and hot reload). */
    public static List<EPCompiled> compileAll(Path dir, Configuration config) {
        List<Path> files = eplFiles(dir);
        EPCompiler compiler = EPCompilerProvider.getCompiler();
        List<EPCompiled> done = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (Path file : files) {
            try {
                Module module = compiler.readModule(file.toFile());
                CompilerArguments args = new CompilerArguments(config);
                args.getPath().addAll(done);
                done.add(compiler.compile(module, args));
            } catch (ParseException e) {
                errors.add(file + ": " + e.getMessage());
            } catch (EPCompileException e) {
                errors.addAll(describe(file, compilerSafeModule(compiler, file), e));
            } catch (IOException e) {
                errors.add(file + ": cannot read: " + e.getMessage());
            }
        }
        if (!errors.isEmpty()) {
            throw new CepException(errors);
        }
        return done;
    }

    private static Module compilerSafeModule(EPCompiler compiler, Path file) {
        try {
            return compiler.readModule(file.toFile());
        } catch (IOException | ParseException e) {
            return null;
        }
    }

    private static List<String> describe(Path file, Module module, EPCompileException e) {
        List<String> out = new ArrayList<>();
        List<EPCompileExceptionItem> items = e.getItems();
        if (items == null || items.isEmpty()) {
            out.add(file + ": " + e.getMessage());
            return out;
        }
        for (EPCompileExceptionItem item : items) {
            int line = item.getLineNumber();
            if (module != null) {
                line = moduleLine(module, item.getExpression(), line);
            }
            out.add(file + ":" + line + ": " + item.getMessage());
        }
        return out;
    }

    /** Esper numbers lines within the failing statement; map that back to the line in the file. */
    private static int moduleLine(Module module, String expression, int lineInStatement) {
        for (ModuleItem item : module.getItems()) {
            if (item.getExpression() != null && item.getExpression().equals(expression)) {
                Integer start = item.getLineNumber();
                if (start != null) {
                    return start + Math.max(lineInStatement, 1) - 1;
                }
            }
        }
        return Math.max(lineInStatement, 1);
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

    private void attach(EPDeployment deployment) {
        for (EPStatement statement : deployment.getStatements()) {
            String name = statement.getName();
            if (statement.getEventType() == null || !statement.getEventType().isProperty("symbol")) {
                continue;
            }
            statementNames.add(name);
            statement.addListener((newData, oldData, stmt, rt) -> emit(name, newData, rt.getEventService().getCurrentTime()));
        }
    }

    private void emit(String name, EventBean[] rows, long now) {
        if (rows == null) {
            return;
        }
        for (EventBean row : rows) {
            Map<String, Object> attributes = new LinkedHashMap<>();
            for (String property : row.getEventType().getPropertyNames()) {
                Object value = row.get(property);
                if (value instanceof Number || value instanceof String || value instanceof Boolean) {
                    attributes.put(property, value);
                }
            }
            Object symbol = attributes.remove("symbol");
            sink.accept(new PatternFact(name, symbol == null ? null : symbol.toString(), now, attributes));
        }
    }

    /** Moves Esper's clock to event time; timers due by then fire first. Never goes backwards. */
    public void advanceTime(long time) {
        if (time > runtime.getEventService().getCurrentTime()) {
            runtime.getEventService().advanceTime(time);
        }
    }

    public void send(BarClosed event) {
        runtime.getEventService().sendEventBean(event, "BarClosed");
    }

    /** Names of the deployed statements that emit patterns, in deployment order. */
    public List<String> statementNames() {
        return List.copyOf(statementNames);
    }

    @Override
    public void close() {
        runtime.destroy();
    }
}
