package kairos.engine.rules;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rule conditions are plain DRL and mean what Java means, NaN included (every ordered comparison with NaN is false,
 * {@code !=} true), whichever form Drools runs: interpreted MVEL, or the bytecode its constraint JIT compiles after
 * a few evaluations. 100 generated scenarios (NaN on either side, values on, just above and just below each
 * boundary) on one KieBase per JIT setting, each rule's firing compared with the same condition in Java.
 */
class PlainComparisonTest {
    /** A rule's condition in DRL on a MarketState (rsi, atr, close from the scenario), and the same in Java. */
    private record Case(String drl, Predicate<double[]> java) {
    }

    private static final Map<String, Case> CASES = new LinkedHashMap<>();

    static {
        add("lt", "rsi < 30", v -> v[0] < 30);
        add("le", "rsi <= 30", v -> v[0] <= 30);
        add("gt", "rsi > 30", v -> v[0] > 30);
        add("ge", "rsi >= 30", v -> v[0] >= 30);
        add("eq", "rsi == 30", v -> v[0] == 30);
        add("ne", "rsi != 30", v -> v[0] != 30);
        add("literal on the left", "30 > rsi", v -> 30 > v[0]);
        add("literal on the left, or equal", "30 >= rsi", v -> 30 >= v[0]);
        add("negated", "!(rsi < 30)", v -> !(v[0] < 30));
        add("negated at most", "!(rsi <= 30)", v -> !(v[0] <= 30));
        add("range", "rsi > 20 && < 40", v -> v[0] > 20 && v[0] < 40);
        add("closed range", "rsi >= 20 && <= 40", v -> v[0] >= 20 && v[0] <= 40);
        add("two fields", "rsi < close", v -> v[0] < v[2]);
        add("two fields, swapped", "close > rsi", v -> v[2] > v[0]);
        add("two fields, at most", "close <= rsi", v -> v[2] <= v[0]);
        add("arithmetic", "rsi * 2 < 60", v -> v[0] * 2 < 60);
        add("arithmetic on the right", "rsi <= atr * 6", v -> v[0] <= v[1] * 6);
        add("a method", "Math.abs(rsi - 30) <= atr", v -> Math.abs(v[0] - 30) <= v[1]);
        add("or", "rsi < 30 || rsi > 70", v -> v[0] < 30 || v[0] > 70);
        add("not in", "rsi not in (30, 40)", v -> v[0] != 30 && v[0] != 40);
        add("feature by name", "feature(\"atr_14\") < 5", v -> v[1] < 5);
    }

    private static void add(String name, String drl, Predicate<double[]> java) {
        CASES.put(name, new Case(drl, java));
    }

    private static final double[] RSI = {Double.NaN, 30, Math.nextUp(30.0), Math.nextDown(30.0), 20, 40, 70, 15, 0, -0.0};
    private static final double[] ATR = {Double.NaN, 0, 5, Math.nextDown(5.0), 10};
    private static final double[] CLOSE = {Double.NaN, 30, 31, 29};

    static List<double[]> scenarios(int n, long seed) {
        Random random = new Random(seed);
        List<double[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new double[] {
                    i % 4 == 0 ? random.nextDouble() * 100 : RSI[random.nextInt(RSI.length)],
                    i % 5 == 0 ? random.nextDouble() * 10 : ATR[random.nextInt(ATR.length)],
                    CLOSE[random.nextInt(CLOSE.length)]});
        }
        out.add(new double[] {Double.NaN, Double.NaN, Double.NaN});
        return out;
    }

    static void writeRules(Path dir) throws IOException {
        StringBuilder drl = new StringBuilder("package t;\nimport kairos.engine.rules.MarketState;\n");
        CASES.forEach((name, c) -> drl.append("rule \"").append(name).append("\" when MarketState(")
                .append(c.drl()).append(") then end\n"));
        // a join: a constraint between two facts (a beta node) with the comparison on the second
        drl.append("rule \"join\" when $a : MarketState(symbol == \"A\") MarketState(symbol == \"B\", rsi < $a.rsi) then end\n");
        Files.writeString(dir.resolve("plain.drl"), drl.toString());
    }

    @Test
    void aHundredScenariosFireExactlyWhereJavaSaysTrueInEveryForm(@TempDir Path dir) throws IOException {
        writeRules(dir);
        List<double[]> scenarios = scenarios(100, 7);
        int nanScenarios = 0;
        for (int threshold : new int[] {0, RuleBook.CONSTRAINT_JIT_THRESHOLD, -1}) {
            try (RuleSession session = RuleBook.build(dir, threshold, null).newSession()) {
                // twice through: the second pass runs after every constraint passed the JIT threshold
                for (int pass = 0; pass < 2; pass++) {
                    for (int i = 0; i < scenarios.size(); i++) {
                        double[] v = scenarios.get(i);
                        MarketState a = state("A", v[2], 30, v[1], v[2]);
                        MarketState b = state("B", v[2], v[0], v[1], v[2]);
                        TreeSet<String> expected = new TreeSet<>();
                        CASES.forEach((name, c) -> {
                            if (c.java().test(v)) {
                                expected.add(name);
                            }
                        });
                        assertThat(new TreeSet<>(session.decide(List.of(b)).rulesFired()))
                                .as("threshold %d, pass %d, rsi %s atr %s close %s", threshold, pass, v[0], v[1], v[2])
                                .isEqualTo(expected);
                        // the join: B's rsi below A's 30
                        assertThat(session.decide(List.of(a, b)).rulesFired().contains("join"))
                                .as("join, threshold %d, rsi %s", threshold, v[0]).isEqualTo(v[0] < 30);
                        nanScenarios += Double.isNaN(v[0]) || Double.isNaN(v[1]) || Double.isNaN(v[2]) ? 1 : 0;
                    }
                }
            }
        }
        assertThat(nanScenarios).as("NaN on either side is exercised").isGreaterThan(100);
    }

    private static MarketState state(String symbol, double close, double rsi, double atr, double open) {
        return new MarketState(symbol, "5m", 0, open, Math.max(open, close), Math.min(open, close), close, 1,
                Map.of(MarketState.RSI, rsi, MarketState.ATR, atr));
    }
}
