package org.gatehouse.policy.engine.permission;

import org.gatehouse.policy.engine.spi.PermissionType;
import org.gatehouse.policy.engine.spi.NamedPermissionType;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.gatehouse.policy.engine.spi.Permission;
import org.junit.jupiter.api.Test;

class NamedPermissionTypeTest {
    private final PermissionTypeRegistry registry = PermissionTypeRegistry.builtIns();

    @Test
    void propertyWildcardAtTheEnd() {
        PermissionType property = registry.require("property");
        assertTrue(property.implies("gatehouse.*", List.of("read"), "gatehouse.home", List.of("read")));
        assertFalse(property.implies("gatehouse.*", List.of("read"), "gatehouse.home", List.of("write")));
        assertFalse(property.implies("gatehouse.*", List.of("read"), "gatehousex", List.of("read")));
        assertTrue(property.implies("*", List.of("read"), "user.home", List.of("read")));
        assertTrue(property.implies("gatehouse.*", List.of("read"), "gatehouse.a.*", List.of("read")));
        assertFalse(property.implies("gatehouse.a.*", List.of("read"), "gatehouse.*", List.of("read")));
    }

    @Test
    void runtimeHasNamesOnly() {
        PermissionType runtime = registry.require("runtime");
        assertTrue(runtime.implies("loadLibrary.*", List.of(), "loadLibrary.z", List.of()));
        assertFalse(runtime.implies("exitVM", List.of(), "setIO", List.of()));
        assertEquals("runtime permissions take no actions, found [read]",
                assertThrows(IllegalArgumentException.class, () -> registry.canonical(Permission.of("runtime", "exitVM", "read"))).getMessage());
    }

    @Test
    void reflectTargetsArePrefixes() {
        PermissionType reflect = registry.require("reflect");
        assertTrue(reflect.intersects("suppressAccessChecks:org.gatehouse.*", List.of(),
                "suppressAccessChecks:org.gatehouse.dataplane.Secret", List.of()));
        assertFalse(reflect.intersects("suppressAccessChecks:org.gatehouse.*", List.of(),
                "suppressAccessChecks:com.acme.Own", List.of()));
        assertTrue(reflect.intersects("suppressAccessChecks:*", List.of(), "suppressAccessChecks:org.*", List.of()));
    }

    @Test
    void osgiActionsAndNames() {
        PermissionType osgi = registry.require("osgi");
        assertTrue(osgi.implies("service:org.gatehouse.sdk.*", List.of("get"), "service:org.gatehouse.sdk.Clock", List.of("get")));
        assertFalse(osgi.implies("service:org.gatehouse.sdk.*", List.of("get"), "service:org.gatehouse.sdk.Clock", List.of("register")));
        assertTrue(osgi.intersects("framework", List.of("stop", "update"), "framework", List.of()));
        assertEquals("osgi permission needs actions: one or more of adapt, context, get, install, refresh, "
                + "register, resolve, start, stop, uninstall, update, or *",
                assertThrows(IllegalArgumentException.class, () -> registry.canonical(Permission.of("osgi", "framework", ""))).getMessage());
    }

    @Test
    void wildcardOnlyAtTheEnd() {
        assertEquals("property name [a.*.b] may have '*' only at its end",
                assertThrows(IllegalArgumentException.class, () -> registry.canonical(Permission.of("property", "a.*.b", "read"))).getMessage());
    }

    @Test
    void customTypesAreRegisteredButBuiltInsCannotBeReplaced() {
        PermissionTypeRegistry extended = registry.with(new NamedPermissionType("credential-store", Set.of("read", "use")));
        assertTrue(extended.find("credential-store").isPresent());
        assertTrue(registry.find("credential-store").isEmpty(), "registries are immutable");
        assertEquals("permission type [file] is built in and cannot be replaced",
                assertThrows(IllegalArgumentException.class, () -> registry.with(new NamedPermissionType("file", Set.of()))).getMessage());
        assertEquals("unknown permission type [vault]; known types: env, file, native, osgi, process, property, reflect, runtime, socket",
                assertThrows(IllegalArgumentException.class, () -> registry.require("vault")).getMessage());
    }
}
