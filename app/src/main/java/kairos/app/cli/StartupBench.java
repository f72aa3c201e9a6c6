package kairos.app.cli;

import kairos.engine.data.FileTrees;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code kairos bench startup}: the wall time of the everyday commands as a user runs them — through the launcher, a
 * new JVM each — with the start-up caches (the JVM's AOT cache and the compiled rule/EPL cache) and without them,
 * rounds interleaved so both see the same machine load; and where the time goes inside each run (the
 * {@code KAIROS_TIMINGS} phases). A benchmark, never a test; {@code docs/performance.md} has the figures.
 */
@Command(name = "startup", mixinStandardHelpOptions = true,
        description = {"Measures the wall time of ./kairos --help, ./kairos rules check and a 2-day backtest, each in a",
                "new JVM through the launcher, with the start-up caches (AOT cache, compiled rules and EPL) and",
                "without (KAIROS_AOT=off KAIROS_CACHE=off), rounds interleaved; prints the median of each and the",
                "median of each phase (KAIROS_TIMINGS=1). Uses the default store's bundled Bybit data."})
public final class StartupBench implements Callable<Integer> {
    @Option(names = "--rounds", defaultValue = "5", description = "Rounds of every command in every variant (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--from", defaultValue = "2025-06-01", description = "Backtest start (default: ${DEFAULT-VALUE}).")
    String from;

    @Option(names = "--to", defaultValue = "2025-06-03", description = "Backtest end, exclusive (default: ${DEFAULT-VALUE}).")
    String to;

    private static final Pattern PHASE = Pattern.compile("([A-Za-z][A-Za-z ()]*?) ([0-9.]+) s");

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (rounds < 1) {
            throw new UserError("--rounds must be >= 1");
        }
        Path launcher = KairosHome.resolve("kairos");
        if (!Files.isExecutable(launcher)) {
            throw new UserError(launcher + ": no launcher to measure (bench startup runs ./kairos as a user does)");
        }
        Path scratch = Files.createTempDirectory("kairos-bench-startup");
        Map<String, List<String>> commands = new LinkedHashMap<>();
        commands.put("--help", List.of("--help"));
        commands.put("rules check", List.of("rules", "check"));
        commands.put("backtest " + from + " .. " + to, List.of("backtest", "--from", from, "--to", to, "--out",
                scratch.resolve("bt").toString()));
        Map<String, Map<String, String>> variants = new LinkedHashMap<>();
        variants.put("with caches", Map.of());
        variants.put("without", Map.of("KAIROS_AOT", "off", "KAIROS_CACHE", "off"));
        System.out.println("bench startup: " + rounds + " rounds, load average " + loadAverage());
        // one untimed run of each so the jar, the AOT cache and the compiled cache exist before measuring
        for (List<String> args : commands.values()) {
            run(launcher, args, Map.of());
        }
        Map<String, List<Double>> wall = new TreeMap<>();
        Map<String, Map<String, List<Double>>> phases = new TreeMap<>();
        for (int round = 1; round <= rounds; round++) {
            for (Map.Entry<String, List<String>> c : commands.entrySet()) {
                for (Map.Entry<String, Map<String, String>> v : variants.entrySet()) {
                    Run r = run(launcher, c.getValue(), v.getValue());
                    String key = c.getKey() + " | " + v.getKey();
                    wall.computeIfAbsent(key, k -> new ArrayList<>()).add(r.seconds());
                    r.phases().forEach((name, secs) -> phases.computeIfAbsent(key, k -> new LinkedHashMap<>())
                            .computeIfAbsent(name, k -> new ArrayList<>()).add(secs));
                    System.out.printf(Locale.ROOT, "  round %d: %-32s %-12s %6.2f s wall (exit %d)%n", round, c.getKey(),
                            v.getKey(), r.seconds(), r.exit());
                }
            }
        }
        System.out.println("median wall time (s), and the median of each phase:");
        for (String c : commands.keySet()) {
            for (String v : variants.keySet()) {
                String key = c + " | " + v;
                StringBuilder p = new StringBuilder();
                phases.getOrDefault(key, Map.of()).forEach((name, values) -> p.append(p.isEmpty() ? "" : ", ")
                        .append(String.format(Locale.ROOT, "%s %.2f", name, median(values))));
                System.out.printf(Locale.ROOT, "  %-32s %-12s %6.2f   %s%n", c, v, median(wall.get(key)), p);
            }
        }
        System.out.println("load average at the end " + loadAverage());
        FileTrees.deleteTree(scratch);
        return 0;
    }

    private record Run(double seconds, int exit, Map<String, Double> phases) {
    }

    private static Run run(Path launcher, List<String> args, Map<String, String> env) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(launcher.toString());
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(env);
        pb.environment().put("KAIROS_TIMINGS", "1");
        long t0 = System.nanoTime();
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = p.waitFor();
        double seconds = (System.nanoTime() - t0) / 1e9;
        Map<String, Double> phases = new LinkedHashMap<>();
        for (String line : output.split("\n")) {
            if (line.startsWith("kairos: timings: ")) {
                Matcher m = PHASE.matcher(line.substring("kairos: timings: ".length()));
                while (m.find()) {
                    phases.put(m.group(1).trim(), Double.parseDouble(m.group(2)));
                }
            }
        }
        return new Run(seconds, exit, phases);
    }

    private static double median(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return v.length == 0 ? Double.NaN : v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+", 4)[0];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
