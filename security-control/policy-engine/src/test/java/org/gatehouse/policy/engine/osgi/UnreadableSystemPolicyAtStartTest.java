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
 * An element must not start on a system policy it cannot read: the control module's start fails
 * with the file, line:column, element path and reason (the launcher prints that one line and
 * exits). A valid file in the same place starts.
 */
class UnreadableSystemPolicyAtStartTest {

    @Test
    void anInvalidSystemPolicyStopsTheStartAndAValidOneStarts() throws Exception {
        // the bridge takes one decider per JVM: the shared framework must hold it, not the control module started here
        assertTrue(SandboxFramework.control.deciderInstalled(), "the shared framework holds this JVM's decider");
        Path temp = Files.createTempDirectory(Files.createDirectories(Path.of("target").toAbsolutePath()), "bad-policy-");
        Path conf = Files.createDirectories(temp.resolve("home").resolve("conf"));
        Path policy = conf.resolve("system-policy.xml");
        Files.writeString(policy, "<system-policy xmlns=\"urn:gatehouse:system-policy:1\">\n  <restrictions>\n"
                + "    <permission type=\"runtime\"/>\n  </restrictions>\n</system-policy>\n");
        try (TestFramework framework = TestFramework.start(temp.resolve("cache"), Map.of(
                "gatehouse.home", temp.resolve("home").toString(),
                "gatehouse.conf.dir", conf.toString(),
                "gatehouse.data.dir", temp.resolve("data").toString()))) {
            XmlDocumentException refused = assertThrows(XmlDocumentException.class,
                    () -> new SandboxControl(framework.context()).start());
            assertEquals("system-policy.xml [3:33] /system-policy/restrictions[1]/permission[1]: "
                    + "Attribute 'name' must appear on element 'permission'.", refused.getMessage());

            Files.writeString(policy, "<system-policy xmlns=\"urn:gatehouse:system-policy:1\"/>\n");
            SandboxControl control = new SandboxControl(framework.context());
            control.start();
            assertEquals(0, control.engine().current().merges().size());
            control.stop();
        }
    }
}
