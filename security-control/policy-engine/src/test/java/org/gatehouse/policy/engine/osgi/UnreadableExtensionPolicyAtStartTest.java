package org.gatehouse.policy.engine.osgi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.gatehouse.policy.schemas.XmlDocumentException;
import org.gatehouse.test.support.osgi.TestFramework;
import org.junit.jupiter.api.Test;

/**
 * An element must not start on an extension policy file it cannot read, whether or not the
 * extension it names is installed yet (the extension manager installs them after the control
 * module starts): the control module's start fails with {@code extension-policies/<file>},
 * line:column, element path and reason. The same file made valid starts, and so does a folder
 * holding files that are no policy (a temporary upload, a name no symbolic name has).
 */
class UnreadableExtensionPolicyAtStartTest {

    @Test
    void anInvalidExtensionPolicyFileStopsTheStartAndAValidOneStarts() throws Exception {
        // the bridge takes one decider per JVM: the shared framework must hold it, not the control module started here
        assertTrue(SandboxFramework.control.deciderInstalled(), "the shared framework holds this JVM's decider");
        Path temp = Files.createTempDirectory(Files.createDirectories(Path.of("target").toAbsolutePath()), "bad-ext-policy-");
        Path conf = Files.createDirectories(temp.resolve("home").resolve("conf"));
        Path folder = Files.createDirectories(conf.resolve("extension-policies"));
        Files.writeString(folder.resolve("com.acme.good.xml"), SandboxFramework.policy(
                "<permission type='socket' name='127.0.0.1:7001' actions='connect'/>"));
        Path bad = folder.resolve("com.acme.limiter.xml");
        Files.writeString(bad, "<extension-policy xmlns=\"urn:gatehouse:extension-policy:1\">\n"
                + "  <permission type=\"socket\" actions=\"connect\"/>\n</extension-policy>\n");
        Files.writeString(folder.resolve(".upload-1.tmp"), "not a policy");
        try (TestFramework framework = TestFramework.start(temp.resolve("cache"), Map.of(
                "gatehouse.home", temp.resolve("home").toString(),
                "gatehouse.conf.dir", conf.toString(),
                "gatehouse.data.dir", temp.resolve("data").toString()))) {
            XmlDocumentException refused = assertThrows(XmlDocumentException.class,
                    () -> new SandboxControl(framework.context()).start());
            assertEquals("extension-policies/com.acme.limiter.xml [2:48] /extension-policy/permission[1]: "
                    + "Attribute 'name' must appear on element 'permission'.", refused.getMessage());

            Files.writeString(bad, SandboxFramework.policy("<permission type='socket' name='127.0.0.1:7002' actions='connect'/>"));
            SandboxControl control = new SandboxControl(framework.context());
            control.start();
            assertEquals(0, control.engine().current().merges().size(), "no extension installed yet");
            control.stop();
        }
    }
}
