package org.gatehouse.extension.qualification;

import java.time.Instant;
import java.util.Objects;

/**
 * Who sent an extension bundle, under which file name, and when it arrived. Qualification rules
 * match on the uploader and on {@code receivedAt} (time windows are evaluated in UTC).
 *
 * @param fileName the name the uploader gave the file; only shown in reasons, never used as a path
 * @param uploader the authenticated principal that uploaded it
 * @param receivedAt when the upload completed
 */
public record Upload(String fileName, String uploader, Instant receivedAt) {
    public Upload {
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(uploader, "uploader");
        Objects.requireNonNull(receivedAt, "receivedAt");
    }
}
