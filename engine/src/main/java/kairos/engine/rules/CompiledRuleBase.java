package kairos.engine.rules;

import org.drools.base.common.DroolsObjectInputStream;
import org.drools.base.common.DroolsObjectOutputStream;
import org.drools.base.definitions.InternalKnowledgePackage;
import org.drools.core.impl.InternalRuleBase;
import org.drools.core.impl.RuleBaseFactory;
import org.drools.kiesession.rulebase.KnowledgeBaseFactory;
import org.drools.wiring.api.classloader.ProjectClassLoader;
import org.kie.api.KieBase;
import org.kie.api.KieBaseConfiguration;
import org.kie.api.definition.KiePackage;
import org.kie.internal.conf.ConstraintJittingThresholdOption;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A built rule base as bytes and back, for {@link RuleBook}'s compiled cache: the bytecode of the types the DRL
 * declares (parameter holders), then the compiled packages (rules with their Java consequences and MVEL
 * constraints) in Drools' own serialised form. Loading rebuilds the network from the packages without parsing or
 * compiling anything: ~0.9 s cold instead of 3-5 s, see docs/performance.md.
 */
final class CompiledRuleBase {
    private CompiledRuleBase() {
    }

    static byte[] write(KieBase kieBase) throws IOException {
        InternalRuleBase base = (InternalRuleBase) kieBase;
        Map<String, byte[]> declaredTypes = new TreeMap<>();
        if (base.getRootClassLoader() instanceof ProjectClassLoader loader && loader.getStore() != null) {
            declaredTypes.putAll(loader.getStore());
        }
        List<InternalKnowledgePackage> packages = new ArrayList<>(new TreeMap<>(base.getPackagesMap()).values());
        ByteArrayOutputStream types = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(types)) {
            out.writeObject(declaredTypes);
        }
        ByteArrayOutputStream rules = new ByteArrayOutputStream(1 << 20);
        try (DroolsObjectOutputStream out = new DroolsObjectOutputStream(rules)) {
            out.writeObject(packages);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(types.size() + rules.size() + 8);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(types.size());
            types.writeTo(out);
            out.writeInt(rules.size());
            rules.writeTo(out);
        }
        return bytes.toByteArray();
    }

    @SuppressWarnings("unchecked")
    static KieBase read(byte[] payload, int jitThreshold) throws IOException, ClassNotFoundException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload));
        Map<String, byte[]> declaredTypes;
        try (ObjectInputStream types = new ObjectInputStream(new ByteArrayInputStream(section(in)))) {
            declaredTypes = (Map<String, byte[]>) types.readObject();
        }
        ProjectClassLoader loader = NanSafeConstraints.Loader.with(RuleBook.class.getClassLoader(), declaredTypes);
        List<KiePackage> packages;
        try (DroolsObjectInputStream drools = new DroolsObjectInputStream(new ByteArrayInputStream(section(in)), loader)) {
            packages = (List<KiePackage>) drools.readObject();
        }
        KieBaseConfiguration conf = RuleBaseFactory.newKnowledgeBaseConfiguration(null, loader);
        conf.setOption(ConstraintJittingThresholdOption.get(jitThreshold));
        KieBase kieBase = KnowledgeBaseFactory.newKnowledgeBase(conf);
        ((org.drools.kiesession.rulebase.InternalKnowledgeBase) kieBase).addPackages(packages);
        return kieBase;
    }

    private static byte[] section(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > in.available()) {
            throw new IOException("section length " + length + " does not fit the payload");
        }
        return in.readNBytes(length);
    }
}
