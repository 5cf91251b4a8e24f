package org.gatehouse.policy.engine.decision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.gatehouse.policy.engine.api.Codebase;
import org.gatehouse.policy.engine.model.ExtensionPolicy;
import org.gatehouse.policy.engine.spi.Permission;
import org.gatehouse.policy.engine.model.PolicyEntry;
import org.gatehouse.policy.engine.model.PolicyVariables;
import org.gatehouse.policy.engine.model.SystemPolicy;
import org.gatehouse.policy.engine.permission.PermissionTypeRegistry;
import org.gatehouse.policy.engine.xml.PolicyParser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The shipped default system policy as a behaviour matrix: one request per row, from an extension
 * whose own policy asks for a loopback port, thread creation and (in vain) exit; the expected
 * outcome and the kind of rule that decides it. Folders: home /gh, data /gh/data, conf /gh/conf.
 */
class DefaultPolicyMatrixTest {
    static final Codebase EXTENSION = Codebase.of("com.acme.x", "1.0.0", "gatehouse:extension:com.acme.x");
    static PolicyEngine engine;
    static PolicySnapshot snapshot;

    @BeforeAll
    static void loadDefaultPolicy() throws Exception {
        SystemPolicy system;
        try (InputStream in = PolicyParser.class.getResourceAsStream("/org/gatehouse/policy/engine/default-system-policy.xml")) {
            system = new PolicyParser(PermissionTypeRegistry.builtIns()).systemPolicy("default-system-policy.xml", in);
        }
        ExtensionPolicy asks = new ExtensionPolicy("x.xml", List.of(
                new PolicyEntry(Permission.of("socket", "127.0.0.1:8080", "connect"), "x.xml /extension-policy/permission[1]"),
                new PolicyEntry(Permission.of("runtime", "createThread", ""), "x.xml /extension-policy/permission[2]"),
                new PolicyEntry(Permission.of("runtime", "exitVM", ""), "x.xml /extension-policy/permission[3]")));
        engine = new PolicyEngine(e -> { }, Clock.systemUTC(), Duration.ofSeconds(10));
        engine.apply(PermissionTypeRegistry.builtIns(), system, PolicyVariables.of("/gh", "/gh/data", "/gh/conf"),
                List.of(new ExtensionEntry(EXTENSION, asks)));
        snapshot = engine.current();
    }

