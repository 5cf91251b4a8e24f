package org.gatehouse.flow.engine.api;

import java.util.List;
import org.gatehouse.policy.schemas.XmlDocumentException;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The flow engine's management view, an OSGi service. The flows document ({@code conf/flows.xml},
 * namespace {@code urn:gatehouse:flows:1}) holds the message types, the flows they name and the
 * authentication and authorization methods the flows pick by name.
 *
 * <pre>{@code
 * FlowValidation check = flows.validate("upload.xml", bytes);
 * if (check.valid()) flows.replace("upload.xml", bytes);
 * }</pre>
 */
@ProviderType
public interface FlowService {

    /**
     * The document in force and what it resolved to. Its text holds secret parameters' values:
     * show {@link #withheldDocument()} to people.
     */
    FlowsView current();

    /**
     * The document in force as people are shown it: the value of every parameter its bladelet
     * declares secret, or that no bladelet available now says is not, replaced by
     * {@code (withheld)}. A document that holds that mark in a parameter is refused by
     * {@link #validate} and {@link #replace}, so one read, edited and sent back cannot put the mark
     * in place of a secret.
     */
    String withheldDocument();

    /** Parses and checks a flows document against the bladelets available now; changes nothing. */
    FlowValidation validate(String source, byte[] document);

    /**
     * What the document would put in force, checked as {@link #replace} checks it; changes nothing.
     * The view's generation is {@code -1} and its message counts are 0.
     *
     * @throws XmlDocumentException when the document is malformed or schema-invalid
     * @throws FlowConfigurationException when it names what cannot be resolved
     */
    FlowsView preview(String source, byte[] document) throws XmlDocumentException, FlowConfigurationException;

    /**
     * Every difference between the document in force and {@code document}, checked as {@link
     * #preview} checks it; changes nothing. Each setting, method (with its bladelet and every
     * parameter), message type (its flow, each match with every condition, its credential locations,
     * and the classification order) and flow (its steps in order, each step's bladelet, name,
     * timeout and every parameter) that differs is one or more {@link FlowDifference}s, in the
     * order of the new document, then what it takes away; nothing that differs in form only (order
     * of attributes, spacing, comments, a default written out) is one. The values of secret
     * parameters are never included: a difference says only that they changed.
     *
     * @throws XmlDocumentException when the document is malformed or schema-invalid
     * @throws FlowConfigurationException when it names what cannot be resolved
     */
    List<FlowDifference> differences(String source, byte[] document) throws XmlDocumentException, FlowConfigurationException;

    /**
     * Validates, writes {@code conf/flows.xml} atomically and puts the document in force for the
     * next message; messages in flight finish on the flows they started with.
     *
     * @throws XmlDocumentException when the document is malformed or schema-invalid (nothing changes)
     * @throws FlowConfigurationException when it names what cannot be resolved (nothing changes)
     */
    FlowsView replace(String source, byte[] document) throws XmlDocumentException, FlowConfigurationException;

    /** Every bladelet the engine can use now: built-in ones and those of started extensions. */
    List<BladeletInfo> bladelets();

    /** Each extension that provides bladelets, with its counters and quarantine state. */
    List<ExtensionHealth> extensions();

    /**
     * Per message type of the document in force, in classification order: how many flows ended and
     * how long they took. Empty from a provider that does not time its flows.
     */
    default List<FlowTiming> timings() {
        return List.of();
    }

    /**
     * Each extension that provides bladelets, with its steps' outcomes counted one by one (for
     * metrics, which must never go down). Empty from a provider that does not count them.
     */
    default List<ExtensionSteps> extensionSteps() {
        return List.of();
    }

    /**
     * Each extension that provides bladelets, with its runaway steps: steps still running after
     * their deadline interrupted them and a grace period passed. Empty from a provider that does
     * not watch for them.
     */
    default List<ExtensionRunaways> runaways() {
        return List.of();
    }

    /**
     * Each extension that provides bladelets, with its queue of messages waiting for one of its
     * concurrent slots: how many wait now, and how many were refused, expired, abandoned by their
     * client or got a slot, with the time they waited. Empty from a provider that does not queue.
     */
    default List<ExtensionQueue> extensionQueues() {
        return List.of();
    }

    /**
     * Lifts an extension's quarantine; returns false when it was not quarantined. Runaway threads
     * of the extension that are still running go on running and stay counted: an extension with
     * {@code runaway-threads} of them still gets no new work.
     */
    boolean release(String symbolicName);
}
