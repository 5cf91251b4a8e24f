package org.gatehouse.sdk.descriptor;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * All the bladelets one extension bundle provides, as its {@code OSGI-INF/gatehouse/bladelets.xml}
 * declares them. Bladelet names are unique within the extension.
 */
public record ExtensionDescriptor(List<BladeletDescriptor> bladelets) {
    /** Where an extension bundle carries its descriptor. */
    public static final String BUNDLE_ENTRY = "OSGI-INF/gatehouse/bladelets.xml";

    public ExtensionDescriptor {
        bladelets = List.copyOf(bladelets);
        if (bladelets.isEmpty()) {
            throw new IllegalArgumentException("an extension descriptor declares at least one bladelet");
        }
        Set<String> names = new HashSet<>();
        for (BladeletDescriptor b : bladelets) {
            if (!names.add(b.name())) {
                throw new IllegalArgumentException("bladelet '" + b.name() + "' is declared twice");
            }
        }
    }

    /** The bladelet of that name. */
    public Optional<BladeletDescriptor> bladelet(String name) {
        return bladelets.stream().filter(b -> b.name().equals(name)).findFirst();
    }

    /** The bladelet of that name, or an error listing the declared ones. */
    public BladeletDescriptor requireBladelet(String name) {
        return bladelet(name).orElseThrow(() -> new IllegalArgumentException("no bladelet '" + name
                + "' in the descriptor (declared: " + names() + ")"));
    }

    /** The declared names, in document order. */
    public List<String> names() {
        return bladelets.stream().map(BladeletDescriptor::name).collect(Collectors.toList());
    }
}
