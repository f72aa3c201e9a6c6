package kairos.engine.rules;

import kairos.engine.testing.ProjectDirs;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kairos runs Drools' constraint JIT: a constraint is interpreted (MVEL) for its first evaluations and compiled to
 * bytecode after that, in the background. A decision must not depend on which form ran, so the two must agree.
 */
class RuleJitTest {

    /**
     * Every scenario's facts, the same facts with every feature NaN (warming up) and with each feature NaN in turn
     * (so that triggers still fire and the filters meet the NaN), decided on a rule book that
     * compiles each constraint at its first evaluation and on one that never compiles: the same rules fire, with
     * the same vetoes and proposals.
     */
    @Test
    void compiledAndInterpretedConstraintsDecideTheSame() {
        List<List<Object>> facts = new ArrayList<>();
        List<Boolean> variant = new ArrayList<>();
        for (List<Object> f : RuleScenarios.allFacts(ProjectDirs.rules().resolve("tests"))) {
            facts.add(f);
            variant.add(false);
            facts.add(withNaNFeatures(f, null));
            variant.add(true);
            // one feature NaN at a time: the trigger still fires and the filter reading it meets the NaN
            for (String feature : features(f)) {
                facts.add(withNaNFeatures(f, feature));
                variant.add(true);
            }
        }
        try (RuleSession compiled = RuleBook.build(ProjectDirs.rules(), 0).newSession();
             RuleSession interpreted = RuleBook.build(ProjectDirs.rules(), -1).newSession()) {
            int nanVetoes = 0;
            for (int i = 0; i < facts.size(); i++) {
                String c = summary(compiled.decide(facts.get(i)));
                assertThat(c).as("fact set %d", i).isEqualTo(summary(interpreted.decide(facts.get(i))));
                nanVetoes += variant.get(i) && c.contains("NaN") ? 1 : 0;
            }
            assertThat(nanVetoes).as("the NaN variants reach the filters").isGreaterThan(100);
        }
    }

    /**
     * What Drools' constraint JIT gets wrong and {@link NanSafeConstraints} corrects: it branches on a double
     * comparison after {@code DCMPL}, which takes NaN as "less", so {@code NaN < x} and {@code NaN <= x} came out
     * true. A method compiled the way the JIT compiles, before and after the patch; {@code >} is left alone.
     */
    @Test
    void thePatchGivesTheJitsLessThanJavasMeaning() throws ReflectiveOperationException {
        byte[] jitted = compareClass("ConditionEvaluatorProbe");
        Class<?> raw = define("ConditionEvaluatorProbe", jitted);
        Class<?> patched = define("ConditionEvaluatorProbe", NanSafeConstraints.patch(jitted));
        double nan = Double.NaN;
        assertThat(call(raw, "lt", nan, 1)).as("the JIT's own form: NaN < 1").isTrue();
        assertThat(call(raw, "le", 1, nan)).as("the JIT's own form: 1 <= NaN").isTrue();
        for (String op : new String[] {"lt", "le", "gt", "ge"}) {
            assertThat(call(patched, op, nan, 1)).as(op + "(NaN, 1)").isFalse();
            assertThat(call(patched, op, 1, nan)).as(op + "(1, NaN)").isFalse();
            assertThat(call(patched, op, nan, nan)).as(op + "(NaN, NaN)").isFalse();
        }
        assertThat(call(patched, "lt", 1, 2)).isTrue();
        assertThat(call(patched, "lt", 2, 2)).isFalse();
        assertThat(call(patched, "le", 2, 2)).isTrue();
        assertThat(call(patched, "gt", 3, 2)).isTrue();
        assertThat(call(patched, "ge", 2, 2)).isTrue();
        assertThat(call(patched, "ltFloat", nan, 1)).isFalse();
        assertThat(call(patched, "ltFloat", 0.5, 1)).isTrue();
    }

