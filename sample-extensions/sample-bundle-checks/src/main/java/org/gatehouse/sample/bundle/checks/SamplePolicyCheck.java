package org.gatehouse.sample.bundle.checks;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.gatehouse.policy.engine.decision.Decision;
import org.gatehouse.policy.engine.decision.ExtensionEntry;
import org.gatehouse.policy.engine.decision.PolicyEngine;
import org.gatehouse.policy.engine.decision.PolicySnapshot;
import org.gatehouse.policy.engine.merge.MergeResult;
import org.gatehouse.policy.engine.api.Codebase;
import org.gatehouse.policy.engine.model.ExtensionPolicy;
import org.gatehouse.policy.engine.model.PolicyVariables;
import org.gatehouse.policy.engine.model.SystemPolicy;
import org.gatehouse.policy.engine.permission.PermissionTypeRegistry;
import org.gatehouse.policy.engine.xml.PolicyParser;
import org.gatehouse.policy.schemas.XmlDocumentException;

/**
 * A sample's {@code OSGI-INF/gatehouse/policy.xml} merged, with the element's own policy engine,
 * under the vendor default system policy that the distribution ships, for the sample's codebase.
 * The element's folders are {@code /gh} (home), {@code /gh/data} and {@code /gh/conf}, so the
 * sample's data folder is {@code /gh/data/extensions/<symbolic name>}.
 *
 * <pre>{@code
 * SamplePolicyCheck policy = SamplePolicyCheck.fromClassPath("org.gatehouse.sample.api-key-auth");
 * assertEquals(List.of(), policy.warnings());
 * assertTrue(policy.decide("file", policy.dataFolder() + "/api-keys.txt", "read").allowed());
 * }</pre>
 */
public final class SamplePolicyCheck {
    /** Where the vendor default system policy lives in the policy engine's jar. */
    static final String DEFAULT_SYSTEM_POLICY = "/org/gatehouse/policy/engine/default-system-policy.xml";
    /** Where an extension's own policy lives in its bundle. */
    public static final String POLICY_ENTRY = "OSGI-INF/gatehouse/policy.xml";
    /** The element's data folder in these checks. */
    public static final String DATA = "/gh/data";

    private final Codebase codebase;
    private final PolicySnapshot snapshot;

    private SamplePolicyCheck(Codebase codebase, PolicySnapshot snapshot) {
        this.codebase = codebase;
        this.snapshot = snapshot;
    }

    /** The policy on the test class path (the sample's {@code src/main/resources}), for the named bundle. */
    public static SamplePolicyCheck fromClassPath(String symbolicName) throws XmlDocumentException {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        try (InputStream in = loader.getResourceAsStream(POLICY_ENTRY)) {
            if (in == null) {
                throw new IllegalStateException(POLICY_ENTRY + " is not on the class path");
            }
            return of(symbolicName, new PolicyParser(PermissionTypeRegistry.builtIns()).extensionPolicy(POLICY_ENTRY, in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The given policy document, for the named bundle. */
    public static SamplePolicyCheck of(String symbolicName, ExtensionPolicy policy) throws XmlDocumentException {
        Codebase codebase = Codebase.of(symbolicName, "0.1.0", "gatehouse:extension:" + symbolicName);
        PolicyEngine engine = new PolicyEngine(event -> { }, Clock.systemUTC(), Duration.ofSeconds(10));
        engine.apply(PermissionTypeRegistry.builtIns(), defaultSystemPolicy(), PolicyVariables.of("/gh", DATA, "/gh/conf"),
                List.of(new ExtensionEntry(codebase, policy)));
        return new SamplePolicyCheck(codebase, engine.current());
    }

    /** The vendor default system policy, as the distribution ships it. */
    public static SystemPolicy defaultSystemPolicy() throws XmlDocumentException {
        try (InputStream in = PolicyParser.class.getResourceAsStream(DEFAULT_SYSTEM_POLICY)) {
            if (in == null) {
                throw new IllegalStateException(DEFAULT_SYSTEM_POLICY + " is missing from the policy engine's jar");
            }
            return new PolicyParser(PermissionTypeRegistry.builtIns()).systemPolicy("default-system-policy.xml", in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The sample's own data folder in these checks: {@code /gh/data/extensions/<symbolic name>}. */
    public String dataFolder() {
        return DATA + "/extensions/" + codebase.symbolicName();
    }

    /** The merge of the sample's policy: what was installed and what was dropped. */
    public MergeResult merge() {
        return snapshot.merge(codebase.id()).orElseThrow();
    }

    /** One line per permission the merge dropped; empty when the element installs the whole policy. */
    public List<String> warnings() {
        return merge().warnings();
    }

    /** The element's decision on one request from the sample's code. */
    public Decision decide(String type, String name, String actions) {
        return snapshot.decide(codebase, type, name, actions);
    }
}
