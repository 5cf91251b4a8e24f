package org.gatehouse.policy.engine.api;

import java.util.List;
import java.util.Objects;

/**
 * The vendor policy ({@code conf/system-policy.xml}) as it is in force (docs/policy-language.md
 * "The vendor policy").
 *
 * @param source                 the file it was read from
 * @param defaultGrants          what every extension is granted without asking
 * @param overridable            what extensions of some codebases may ask for
 * @param restrictions           what no extension is granted, whatever it asks
 * @param allowedPackages        the packages an extension may import
 * @param maxThreadsPerExtension the thread budget of one extension
 */
public record SystemPolicyView(String source, List<Entry> defaultGrants, List<Overridable> overridable,
        List<Entry> restrictions, List<String> allowedPackages, int maxThreadsPerExtension) {
    public SystemPolicyView {
        Objects.requireNonNull(source, "source");
        defaultGrants = List.copyOf(defaultGrants);
        overridable = List.copyOf(overridable);
        restrictions = List.copyOf(restrictions);
        allowedPackages = List.copyOf(allowedPackages);
    }

    /**
     * One permission of the vendor policy.
     *
     * @param permission e.g. {@code property java.version read}
     * @param origin     the element it came from, e.g. {@code system-policy.xml [12:5]}
     */
    public record Entry(String permission, String origin) {
    }

    /**
     * Permissions extensions of the named codebases may ask for.
     *
     * @param codebases   codebase patterns, e.g. {@code ext:com.acme.*}
     * @param permissions what they may ask for
     * @param origin      the element it came from
     */
    public record Overridable(List<String> codebases, List<Entry> permissions, String origin) {
        public Overridable {
            codebases = List.copyOf(codebases);
            permissions = List.copyOf(permissions);
        }
    }
}
