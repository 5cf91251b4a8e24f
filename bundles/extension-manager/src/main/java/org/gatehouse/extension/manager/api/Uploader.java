package org.gatehouse.extension.manager.api;

import java.util.Objects;

/** Who asked for an operation, and the file name they gave, for qualification rules and audit. */
public record Uploader(String user, String fileName) {
    public Uploader {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(fileName, "fileName");
    }
}
