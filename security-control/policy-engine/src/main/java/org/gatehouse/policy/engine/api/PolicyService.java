package org.gatehouse.policy.engine.api;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.gatehouse.policy.schemas.XmlDocumentException;
import org.osgi.annotation.versioning.ProviderType;
import org.osgi.framework.Bundle;

/**
 * The control module's one service for the rest of the platform: which bundle or class loader is
 * an extension, the policy in force, a merge preview of a policy before it is installed
 * (docs/policy-language.md "Preview"), narrowing a policy document, denial counts, re-reading the
 * policies now, and the one audit record of the element. Everything it returns is an immutable
 * copy; nothing of the engine's internals crosses this line.
 *
 * <pre>{@code
 * Optional<Codebase> ext = policies.extensionOf(bundle);   // empty for platform bundles
 * ext.flatMap(c -> policies.mergedPolicyOf(c.id())).ifPresent(m -> show(m.granted()));
 * }</pre>
 */
@ProviderType
public interface PolicyService {

    /**
     * The extension this bundle is, or empty when the control module treats it as platform code:
     * the one answer to "is this bundle an extension?" (docs/threat-model.md "Trust boundaries").
     */
    Optional<Codebase> extensionOf(Bundle bundle);

    /**
     * The extension whose code this class loader holds, or empty for platform code and for loaders
     * nobody knows (which the sandbox denies everything).
     */
    Optional<Codebase> extensionOf(ClassLoader loader);

    /** The policy every check is decided against right now. */
    PolicyView current();

    /** What the extension with this codebase id holds now, or empty when no such extension is merged. */
    Optional<MergedPolicy> mergedPolicyOf(String codebaseId);

    /** What this extension policy document would grant and reject for this codebase, installing nothing. */
    MergePreview preview(Codebase codebase, String source, byte[] policyDocument) throws XmlDocumentException;

    /**
     * The extension policy document without the permissions {@code drops} name, as a new document
     * of the same schema; the document itself, unchanged, when {@code drops} is empty. The
     * document is read (and checked) by the policy parser first.
     */
    NarrowedPolicy narrow(String source, byte[] policyDocument, List<PermissionDrop> drops) throws XmlDocumentException;

    /**
     * What putting {@code content} in force as the policy file {@code name} of the conf folder
     * ({@code system-policy.xml} or {@code extension-policies/<symbolic name>.xml}; empty content:
     * no such file) would grant and revoke, installing nothing: every other policy as it is in
     * force. For a change of the file made by hand, shown before a person confirms it
     * (docs/management.md "Hand edits").
     *
     * @throws XmlDocumentException when the content does not read, naming the file and {@code [line:col]}
     * @throws IOException          when the policies in force cannot be read
     * @throws IllegalArgumentException when {@code name} is not a policy file
     * @since 2.1
     */
    PolicyFilePreview previewPolicyFile(String name, Optional<byte[]> content) throws XmlDocumentException, IOException;

    /** Denials so far for one codebase id. */
    long denials(String codebaseId);

    /** Denials so far of every codebase denied at least once, by codebase id (a copy, sorted by id). */
    Map<String, Long> denialsByCodebase();

    /** Policy generations swapped in since the control module started (the generation is {@code current().generation()}). */
    long swaps();

    /** Re-reads every policy and swaps in a new generation now; returns its number. */
    long refresh();

    /**
     * Records a platform bundle's audit event where the control module records its own: the audit
     * file first, then the log and every platform {@code AuditSink} service. Never throws; a sink
     * that fails is counted and logged.
     */
    void record(AuditEvent event);

    /**
     * Puts the extension with this symbolic name at the higher audit level of a conditional
     * enable's {@code extra-audit}, or back to the normal level (docs/extensions.md "Conditional
     * enable"): every permission use, allowed or denied, of each of its versions is then an audit
     * event, within a budget per extension; what passes the budget is counted and the count audited.
     * A service without that level refuses to raise it (and accepts the normal level).
     *
     * @since 2.2
     */
    default void auditEveryUse(String symbolicName, boolean every) {
        if (every) {
            throw new UnsupportedOperationException("this policy service keeps one audit level for every extension");
        }
    }

    /** Whether the extension with this symbolic name is at the higher audit level. @since 2.2 */
    default boolean auditsEveryUse(String symbolicName) {
        return false;
    }

    /**
     * Records an event about an extension at the higher audit level (a step outcome, say) within
     * the same budget as its permission uses; an event of an extension at the normal level is
     * ignored. Never throws.
     *
     * @since 2.2
     */
    default void recordUse(String symbolicName, AuditEvent event) {
    }

    /** Events of extensions at the higher audit level counted past their budget, by symbolic name. @since 2.2 */
    default Map<String, Long> droppedUseEvents() {
        return Map.of();
    }
}
