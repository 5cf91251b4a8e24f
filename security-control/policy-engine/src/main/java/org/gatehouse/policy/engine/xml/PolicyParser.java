package org.gatehouse.policy.engine.xml;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.gatehouse.policy.engine.api.Codebase;
import org.gatehouse.policy.engine.model.CodebasePattern;
import org.gatehouse.policy.engine.model.ExtensionPolicy;
import org.gatehouse.policy.engine.model.Glob;
import org.gatehouse.policy.engine.model.Overridable;
import org.gatehouse.policy.engine.spi.Permission;
import org.gatehouse.policy.engine.model.PolicyEntry;
import org.gatehouse.policy.engine.model.PolicyVariables;
import org.gatehouse.policy.engine.model.SystemPolicy;
import org.gatehouse.policy.engine.model.VersionRange;
import org.gatehouse.policy.engine.permission.PermissionTypeRegistry;
import org.gatehouse.policy.engine.xml.PolicyDocuments.CodebaseXml;
import org.gatehouse.policy.engine.xml.PolicyDocuments.ExtensionPolicyXml;
import org.gatehouse.policy.engine.xml.PolicyDocuments.OverridableXml;
import org.gatehouse.policy.engine.xml.PolicyDocuments.PermissionListXml;
import org.gatehouse.policy.engine.xml.PolicyDocuments.PermissionXml;
import org.gatehouse.policy.engine.xml.PolicyDocuments.SystemPolicyXml;
import org.gatehouse.policy.schemas.GatehouseSchema;
import org.gatehouse.policy.schemas.XmlDocument;
import org.gatehouse.policy.schemas.XmlDocumentException;
import org.gatehouse.policy.schemas.XmlDocumentReader;

/**
 * Reads policy documents into the model: the schema checks the form (with file, line:column and
 * element path in errors), then the system policy is checked against the permission types, so a
 * broken vendor policy is refused as a whole. An extension policy is not checked here: each of its
 * permissions is judged on its own when merged (docs/policy-language.md "The merge": only the offending permission is dropped).
 *
 * <pre>{@code
 * SystemPolicy system = new PolicyParser(PermissionTypeRegistry.builtIns()).systemPolicy(Path.of("conf/system-policy.xml"));
 * }</pre>
 */
public final class PolicyParser {
    private static final XmlDocumentReader SYSTEM = XmlDocumentReader.forSchema(GatehouseSchema.SYSTEM_POLICY);
    private static final XmlDocumentReader EXTENSION = XmlDocumentReader.forSchema(GatehouseSchema.EXTENSION_POLICY);
    /** Variables used only to check that system-policy names are well formed once expanded. */
    private static final PolicyVariables SAMPLE = PolicyVariables.of("/gatehouse", "/gatehouse/data", "/gatehouse/conf")
            .forCodebase(Codebase.of("sample.extension", "1.0.0", "sample"));

    private final PermissionTypeRegistry registry;

    public PolicyParser(PermissionTypeRegistry registry) {
        this.registry = registry;
    }

    public SystemPolicy systemPolicy(Path file) throws XmlDocumentException {
        return systemPolicy(SYSTEM.readDocument(file, SystemPolicyXml.class));
    }

    public SystemPolicy systemPolicy(String source, InputStream in) throws XmlDocumentException {
        return systemPolicy(SYSTEM.readDocument(source, in, SystemPolicyXml.class));
    }

    public ExtensionPolicy extensionPolicy(Path file) throws XmlDocumentException {
        return extensionPolicy(EXTENSION.readDocument(file, ExtensionPolicyXml.class));
    }

    public ExtensionPolicy extensionPolicy(String source, InputStream in) throws XmlDocumentException {
        return extensionPolicy(EXTENSION.readDocument(source, in, ExtensionPolicyXml.class));
    }

    public ExtensionPolicy extensionPolicy(String source, byte[] content) throws XmlDocumentException {
        return extensionPolicy(EXTENSION.readDocument(source, content, ExtensionPolicyXml.class));
    }

    private static ExtensionPolicy extensionPolicy(XmlDocument<ExtensionPolicyXml> read) throws XmlDocumentException {
        return new ExtensionPolicy(read.source(), entries(read, read.model().permissions(), "/extension-policy/permission"));
    }