    /** A class with static {@code lt/le/gt/ge(double, double)} and {@code ltFloat} branching as the JIT does. */
    private static byte[] compareClass(String name) {
        org.mvel2.asm.ClassWriter cw = new org.mvel2.asm.ClassWriter(org.mvel2.asm.ClassWriter.COMPUTE_FRAMES);
        cw.visit(org.mvel2.asm.Opcodes.V11, org.mvel2.asm.Opcodes.ACC_PUBLIC, name, null, "java/lang/Object", null);
        String[] names = {"lt", "le", "gt", "ge", "ltFloat"};
        int[] branches = {org.mvel2.asm.Opcodes.IFLT, org.mvel2.asm.Opcodes.IFLE, org.mvel2.asm.Opcodes.IFGT,
                org.mvel2.asm.Opcodes.IFGE, org.mvel2.asm.Opcodes.IFLT};
        for (int i = 0; i < names.length; i++) {
            org.mvel2.asm.MethodVisitor mv = cw.visitMethod(org.mvel2.asm.Opcodes.ACC_PUBLIC | org.mvel2.asm.Opcodes.ACC_STATIC,
                    names[i], "(DD)Z", null, null);
            mv.visitCode();
            mv.visitVarInsn(org.mvel2.asm.Opcodes.DLOAD, 0);
            if (i == 4) {
                mv.visitInsn(org.mvel2.asm.Opcodes.D2F);
            }
            mv.visitVarInsn(org.mvel2.asm.Opcodes.DLOAD, 2);
            if (i == 4) {
                mv.visitInsn(org.mvel2.asm.Opcodes.D2F);
            }
            mv.visitInsn(i == 4 ? org.mvel2.asm.Opcodes.FCMPL : org.mvel2.asm.Opcodes.DCMPL);
            org.mvel2.asm.Label yes = new org.mvel2.asm.Label();
            mv.visitJumpInsn(branches[i], yes);
            mv.visitInsn(org.mvel2.asm.Opcodes.ICONST_0);
            mv.visitInsn(org.mvel2.asm.Opcodes.IRETURN);
            mv.visitLabel(yes);
            mv.visitInsn(org.mvel2.asm.Opcodes.ICONST_1);
            mv.visitInsn(org.mvel2.asm.Opcodes.IRETURN);
            mv.visitMaxs(0, 0);
            mv.visitEnd();
        }
        cw.visitEnd();
        return cw.toByteArray();
    }

    private static Class<?> define(String name, byte[] bytes) {
        return new ClassLoader(RuleJitTest.class.getClassLoader()) {
            Class<?> define() {
                return defineClass(name, bytes, 0, bytes.length);
            }
        }.define();
    }

    private static boolean call(Class<?> c, String method, double a, double b) throws ReflectiveOperationException {
        return (boolean) c.getMethod(method, double.class, double.class).invoke(null, a, b);
    }

    private static List<String> features(List<Object> facts) {
        return facts.stream().filter(f -> f instanceof MarketState).findFirst()
                .map(m -> List.copyOf(new java.util.TreeSet<>(((MarketState) m).getFeatures().keySet()))).orElse(List.of());
    }

    /** The facts with feature {@code only} NaN, or every feature when {@code only} is null. */
    private static List<Object> withNaNFeatures(List<Object> facts, String only) {
        List<Object> out = new ArrayList<>();
        for (Object f : facts) {
            if (f instanceof MarketState m) {
                Map<String, Double> features = new HashMap<>(m.getFeatures());
                m.getFeatures().keySet().stream().filter(k -> only == null || k.equals(only))
                        .forEach(k -> features.put(k, Double.NaN));
                f = new MarketState(m.getSymbol(), m.getTimeframe(), m.getTime() + 1, m.getOpen(), m.getHigh(), m.getLow(),
                        m.getClose(), m.getVolume(), features);
            }
            out.add(f);
        }
        return out;
    }

    private static String summary(RuleOutcome o) {
        return o.rulesFired() + " " + o.vetoes().stream().map(v -> v.getTier() + ":" + v.getReason()).toList() + " "
                + o.proposals().stream().map(p -> p.getStrategy() + "/" + p.getSide() + "@" + p.getStopPrice()).toList()
                + " " + o.exits().stream().map(ExitSignal::getReason).toList()
                + " " + o.actions().stream().map(a -> a.getType() + "/" + a.getFraction() + "/" + a.getUntil() + "/" + a.getReason()).toList();
    }
}
