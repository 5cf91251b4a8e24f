package org.gatehouse.policy.schemas;

import com.ctc.wstx.stax.WstxInputFactory;
import com.ctc.wstx.stax.WstxOutputFactory;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.xml.XmlFactory;
import com.fasterxml.jackson.dataformat.xml.XmlMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UnsupportedEncodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParserFactory;
import javax.xml.stream.XMLInputFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerConfigurationException;
import javax.xml.transform.sax.SAXTransformerFactory;
import javax.xml.transform.sax.TransformerHandler;
import javax.xml.transform.stream.StreamResult;
import javax.xml.validation.ValidatorHandler;
import org.xml.sax.ContentHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.XMLReader;
import org.xml.sax.helpers.XMLFilterImpl;

/**
 * Reads one kind of Gatehouse document: parse with DTDs refused (so XXE and entity expansion
 * cannot happen), validate against the schema, fill in the schema's default values, then bind
 * the result to the caller's immutable model with Jackson over Woodstox.
 *
 * <p>Any problem becomes an {@link XmlDocumentException} naming the file, line, column and
 * element path. Instances are thread-safe.
 */
public final class XmlDocumentReader {
    /** Larger documents are refused before parsing; no configuration comes near this. */
    public static final int MAX_DOCUMENT_BYTES = 4 * 1024 * 1024;

    private static final String DISALLOW_DOCTYPE = "http://apache.org/xml/features/disallow-doctype-decl";

    private final GatehouseSchema schema;
    private final XmlMapper mapper;

    private XmlDocumentReader(GatehouseSchema schema) {
        this.schema = schema;
        this.mapper = newMapper();
    }

    /** A reader for documents of the given schema. */
    public static XmlDocumentReader forSchema(GatehouseSchema schema) {
        return new XmlDocumentReader(schema);
    }

    /** Reads, validates and binds the file; its file name is used in error messages. */
    public <T> T read(Path file, Class<T> type) throws XmlDocumentException {
        return readDocument(file, type).model();
    }

    /** Reads, validates and binds a document held in memory, naming it {@code source} in errors. */
    public <T> T read(String source, byte[] content, Class<T> type) throws XmlDocumentException {
        return readDocument(source, content, type).model();
    }

    /**
     * Reads, validates and binds the file, keeping where each element is for the caller's own
     * checks ({@link XmlDocument#problem}); its file name is used in error messages.
     */
    public <T> XmlDocument<T> readDocument(Path file, Class<T> type) throws XmlDocumentException {
        String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        byte[] content;
        try {
            long size = Files.size(file);
            if (size > MAX_DOCUMENT_BYTES) {
                throw new XmlDocumentException(name, 0, 0, "", "document is " + size + " bytes; at most " + MAX_DOCUMENT_BYTES + " are read");
            }
            content = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new XmlDocumentException(name, 0, 0, "", "file not found: " + file.toAbsolutePath());
        } catch (IOException e) {
            throw new XmlDocumentException(name, 0, 0, "", "cannot read " + file.toAbsolutePath() + ": " + e.getMessage());
        }
        return readDocument(name, content, type);
    }

    /** Reads, validates and binds a document held in memory, naming it {@code source} in errors, keeping where each element is. */
    public <T> XmlDocument<T> readDocument(String source, byte[] content, Class<T> type) throws XmlDocumentException {
        if (content.length > MAX_DOCUMENT_BYTES) {
            throw new XmlDocumentException(source, 0, 0, "", "document is " + content.length + " bytes; at most " + MAX_DOCUMENT_BYTES + " are read");
        }
        PathTrackingFilter paths = new PathTrackingFilter();
        byte[] augmented = validate(source, content, paths);
        try {
            return new XmlDocument<>(source, mapper.readValue(augmented, type), paths.starts());
        } catch (JsonMappingException e) {
            String path = elementPath(paths.starts(), e);
            int[] at = XmlDocument.position(paths.starts(), path);
            throw new XmlDocumentException(source, at[0], at[1], path, e.getOriginalMessage());
        } catch (IOException e) {
            // the binding parser refused what the validating parser took: the document as a whole
            String root = rootPath(paths.starts());
            int[] at = XmlDocument.position(paths.starts(), root);
            throw new XmlDocumentException(source, at[0], at[1], root, e.getMessage());
        }
    }

    private static String rootPath(Map<String, int[]> starts) {
        return starts.keySet().stream().filter(p -> p.lastIndexOf('/') == 0).findFirst().orElse("");
    }

    /**
     * The element path of a binding error: Jackson's path ({@code listener[1].port}) spelled as the
     * validator spells paths ({@code /element/listener[2]/port[1]}), from the root element.
     */
    private static String elementPath(Map<String, int[]> starts, JsonMappingException e) {
        StringBuilder path = new StringBuilder(rootPath(starts));
        List<JsonMappingException.Reference> refs = e.getPath();
        for (int i = 0; i < refs.size(); i++) {
            String field = refs.get(i).getFieldName();
            if (field == null) {
                continue;
            }
            boolean indexed = i + 1 < refs.size() && refs.get(i + 1).getFieldName() == null && refs.get(i + 1).getIndex() >= 0;
            path.append('/').append(field).append('[').append(indexed ? refs.get(i + 1).getIndex() + 1 : 1).append(']');
        }
        return path.toString();
    }

