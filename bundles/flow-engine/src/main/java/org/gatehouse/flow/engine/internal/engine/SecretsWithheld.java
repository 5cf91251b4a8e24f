package org.gatehouse.flow.engine.internal.engine;

import java.io.StringReader;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import javax.xml.namespace.QName;
import javax.xml.stream.XMLEventFactory;
import javax.xml.stream.XMLEventReader;
import javax.xml.stream.XMLEventWriter;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.events.Attribute;
import javax.xml.stream.events.StartElement;
import javax.xml.stream.events.XMLEvent;
import org.gatehouse.sdk.descriptor.BladeletKind;

/**
 * The flows document as every reader of the management plane gets it: the value of each
 * parameter that is, or may be, secret (the same rule as a difference's, {@link FlowsDescription})
 * replaced by {@link #MARK}, everything else as written (docs/data-plane.md "Flows and steps").
 * A document that still holds the mark in a parameter is refused when it is put in force
 * ({@link FlowsCompiler}), so a document read, edited and sent back never puts the mark in place
 * of a password. The document read here was parsed and validated when it was put in force; it is
 * read again with no DTD and no external entities all the same.
 */
final class SecretsWithheld {
    /** What a withheld value reads as. */
    static final String MARK = "(withheld)";
    private static final String PARAM = "param";
    private static final String STEP = "step";
    private static final XMLEventFactory EVENTS = XMLEventFactory.newDefaultFactory();

    private SecretsWithheld() {
    }

    /** {@code document} with every secret parameter's value withheld. */
    static String from(String document, FlowsDescription.Secrets secrets) {
        XMLInputFactory input = XMLInputFactory.newDefaultFactory();
        input.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        input.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        input.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        StringWriter out = new StringWriter(document.length());
        try {
            XMLEventReader reader = input.createXMLEventReader(new StringReader(document));
            XMLEventWriter writer = XMLOutputFactory.newDefaultFactory().createXMLEventWriter(out);
            Owner owner = null;
            while (reader.hasNext()) {
                XMLEvent event = reader.nextEvent();
                if (event.isStartElement()) {
                    StartElement start = event.asStartElement();
                    String name = start.getName().getLocalPart();
                    Optional<BladeletKind> kind = kindOf(name);
                    if (kind.isPresent()) {
                        owner = new Owner(kind.get(), value(start, "bladelet"), Optional.ofNullable(value(start, "extension")));
                    } else if (PARAM.equals(name) && (owner == null || secrets.secret(owner.kind(), owner.extension(),
                            owner.bladelet(), value(start, "name")))) {
                        event = withheld(start);
                    }
                } else if (event.isEndElement() && kindOf(event.asEndElement().getName().getLocalPart()).isPresent()) {
                    owner = null;
                }
                writer.add(event);
            }
            writer.close();
        } catch (XMLStreamException e) {
            // the document in force was parsed when it was put in force: this cannot be reached
            // with it; withhold everything rather than show a part
            throw new IllegalStateException("the flows document in force cannot be read again: " + e.getMessage(), e);
        }
        return out.toString();
    }

    private static Optional<BladeletKind> kindOf(String element) {
        for (BladeletKind kind : BladeletKind.values()) {
            if (kind.xmlName().equals(element)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }

    private static String value(StartElement start, String attribute) {
        Attribute a = start.getAttributeByName(new QName(attribute));
        return a == null ? null : a.getValue();
    }

    private static StartElement withheld(StartElement start) {
        List<Attribute> attributes = new ArrayList<>();
        for (Iterator<Attribute> it = start.getAttributes(); it.hasNext();) {
            Attribute a = it.next();
            attributes.add("value".equals(a.getName().getLocalPart()) ? EVENTS.createAttribute(a.getName(), MARK) : a);
        }
        return EVENTS.createStartElement(start.getName(), attributes.iterator(), start.getNamespaces());
    }

    private record Owner(BladeletKind kind, String bladelet, Optional<String> extension) {
    }
}
