package org.gatehouse.extension.descriptor;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.gatehouse.extension.descriptor.DescriptorDocument.BladeletElement;
import org.gatehouse.extension.descriptor.DescriptorDocument.ParameterElement;
import org.gatehouse.policy.schemas.GatehouseSchema;
import org.gatehouse.policy.schemas.XmlDocumentException;
import org.gatehouse.policy.schemas.XmlDocumentReader;
import org.gatehouse.sdk.descriptor.BladeletDescriptor;
import org.gatehouse.sdk.descriptor.BladeletKind;
import org.gatehouse.sdk.descriptor.BodyAccess;
import org.gatehouse.sdk.descriptor.ExtensionDescriptor;
import org.gatehouse.sdk.descriptor.ParameterDefinition;
import org.gatehouse.sdk.descriptor.ParameterType;
import org.gatehouse.sdk.descriptor.ParameterValidator;

/**
 * Reads a bladelet descriptor in two steps: the schema
 * ({@link GatehouseSchema#BLADELET_DESCRIPTOR}) checks the shape and reports
 * {@code file [line:col] /path: reason}; then each bladelet and parameter becomes the SDK model,
 * whose typed checks (a default outside the domain, min above max...) report
 * {@code file /bladelets/bladelet[1]/parameter[2]: bladelet 'x' parameter 'y': reason}.
 * Thread-safe.
 *
 * <pre>{@code
 * ExtensionDescriptor d = new BladeletDescriptorReader().read(Path.of("bladelets.xml"));
 * }</pre>
 */
public final class BladeletDescriptorReader {
    private final XmlDocumentReader xml = XmlDocumentReader.forSchema(GatehouseSchema.BLADELET_DESCRIPTOR);

    /** Reads a descriptor file. */
    public ExtensionDescriptor read(Path file) throws XmlDocumentException {
        DescriptorDocument doc = xml.read(file, DescriptorDocument.class);
        return toModel(file.getFileName() == null ? file.toString() : file.getFileName().toString(), doc);
    }

    /** Reads a descriptor held in memory, naming it {@code source} in errors. */
    public ExtensionDescriptor read(String source, byte[] content) throws XmlDocumentException {
        return toModel(source, xml.read(source, content, DescriptorDocument.class));
    }

    /**
     * Reads {@value ExtensionDescriptor#BUNDLE_ENTRY} from an extension jar. The entry's size is
     * checked before it is read, so a crafted jar cannot make the reader inflate a bomb.
     */
    public ExtensionDescriptor readFromJar(Path jar) throws XmlDocumentException {
        String jarName = jar.getFileName() == null ? jar.toString() : jar.getFileName().toString();
        String source = jarName + "!/" + ExtensionDescriptor.BUNDLE_ENTRY;
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            ZipEntry entry = zip.getEntry(ExtensionDescriptor.BUNDLE_ENTRY);
            if (entry == null) {
                throw new XmlDocumentException(jarName, 0, 0, "", "the extension has no " + ExtensionDescriptor.BUNDLE_ENTRY);
            }
            if (entry.getSize() > XmlDocumentReader.MAX_DOCUMENT_BYTES) {
                throw new XmlDocumentException(source, 0, 0, "", "descriptor is " + entry.getSize() + " bytes; at most "
                        + XmlDocumentReader.MAX_DOCUMENT_BYTES + " are read");
            }
            try (InputStream in = zip.getInputStream(entry)) {
                return read(source, in.readNBytes(XmlDocumentReader.MAX_DOCUMENT_BYTES + 1));
            }
        } catch (NoSuchFileException e) {
            throw new XmlDocumentException(jarName, 0, 0, "", "file not found: " + jar.toAbsolutePath());
        } catch (IOException e) {
            throw new XmlDocumentException(jarName, 0, 0, "", "not a readable jar: " + e.getMessage());
        }
    }

    /**
     * Reads the one descriptor visible to the class loader, as a unit test of an extension sees
     * its own {@code src/main/resources/OSGI-INF/gatehouse/bladelets.xml}.
     */
    public ExtensionDescriptor readFromClassLoader(ClassLoader loader) throws XmlDocumentException {
        List<URL> found;
        try {
            found = Collections.list(loader.getResources(ExtensionDescriptor.BUNDLE_ENTRY));
        } catch (IOException e) {
            throw new XmlDocumentException(ExtensionDescriptor.BUNDLE_ENTRY, 0, 0, "", "cannot list class path resources: " + e.getMessage());
        }
        if (found.size() != 1) {
            throw new XmlDocumentException(ExtensionDescriptor.BUNDLE_ENTRY, 0, 0, "", found.isEmpty()
                    ? "not found on the class path; put it in src/main/resources/" + ExtensionDescriptor.BUNDLE_ENTRY
                    : "found " + found.size() + " times on the class path " + found + "; read one by path instead");
        }
        URL url = found.get(0);
        try (InputStream in = url.openStream()) {
            return read(url.toExternalForm(), in.readNBytes(XmlDocumentReader.MAX_DOCUMENT_BYTES + 1));
        } catch (IOException e) {
            throw new XmlDocumentException(url.toExternalForm(), 0, 0, "", "cannot read: " + e.getMessage());
        }
    }

    /** Reads the descriptor of a folder laid out like a bundle (such as Maven's {@code target/classes}), if it has one. */
    public Optional<ExtensionDescriptor> readFromFolder(Path folder) throws XmlDocumentException {
        Path file = folder.resolve(ExtensionDescriptor.BUNDLE_ENTRY);
        return Files.isRegularFile(file) ? Optional.of(read(file)) : Optional.empty();
    }

    private static ExtensionDescriptor toModel(String source, DescriptorDocument doc) throws XmlDocumentException {
        List<BladeletDescriptor> bladelets = new ArrayList<>();
        int index = 0;
        for (BladeletElement element : doc.bladeletsOrEmpty()) {
            index++;
            bladelets.add(toModel(source, "/bladelets/bladelet[" + index + "]", element));
        }
        try {
            return new ExtensionDescriptor(bladelets);
        } catch (IllegalArgumentException e) {
            throw new XmlDocumentException(source, 0, 0, "/bladelets", e.getMessage());
        }
    }

    private static BladeletDescriptor toModel(String source, String path, BladeletElement element) throws XmlDocumentException {
        List<ParameterDefinition> parameters = new ArrayList<>();
        int index = 0;
        for (ParameterElement p : element.parametersOrEmpty()) {
            index++;
            ParameterDefinition definition = toModel(p);
            List<String> problems = ParameterValidator.checkDefinition(element.name(), definition);
            if (!problems.isEmpty()) {
                throw new XmlDocumentException(source, 0, 0, path + "/parameter[" + index + "]", String.join("; ", problems));
            }
            parameters.add(definition);
        }
        BodyAccess body = element.body() == null ? BodyAccess.NONE : BodyAccess.upTo(element.body().maxBytes());
        try {
            return new BladeletDescriptor(element.name(), BladeletKind.fromXmlName(element.kind()), element.className(),
                    element.description(), body, parameters);
        } catch (IllegalArgumentException e) {
            throw new XmlDocumentException(source, 0, 0, path, e.getMessage());
        }
    }

    private static ParameterDefinition toModel(ParameterElement p) {
        return new ParameterDefinition(p.name(), ParameterType.fromXmlName(p.type()), p.description(), p.required(),
                Optional.ofNullable(p.defaultValue()), p.allowedValuesOrEmpty(), Optional.ofNullable(p.pattern()),
                Optional.ofNullable(p.min()), Optional.ofNullable(p.max()), p.secret());
    }
}
