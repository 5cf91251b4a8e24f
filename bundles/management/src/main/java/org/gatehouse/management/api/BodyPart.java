package org.gatehouse.management.api;

import java.nio.file.Path;
import java.util.Objects;

/** One part of a multipart/form-data body, already on disk. */
public record BodyPart(String name, String fileName, String contentType, Path file, long size) {
    public BodyPart {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(file, "file");
        fileName = fileName == null ? "" : fileName;
        contentType = contentType == null ? "" : contentType;
    }
}
