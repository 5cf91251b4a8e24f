package org.gatehouse.extension.manager.internal.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.gatehouse.policy.schemas.XmlDocumentException;
import org.gatehouse.test.support.osgi.FrameworkExtension;
import org.gatehouse.test.support.osgi.TestFramework;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;

/**
 * An element must not start on qualification files it cannot read: the extension manager's start
 * fails with the file, line:column, element path and reason (the launcher prints that one line
 * and exits), before it opens anything. Valid files in the same places start; so do none.
 */
class UnreadableQualificationFilesAtStartTest {
    @TempDir
    Path temp;
    private Path conf;
    private Path data;
    @RegisterExtension
    final FrameworkExtension frameworks = new FrameworkExtension();
    private TestFramework framework;

    @BeforeEach
    void startFramework() throws Exception {
        conf = Files.createDirectories(temp.resolve("home/conf"));
        data = Files.createDirectories(temp.resolve("home/data"));
        framework = frameworks.start(temp.resolve("cache"), Map.of(
                "gatehouse.home", temp.resolve("home").toString(),
                "gatehouse.conf.dir", conf.toString(),
                "gatehouse.data.dir", data.toString()));
    }

    @Test
    void rulesThatDoNotReadStopTheStart() throws Exception {
        Files.writeString(conf.resolve("qualification-rules.xml"), """
                <qualification-rules xmlns="urn:gatehouse:qualification-rules:1">
                  <rule name="vendor" answer="maybe"/>
                </qualification-rules>
                """);

        XmlDocumentException refused = assertThrows(XmlDocumentException.class, this::startManager);

        assertEquals("qualification-rules.xml [2:39] /qualification-rules/rule[1]: Value 'maybe' is not facet-valid with respect "
                + "to enumeration '[enable, conditional-enable, deny]'. It must be a value from the enumeration.", refused.getMessage());
    }

    @Test
    void aSignatureDatabaseThatDoesNotReadStopsTheStart() throws Exception {
        Files.writeString(conf.resolve("signature-db.xml"), """
                <signature-database xmlns="urn:gatehouse:signature-database:1">
                  <entry sha256="ABC" added-by="admin" added-at="2026-01-01T00:00:00Z"/>
                </signature-database>
                """);

        XmlDocumentException refused = assertThrows(XmlDocumentException.class, this::startManager);

        assertEquals("signature-db.xml [2:73] /signature-database/entry[1]: Value 'ABC' is not facet-valid with respect to "
                + "pattern '[0-9a-f]{64}' for type 'Sha256'.", refused.getMessage());
    }

    @Test
    void aTrustedPublisherCertificateThatDoesNotReadStopsTheStart() throws Exception {
        Path publishers = Files.createDirectories(conf.resolve("trusted-publishers"));
        Path broken = Files.writeString(publishers.resolve("vendor.pem"), "-----BEGIN CERTIFICATE-----\nnot base64 at all\n-----END CERTIFICATE-----\n");

        XmlDocumentException refused = assertThrows(XmlDocumentException.class, this::startManager);
        assertTrue(refused.getMessage().startsWith("trusted-publishers/vendor.pem: trusted publisher certificate " + broken
                + " does not read: "), refused.getMessage());

        Files.writeString(broken, "no certificate here\n");
        refused = assertThrows(XmlDocumentException.class, this::startManager);
        assertTrue(refused.getMessage().startsWith("trusted-publishers/vendor.pem: trusted publisher "
                + "certificate " + broken + " does not read: "), refused.getMessage());

        // the other side: a certificate that reads starts
        try (var pem = UnreadableQualificationFilesAtStartTest.class.getResourceAsStream("/publishers/example-publisher.pem")) {
            Files.write(broken, pem.readAllBytes());
        }
        startManager().stop(framework.context());
    }

    @Test
    void validFilesAndNoFilesStart() throws Exception {
        startManager().stop(framework.context());
        Files.writeString(conf.resolve("qualification-rules.xml"), """
                <qualification-rules xmlns="urn:gatehouse:qualification-rules:1">
                  <rule name="vendor" answer="enable"/>
                </qualification-rules>
                """);
        Files.writeString(conf.resolve("signature-db.xml"), """
                <signature-database xmlns="urn:gatehouse:signature-database:1"/>
                """);
        startManager().stop(framework.context());
    }

    private ExtensionManagerActivator startManager() throws Exception {
        BundleContext context = framework.context();
        ExtensionManagerActivator activator = new ExtensionManagerActivator();
        activator.start(context);
        return activator;
    }
}
