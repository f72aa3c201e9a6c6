package kairos.engine.rules;

import org.drools.wiring.api.classloader.ProjectClassLoader;
import org.drools.wiring.dynamic.DynamicProjectClassLoader;
import org.mvel2.asm.ClassReader;
import org.mvel2.asm.ClassVisitor;
import org.mvel2.asm.ClassWriter;
import org.mvel2.asm.Label;
import org.mvel2.asm.MethodVisitor;
import org.mvel2.asm.Opcodes;
import org.kie.memorycompiler.WritableClassLoader;

import java.util.Map;
import java.util.TreeMap;

/**
 * Makes Drools' compiled constraints compare floating-point numbers as Java does, NaN included: every ordered
 * comparison with NaN is false. Rule conditions are plain DRL ({@code rsi < 30}, {@code atr * k <= band},
 * {@code !(adx > min)}, ranges); nothing in them has to know about NaN.
 *
 * <p>Why: Drools evaluates a constraint with MVEL for its first evaluations and then compiles it to bytecode (the
 * constraint JIT, about 1.7x faster per decision). Its compiler (drools-mvel 10.2.0,
 * {@code ASMConditionEvaluatorJitter.jitPrimitiveOperation}) emits {@code DCMPL} before every branch on a double
 * comparison; {@code DCMPL} pushes -1 for a NaN operand, so {@code IFLT} and {@code IFLE} take {@code NaN < x},
 * {@code NaN <= x}, {@code x < NaN} (and {@code 30 > rsi}, which Drools normalises to {@code rsi < 30}) as true,
 * where the interpreter and Java say false. javac compiles {@code <} and {@code <=} with {@code DCMPG}, which
 * pushes +1 for NaN. The interpreted form is right; only the compiled one is not.
 *
 * <p>How: the rule base's class loader ({@link Loader}) rewrites each constraint class the JIT defines before the
 * JVM sees it: a {@code DCMPL} (or {@code FCMPL}) followed directly by {@code IFLT}/{@code IFLE} becomes
 * {@code DCMPG} ({@code FCMPG}), exactly javac's choice; nothing else in the class changes (same stack shape, same
 * frames). {@code RuleJitTest} holds the compiled and the interpreted forms equal on every shipped scenario and its
 * all-NaN variant, and {@code PlainComparisonTest} holds 100 generated scenarios equal to Java's answer on one
 * KieBase after the constraints have compiled.
 */
final class NanSafeConstraints {
    private NanSafeConstraints() {
    }

    /** The name prefix of the classes Drools' constraint JIT generates (one per constraint). */
    static final String JITTED_PREFIX = "ConditionEvaluator";

