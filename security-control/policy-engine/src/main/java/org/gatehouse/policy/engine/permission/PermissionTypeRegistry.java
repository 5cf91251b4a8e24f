package org.gatehouse.policy.engine.permission;

import org.gatehouse.policy.engine.spi.PermissionType;
import org.gatehouse.policy.engine.spi.NamedPermissionType;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.gatehouse.policy.engine.spi.Permission;

/**
 * The permission types the engine knows, by name. Immutable: {@link #with(PermissionType)}
 * returns a new registry, which becomes effective with the next policy snapshot.
 *
 * <p>Built-ins and their actions (the vocabulary shared with the sandbox bridge):
 * <ul>
 *   <li>{@code file} read, write, delete, execute; {@code socket} connect, listen, accept, resolve;</li>
 *   <li>{@code property} read, write; {@code process} execute; {@code native} load, link;</li>
 *   <li>{@code runtime} and {@code reflect}: names only;</li>
 *   <li>{@code osgi} install, start, stop, update, uninstall, resolve, refresh, register, get.</li>
 * </ul>
 */
public final class PermissionTypeRegistry {
    private static final PermissionTypeRegistry BUILT_INS = new PermissionTypeRegistry(Map.of())
            .with(new FilePermissionType())
            .with(new SocketPermissionType())
            .with(new NamedPermissionType("property", Set.of("read", "write")))
            .with(new NamedPermissionType("env", Set.of("read")))
            .with(new NamedPermissionType("runtime", Set.of()))
            .with(new NamedPermissionType("reflect", Set.of()))
            .with(new NamedPermissionType("process", Set.of("execute")))
            .with(new NamedPermissionType("native", Set.of("load", "link")))
            .with(new NamedPermissionType("osgi",
                    Set.of("install", "start", "stop", "update", "uninstall", "resolve", "refresh", "register", "get",
                            "context", "adapt")));

    private final Map<String, PermissionType> types;

    private PermissionTypeRegistry(Map<String, PermissionType> types) {
        this.types = Map.copyOf(types);
    }

    /** The built-in types only. */
    public static PermissionTypeRegistry builtIns() {
        return BUILT_INS;
    }

    /** This registry plus {@code type}; a built-in type cannot be replaced. */
    public PermissionTypeRegistry with(PermissionType type) {
        // BUILT_INS is still null while it is being built from these calls
        if (BUILT_INS != null && BUILT_INS.types.containsKey(type.name())) {
            throw new IllegalArgumentException("permission type [" + type.name() + "] is built in and cannot be replaced");
        }
        Map<String, PermissionType> next = new TreeMap<>(types);
        next.put(type.name(), type);
        return new PermissionTypeRegistry(next);
    }

    /** This registry without the custom type of that name; built-ins stay. */
    public PermissionTypeRegistry without(String name) {
        if (BUILT_INS.types.containsKey(name) || !types.containsKey(name)) {
            return this;
        }
        Map<String, PermissionType> next = new TreeMap<>(types);
        next.remove(name);
        return new PermissionTypeRegistry(next);
    }

    public Optional<PermissionType> find(String name) {
        return Optional.ofNullable(types.get(name));
    }

    /** The type of that name, or an error naming it and the known types. */
    public PermissionType require(String name) {
        PermissionType type = types.get(name);
        if (type == null) {
            throw new IllegalArgumentException("unknown permission type [" + name + "]; known types: " + String.join(", ", new TreeMap<>(types).keySet()));
        }
        return type;
    }

    /** The canonical form of a permission written in a policy; its type must be registered. */
    public Permission canonical(Permission written) {
        return require(written.type()).canonical(written);
    }

    public Collection<PermissionType> types() {
        return types.values();
    }
}