    @ParameterizedTest(name = "{0} {1} {2} -> {3} by {4}")
    @CsvSource(delimiter = '|', textBlock = """
            file     | /gh/data/extensions/com.acme.x/state.bin                   | read,write | allow | default grant
            file     | /gh/data/extensions/com.acme.other/state.bin               | read       | deny  | not granted
            file     | /etc/passwd                                                | read       | deny  | not granted
            file     | /gh/conf/system-policy.xml                                 | read       | deny  | restriction
            file     | /gh/conf/tls/element.key                                   | read       | deny  | restriction
            file     | /gh/bundles/dataplane.jar                                  | write      | deny  | restriction
            file     | /gh/data/felix-cache/bundle7/version0.0/bundle.jar         | read       | deny  | restriction
            file     | /gh/data/run/confirm.sock                                  | read,write | deny  | restriction
            file     | /gh/data/confirm/phrases.json                              | read       | deny  | restriction
            file     | /gh/data/commands/staged/x.upload                          | write      | deny  | restriction
            socket   | 127.0.0.1:8080                                             | connect    | allow | extension grant
            socket   | 127.0.0.1:8080                                             | resolve    | allow | extension grant
            socket   | 127.0.0.1:8081                                             | connect    | deny  | not granted
            socket   | 0.0.0.0:9000                                               | listen     | deny  | not granted
            socket   | 127.0.0.1:40000                                            | accept     | deny  | not granted
            socket   | 239.255.77.77:0                                            | accept     | deny  | not granted
            property | java.version                                               | read       | allow | default grant
            property | user.home                                                  | read       | deny  | not granted
            property | gatehouse.home                                             | write      | deny  | restriction
            runtime  | exitVM                                                     |            | deny  | restriction
            runtime  | setIO                                                      |            | deny  | restriction
            runtime  | shutdownHooks                                              |            | deny  | restriction
            runtime  | createClassLoader                                          |            | deny  | restriction
            runtime  | defineClass                                                |            | deny  | restriction
            runtime  | loadLibrary.z                                              |            | deny  | restriction
            runtime  | setSecurityProvider                                        |            | deny  | restriction
            runtime  | setDefaultSSLContext                                       |            | deny  | restriction
            runtime  | setSerialFilter                                            |            | deny  | restriction
            runtime  | setFactory                                                 |            | deny  | restriction
            runtime  | setDefaultHandler                                          |            | deny  | restriction
            runtime  | attach                                                     |            | deny  | restriction
            runtime  | accessClassInPackage.sun.misc                              |            | deny  | restriction
            runtime  | setSignalHandler                                           |            | deny  | restriction
            runtime  | raiseSignal                                                |            | deny  | restriction
            runtime  | management                                                 |            | deny  | restriction
            runtime  | flightRecorder                                             |            | deny  | restriction
            runtime  | deferredInvocation                                         |            | deny  | restriction
            runtime  | modifyThreadGroup                                          |            | deny  | restriction
            runtime  | createThread                                               |            | allow | extension grant
            runtime  | setContextClassLoader                                      |            | deny  | not granted
            runtime  | modifyThread                                               |            | deny  | not granted
            runtime  | jndiLookup                                                 |            | deny  | not granted
            runtime  | reflectionFactoryAccess                                    |            | deny  | restriction
            runtime  | setLoginConfiguration                                      |            | deny  | restriction
            runtime  | inheritedChannel                                           |            | deny  | restriction
            runtime  | setLog                                                     |            | deny  | not granted
            runtime  | deregisterDriver                                           |            | deny  | not granted
            runtime  | setSyncFactory                                             |            | deny  | not granted
            property | *                                                          | write      | deny  | restriction
            reflect  | suppressAccessChecks:org.gatehouse.dataplane.Secret        |            | deny  | restriction
            reflect  | privateLookup:java.lang.String                             |            | deny  | restriction
            process  | /bin/sh                                                    | execute    | deny  | restriction
            native   | /usr/lib/libz.so                                           | load       | deny  | restriction
            native   | ffm                                                        | link       | deny  | restriction
            osgi     | framework                                                  | stop       | deny  | restriction
            osgi     | bundle:org.gatehouse.dataplane                             | stop       | deny  | restriction
            osgi     | bundle:file:/tmp/evil.jar                                  | install    | deny  | restriction
            osgi     | hook:org.osgi.framework.hooks.weaving.WeavingHook          | register   | deny  | restriction
            osgi     | service:org.osgi.framework.hooks.service.FindHook          | register   | deny  | restriction
            osgi     | service:org.osgi.framework.hooks.service.FindHook          | get        | allow | default grant
            osgi     | service:org.gatehouse.sdk.Clock                            | get        | allow | default grant
            osgi     | service:org.gatehouse.sdk.Clock                            | register   | deny  | not granted
            osgi     | service:org.gatehouse.policy.engine.api.ExtensionInstaller        | get        | deny  | restriction
            osgi     | service:org.osgi.service.cm.ConfigurationAdmin             | get        | deny  | restriction
            osgi     | service:org.apache.felix.scr.ScrService                    | get        | deny  | restriction
            """)
    void defaultPolicy(String type, String name, String actions, String outcome, String rule) {
        Decision d = snapshot.decide(EXTENSION, type, name, actions == null ? "" : actions);
        assertEquals(outcome.equals("allow"), d.allowed(), d::toString);
        assertTrue(d.rule().startsWith(rule), d::toString);
    }

    @Test
    void exitAskedForIsRejectedAtMergeNamingTheRestriction() {
        assertEquals(List.of("ext:com.acme.x/1.0.0 rejected [runtime exitVM] (x.xml /extension-policy/permission[3]): "
                + "intersects restriction [runtime exitVM] (default-system-policy.xml [52:47] /system-policy/restrictions/permission[1])"),
                snapshot.merge(EXTENSION.id()).orElseThrow().warnings());
    }
}