    /** Rewrites the NaN-unsafe compare-and-branch pairs of one class; other bytecode is copied unchanged. */
    static byte[] patch(byte[] classBytes) {
        ClassReader reader = new ClassReader(classBytes);
        ClassWriter writer = new ClassWriter(reader, 0);
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                             String[] exceptions) {
                return new CompareFix(super.visitMethod(access, name, descriptor, signature, exceptions));
            }
        }, 0);
        return writer.toByteArray();
    }

    /** Holds back a {@code DCMPL}/{@code FCMPL} until the next instruction shows which branch consumes it. */
    private static final class CompareFix extends MethodVisitor {
        private int pending = -1;

        CompareFix(MethodVisitor next) {
            super(Opcodes.ASM9, next);
        }

        private void flush() {
            if (pending >= 0) {
                super.visitInsn(pending);
                pending = -1;
            }
        }

        @Override
        public void visitInsn(int opcode) {
            flush();
            if (opcode == Opcodes.DCMPL || opcode == Opcodes.FCMPL) {
                pending = opcode;
            } else {
                super.visitInsn(opcode);
            }
        }

        @Override
        public void visitJumpInsn(int opcode, Label label) {
            if (pending >= 0 && (opcode == Opcodes.IFLT || opcode == Opcodes.IFLE)) {
                pending = pending == Opcodes.DCMPL ? Opcodes.DCMPG : Opcodes.FCMPG;
            }
            flush();
            super.visitJumpInsn(opcode, label);
        }

        @Override
        public void visitVarInsn(int opcode, int varIndex) {
            flush();
            super.visitVarInsn(opcode, varIndex);
        }

        @Override
        public void visitIntInsn(int opcode, int operand) {
            flush();
            super.visitIntInsn(opcode, operand);
        }

        @Override
        public void visitTypeInsn(int opcode, String type) {
            flush();
            super.visitTypeInsn(opcode, type);
        }

        @Override
        public void visitFieldInsn(int opcode, String owner, String name, String descriptor) {
            flush();
            super.visitFieldInsn(opcode, owner, name, descriptor);
        }

        @Override
        public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
            flush();
            super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
        }

        @Override
        public void visitLdcInsn(Object value) {
            flush();
            super.visitLdcInsn(value);
        }

        @Override
        public void visitIincInsn(int varIndex, int increment) {
            flush();
            super.visitIincInsn(varIndex, increment);
        }

        @Override
        public void visitLabel(Label label) {
            flush();
            super.visitLabel(label);
        }

        @Override
        public void visitFrame(int type, int numLocal, Object[] local, int numStack, Object[] stack) {
            flush();
            super.visitFrame(type, numLocal, local, numStack, stack);
        }

        @Override
        public void visitTableSwitchInsn(int min, int max, Label dflt, Label... labels) {
            flush();
            super.visitTableSwitchInsn(min, max, dflt, labels);
        }

        @Override
        public void visitLookupSwitchInsn(Label dflt, int[] keys, Label[] labels) {
            flush();
            super.visitLookupSwitchInsn(dflt, keys, labels);
        }

        @Override
        public void visitMultiANewArrayInsn(String descriptor, int numDimensions) {
            flush();
            super.visitMultiANewArrayInsn(descriptor, numDimensions);
        }

        @Override
        public void visitMaxs(int maxStack, int maxLocals) {
            flush();
            super.visitMaxs(maxStack, maxLocals);
        }

        @Override
        public void visitEnd() {
            flush();
            super.visitEnd();
        }
    }

    /**
     * The class loader of a Kairos rule base: Drools' own (declared types, compiled consequences), except that the
     * constraint classes its JIT writes into it ({@link WritableClassLoader#writeClass}) are patched by
     * {@link #patch}. Drools takes a {@link ProjectClassLoader} given to a builder, a container or a rule base
     * configuration as the project's class loader itself.
     */
    static final class Loader extends DynamicProjectClassLoader {
        Loader(ClassLoader parent) {
            super(parent, null);
        }

        /** A loader holding {@code declaredTypes} (class name to bytecode), as a cached rule base needs. */
        static ProjectClassLoader with(ClassLoader parent, Map<String, byte[]> declaredTypes) {
            return ProjectClassLoader.createProjectClassLoader(new Loader(parent), new TreeMap<>(declaredTypes));
        }

        @Override
        public Class<?> writeClass(String name, byte[] bytecode) {
            return super.writeClass(name, isJitted(name) ? patch(bytecode) : bytecode);
        }

        /** Drools' types class loader (declared types), wrapped so that the JIT's writes through it are patched too. */
        @Override
        public InternalTypesClassLoader makeClassLoader() {
            return new Types(super.makeClassLoader());
        }
    }

    static boolean isJitted(String name) {
        return name.substring(Math.max(name.lastIndexOf('.'), name.lastIndexOf('/')) + 1).startsWith(JITTED_PREFIX);
    }

    /**
     * Drools' types class loader with one change: a class written through it ({@link WritableClassLoader}, which is
     * how the JIT defines a constraint class when the rules declare types) is patched when it is a constraint, and
     * defined, as Drools does, in a child loader of its own. Everything else is Drools' loader's.
     */
    private static final class Types extends ClassLoader implements ProjectClassLoader.InternalTypesClassLoader,
            WritableClassLoader {
        private final ProjectClassLoader.InternalTypesClassLoader drools;

        Types(ProjectClassLoader.InternalTypesClassLoader drools) {
            super(((ClassLoader) drools).getParent());
            this.drools = drools;
        }

        @Override
        public Class<?> writeClass(String name, byte[] bytecode) {
            byte[] bytes = isJitted(name) ? patch(bytecode) : bytecode;
            return new ClassLoader(this) {
                Class<?> define() {
                    return defineClass(name, bytes, 0, bytes.length);
                }
            }.define();
        }

        @Override
        public Class<?> defineClass(String name, byte[] bytecode) {
            return drools.defineClass(name, bytecode);
        }

        @Override
        public Class<?> loadType(String name, boolean resolve) throws ClassNotFoundException {
            return drools.loadType(name, resolve);
        }

        @Override
        public Class<?> findLoadedClassWithoutParent(String name) {
            return drools.findLoadedClassWithoutParent(name);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            return ((ClassLoader) drools).loadClass(name);
        }

        @Override
        public java.net.URL getResource(String name) {
            return ((ClassLoader) drools).getResource(name);
        }

        @Override
        public java.io.InputStream getResourceAsStream(String name) {
            return ((ClassLoader) drools).getResourceAsStream(name);
        }

        @Override
        public java.util.Enumeration<java.net.URL> getResources(String name) throws java.io.IOException {
            return ((ClassLoader) drools).getResources(name);
        }
    }
}
