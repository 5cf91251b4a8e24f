package org.gatehouse.policy.schemas;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import org.xml.sax.SAXException;

/**
 * The schemas shipped in this bundle, each with the namespace its documents must use.
 * A schema is compiled once, on first use, and is thread-safe from then on.
 */
public enum GatehouseSchema {
    /** {@code conf/element.xml}: listeners, pools, routes, limits. */
    ELEMENT("element-1.xsd", "urn:gatehouse:element:1"),
    /** {@code conf/system-policy.xml}: default grants, overridable elements, restrictions (docs/policy-language.md "The system policy"). */
    SYSTEM_POLICY("system-policy-1.xsd", "urn:gatehouse:system-policy:1"),
    /** An extension's own policy: the permissions it asks for, never restrictions (docs/policy-language.md "Extension policies"). */
    EXTENSION_POLICY("extension-policy-1.xsd", "urn:gatehouse:extension-policy:1"),
    /** An extension's {@code OSGI-INF/gatehouse/bladelets.xml}: its bladelets and their attribute domains (docs/extensions.md "The bladelet descriptor"). */
    BLADELET_DESCRIPTOR("bladelet-descriptor-1.xsd", "urn:gatehouse:bladelet-descriptor:1"),
    /** The signature database of install qualification: known bundle hashes and their reference groups (docs/extensions.md "Install qualification"). */
    SIGNATURE_DATABASE("signature-database-1.xsd", "urn:gatehouse:signature-database:1"),
    /** The ordered rules that answer enable, conditional enable or deny for an uploaded bundle (docs/extensions.md "Install qualification"). */
    QUALIFICATION_RULES("qualification-rules-1.xsd", "urn:gatehouse:qualification-rules:1"),
    /**
     * {@code conf/flows.xml}: message types, the flows they run, authentication and authorization
     * methods (docs/data-plane.md "Classification", "Flows and steps").
     */
    FLOWS("flows-1.xsd", "urn:gatehouse:flows:1"),
    /** {@code conf/management-users.xml}: management users, their roles, token hashes and certificate subjects (docs/management.md "Authentication"). */
    MANAGEMENT_USERS("management-users-1.xsd", "urn:gatehouse:management-users:1"),
    /**
     * A channel policy: identities, groups, services and the ordered rules each element decides a
     * channel on for its own side (docs/channels.md "Channel policy").
     */
    CHANNEL_POLICY("channel-policy-1.xsd", "urn:gatehouse:channel-policy:1");

    private final String resource;
    private final String namespace;
    private volatile Schema compiled;

    GatehouseSchema(String resource, String namespace) {
        this.resource = resource;
        this.namespace = namespace;
    }

    /** The target namespace every document of this kind declares on its root element. */
    public String namespace() {
        return namespace;
    }

    /** The XSD as a resource of this bundle, for tools that want to show or export it. */
    public URL location() {
        URL url = GatehouseSchema.class.getResource(resource);
        if (url == null) {
            throw new IllegalStateException("schema resource missing from bundle: " + resource);
        }
        return url;
    }

    Schema schema() {
        Schema s = compiled;
        if (s == null) {
            synchronized (this) {
                s = compiled;
                if (s == null) {
                    s = compile();
                    compiled = s;
                }
            }
        }
        return s;
    }

    private Schema compile() {
        URL url = location();
        try (InputStream in = url.openStream()) {
            SchemaFactory factory = SchemaFactory.newDefaultInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            // Our schemas are single files: nothing outside them may be fetched.
            factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            return factory.newSchema(new StreamSource(in, url.toExternalForm()));
        } catch (SAXException e) {
            throw new IllegalStateException("schema " + resource + " does not compile: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