    /** Validates against the schema and returns the document with default attributes filled in. */
    private byte[] validate(String source, byte[] content, PathTrackingFilter paths) throws XmlDocumentException {
        try {
            XMLReader reader = secureParser().newSAXParser().getXMLReader();
            paths.setParent(reader);
            ValidatorHandler validator = schema.schema().newValidatorHandler();
            validator.setErrorHandler(new FailFast(source, paths));
            ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 256);
            validator.setContentHandler(withoutProcessingInstructions(serializer(out)));
            paths.setContentHandler(validator);
            paths.setErrorHandler(new FailFast(source, paths));
            InputSource input = new InputSource(new ByteArrayInputStream(content));
            input.setSystemId(source);
            paths.parse(input);
            return out.toByteArray();
        } catch (Rejected e) {
            throw e.problem;
        } catch (SAXParseException e) {
            throw problem(source, paths, e);
        } catch (UnsupportedEncodingException e) {
            // the parser opens its reader with the XML declaration's encoding, which is on line 1
            throw new XmlDocumentException(source, 1, 1, "", "encoding '" + e.getMessage()
                    + "' of the XML declaration is not supported (write UTF-8)");
        } catch (SAXException | IOException e) {
            throw new XmlDocumentException(source, 0, 0, paths.currentPath(), e.getMessage());
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK XML parser cannot be configured securely", e);
        }
    }

    private static SAXParserFactory secureParser() {
        try {
            SAXParserFactory factory = SAXParserFactory.newDefaultInstance();
            factory.setNamespaceAware(true);
            factory.setXIncludeAware(false);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature(DISALLOW_DOCTYPE, true);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            return factory;
        } catch (ParserConfigurationException | SAXException e) {
            throw new IllegalStateException("the JDK XML parser lacks a required security feature", e);
        }
    }

    /**
     * Drops processing instructions on the way to the binding parser: no model reads them, and
     * the two parsers disagree on their names ({@code <?:xml ...?>} passes the JDK parser, Woodstox
     * refuses it), so that one document would be valid and still fail to bind.
     */
    private static ContentHandler withoutProcessingInstructions(ContentHandler next) {
        XMLFilterImpl filter = new XMLFilterImpl() {
            @Override
            public void processingInstruction(String target, String data) {
                // dropped
            }
        };
        filter.setContentHandler(next);
        return filter;
    }

    private static TransformerHandler serializer(ByteArrayOutputStream out) {
        try {
            SAXTransformerFactory factory = (SAXTransformerFactory) SAXTransformerFactory.newDefaultInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            TransformerHandler handler = factory.newTransformerHandler();
            handler.getTransformer().setOutputProperty(OutputKeys.ENCODING, "UTF-8");
            handler.setResult(new StreamResult(out));
            return handler;
        } catch (TransformerConfigurationException e) {
            throw new IllegalStateException("the JDK XML serializer is not available", e);
        }
    }

    private static XmlMapper newMapper() {
        WstxInputFactory input = new WstxInputFactory();
        input.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        input.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        XmlMapper mapper = new XmlMapper(new XmlFactory(input, new WstxOutputFactory()));
        // The schema has already decided what may appear; attributes such as xsi:schemaLocation
        // are not part of any model.
        mapper.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        mapper.registerModule(new SimpleModule("gatehouse-durations")
                .addDeserializer(Duration.class, new DurationDeserializer()));
        return mapper;
    }

    static XmlDocumentException problem(String source, PathTrackingFilter paths, SAXParseException e) {
        // the parser has no position (-1) while it reads the XML declaration, which starts the
        // document, gives column 0 for a character that starts a line, and a negative column after
        // a run of bare CRs
        int line = e.getLineNumber() < 1 ? 1 : e.getLineNumber();
        int column = e.getLineNumber() < 1 || e.getColumnNumber() < 1 ? 1 : e.getColumnNumber();
        return new XmlDocumentException(source, line, column, paths.currentPath(), readable(e.getMessage()));
    }

    /** Drops the validator's rule code ({@code cvc-complex-type.2.4.a: }) that helps nobody. */
    static String readable(String message) {
        if (message == null) {
            return "invalid document";
        }
        return message.replaceFirst("^cvc-[A-Za-z0-9.\\-]+: ", "");
    }

    /** Reads one document from a stream, for callers that hold no file. */
    public <T> T read(String source, InputStream in, Class<T> type) throws XmlDocumentException {
        return readDocument(source, in, type).model();
    }

    /** Reads one document from a stream, keeping where each element is. */
    public <T> XmlDocument<T> readDocument(String source, InputStream in, Class<T> type) throws XmlDocumentException {
        try {
            byte[] content = in.readNBytes(MAX_DOCUMENT_BYTES + 1);
            return readDocument(source, content, type);
        } catch (IOException e) {
            throw new XmlDocumentException(source, 0, 0, "", "cannot read: " + e.getMessage());
        }
    }

    /** Turns the first error or warning into an exception that stops the parse. */
    private static final class FailFast implements org.xml.sax.ErrorHandler {
        private final String source;
        private final PathTrackingFilter paths;

        FailFast(String source, PathTrackingFilter paths) {
            this.source = source;
            this.paths = paths;
        }

        @Override
        public void warning(SAXParseException e) {
            // warnings (such as an unused namespace) do not make a document invalid
        }

        @Override
        public void error(SAXParseException e) throws SAXException {
            throw new Rejected(problem(source, paths, e));
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
            throw new Rejected(problem(source, paths, e));
        }
    }

    /** Carries our exception through the SAX pipeline unchanged. */
    private static final class Rejected extends SAXException {
        private static final long serialVersionUID = 1L;
        final transient XmlDocumentException problem;

        Rejected(XmlDocumentException problem) {
            super(problem.getMessage());
            this.problem = problem;
        }
    }
}