    private SystemPolicy systemPolicy(XmlDocument<SystemPolicyXml> read) throws XmlDocumentException {
        String source = read.source();
        SystemPolicyXml doc = read.model();
        List<PolicyEntry> defaults = entries(read, list(doc.defaultGrants()), "/system-policy/default-grants/permission");
        List<PolicyEntry> restrictions = entries(read, list(doc.restrictions()), "/system-policy/restrictions/permission");
        List<Overridable> overridables = new ArrayList<>();
        List<OverridableXml> written = orEmpty(doc.overridables());
        for (int i = 0; i < written.size(); i++) {
            overridables.add(overridable(read, written.get(i), "/system-policy/overridable[" + (i + 1) + "]"));
        }
        List<String> packages = doc.classSpace() == null ? List.of()
                : orEmpty(doc.classSpace().allowPackages()).stream().map(PolicyDocuments.AllowPackageXml::name).toList();
        SystemPolicy policy = new SystemPolicy(source, defaults, overridables, restrictions, packages,
                threadBudget(read, doc.maxThreadsPerExtension()));
        checkTypes(read, policy);
        return policy;
    }

    /** The schema fills in its default; absent only when a document was bound without the schema. */
    private static int threadBudget(XmlDocument<?> read, Integer written) throws XmlDocumentException {
        if (written == null) {
            return SystemPolicy.DEFAULT_MAX_THREADS_PER_EXTENSION;
        }
        if (written < 1) {
            throw read.problem("/system-policy/@max-threads-per-extension", "must be at least 1, not " + written);
        }
        return written;
    }

    private static Overridable overridable(XmlDocument<?> read, OverridableXml xml, String path) throws XmlDocumentException {
        List<CodebasePattern> codebases = new ArrayList<>();
        List<CodebaseXml> written = orEmpty(xml.codebases());
        for (int i = 0; i < written.size(); i++) {
            codebases.add(codebase(read, written.get(i), path + "/codebase[" + (i + 1) + "]"));
        }
        return new Overridable(codebases, entries(read, xml.permissions(), path + "/permission"), read.place(path));
    }

    private static CodebasePattern codebase(XmlDocument<?> read, CodebaseXml xml, String path) throws XmlDocumentException {
        try {
            return new CodebasePattern(Glob.of(xml.symbolicName() == null ? "*" : xml.symbolicName()),
                    xml.version() == null ? VersionRange.ANY : VersionRange.parse(xml.version()),
                    Optional.ofNullable(xml.location()).map(Glob::of),
                    Optional.ofNullable(xml.signer()).map(Glob::of));
        } catch (IllegalArgumentException e) {
            throw read.problem(path, e.getMessage());
        }
    }

    /** Every permission of the system policy must have a known type and a well-formed name and actions. */
    private void checkTypes(XmlDocument<?> read, SystemPolicy policy) throws XmlDocumentException {
        List<PolicyEntry> all = new ArrayList<>(policy.defaultGrants());
        policy.overridables().forEach(o -> all.addAll(o.permissions()));
        all.addAll(policy.restrictions());
        for (PolicyEntry entry : all) {
            try {
                registry.canonical(entry.permission().withName(SAMPLE.expand(entry.permission().name())));
            } catch (IllegalArgumentException e) {
                // the origin is the entry's place, ending with its element path (which holds no space)
                throw read.problem(entry.origin().substring(entry.origin().lastIndexOf(' ') + 1), e.getMessage());
            }
        }
    }

    private static List<PolicyEntry> entries(XmlDocument<?> read, List<PermissionXml> written, String path) throws XmlDocumentException {
        List<PermissionXml> list = orEmpty(written);
        List<PolicyEntry> entries = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            PermissionXml p = list.get(i);
            String at = path + "[" + (i + 1) + "]";
            try {
                entries.add(new PolicyEntry(Permission.of(p.type(), p.name(), p.actions()), read.place(at)));
            } catch (IllegalArgumentException e) {
                throw read.problem(at, e.getMessage());
            }
        }
        return entries;
    }

    private static List<PermissionXml> list(PermissionListXml xml) {
        return xml == null ? List.of() : orEmpty(xml.permissions());
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }

}
