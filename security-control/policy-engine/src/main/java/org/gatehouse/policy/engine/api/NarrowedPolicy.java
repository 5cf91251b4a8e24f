package org.gatehouse.policy.engine.api;

import java.util.List;

/**
 * A policy document with some permissions left out ({@link PolicyService#narrow}).
 *
 * @param document the document to install: the one given, byte for byte, when nothing was dropped
 * @param dropped  one line per permission left out, e.g. {@code dropped [socket *:25 connect] by condition ...}
 */
public record NarrowedPolicy(byte[] document, List<String> dropped) {
    public NarrowedPolicy {
        document = document.clone();
        dropped = List.copyOf(dropped);
    }

    @Override
    public byte[] document() {
        return document.clone();
    }
}
