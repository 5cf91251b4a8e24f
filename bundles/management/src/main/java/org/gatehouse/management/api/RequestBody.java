package org.gatehouse.management.api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * A request body as received: nothing, one file (any content type) or the parts of a
 * multipart/form-data body, each a file. Bodies are streamed to temporary files while they
 * arrive; {@link #close()} deletes them.
 */
public interface RequestBody extends AutoCloseable {

    /** The body's Content-Type without parameters, lower-case; empty when there is no body. */
    String mediaType();

    /** The whole body as a file, unless it is empty or multipart. */
    Optional<Path> file();

    /** The parts by name when the body is multipart/form-data; empty otherwise. */
    Map<String, BodyPart> parts();

    /** The body's size in bytes (the sum of the parts for multipart). */
    long size();

    @Override
    void close();

    /** The whole body in memory, for documents (bounded by the route's document limit). */
    default byte[] bytes() throws ApiException {
        Optional<Path> path = file();
        if (path.isEmpty()) {
            throw ApiException.badRequest(parts().isEmpty() ? "a request body is required" : "a single document body was expected, not multipart");
        }
        try {
            return Files.readAllBytes(path.get());
        } catch (IOException e) {
            throw new ApiException(500, "internal_error", "cannot read the request body back: " + e.getMessage(), java.util.List.of());
        }
    }

    /** No body. */
    RequestBody EMPTY = new RequestBody() {
        @Override
        public String mediaType() {
            return "";
        }

        @Override
        public Optional<Path> file() {
            return Optional.empty();
        }

        @Override
        public Map<String, BodyPart> parts() {
            return Map.of();
        }

        @Override
        public long size() {
            return 0;
        }

        @Override
        public void close() {
        }
    };
}
