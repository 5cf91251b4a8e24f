package org.gatehouse.policy.osgi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.felix.framework.Felix;
import org.gatehouse.schemas.XmlDocumentException;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;

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
        Framework framework = new Felix(Map.of(
                Constants.FRAMEWORK_STORAGE, temp.resolve("cache").toString(),
                Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT,
                "gatehouse.home", temp.resolve("home").toString(),
                "gatehouse.conf.dir", conf.toString(),
                "gatehouse.data.dir", temp.resolve("data").toString()));
        framework.start();
        try {
            XmlDocumentException refused = assertThrows(XmlDocumentException.class,
                    () -> new SandboxControl(framework.getBundleContext()).start());
            assertEquals("system-policy.xml [3:33] /system-policy/restrictions[1]/permission[1]: "
                    + "Attribute 'name' must appear on element 'permission'.", refused.getMessage());

            Files.writeString(policy, "<system-policy xmlns=\"urn:gatehouse:system-policy:1\"/>\n");
            SandboxControl control = new SandboxControl(framework.getBundleContext());
            control.start();
            assertEquals(0, control.engine().current().merges().size());
            control.stop();
        } finally {
            framework.stop();
            framework.waitForStop(10_000);
        }
    }
}
