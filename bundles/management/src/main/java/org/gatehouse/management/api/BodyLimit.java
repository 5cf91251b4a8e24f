package org.gatehouse.management.api;

import java.util.List;

/**
 * How much body a route accepts and in which media types; bodies past the limit are refused with
 * 413 while they stream in, and a Content-Type the route does not take is refused with 415
 * (RFC 9110 section 15.5.16) at the request head, before any of the body is stored.
 */
public enum BodyLimit {
    /** No body is read; one that comes anyway is refused. */
    NONE(List.of()),
    /** An XML document up to {@code org.gatehouse.policy.schemas.XmlDocumentReader#MAX_DOCUMENT_BYTES}. */
    DOCUMENT(List.of("application/xml", "text/xml")),
    /** A certificate file (PEM, or DER) up to the document limit. */
    CERTIFICATE(List.of("application/x-pem-file", "application/pkix-cert", "application/x-x509-ca-cert", "text/plain")),
    /** An extension upload up to the configured {@code gatehouse.management.max-upload-bytes}: the jar, or multipart. */
    UPLOAD(List.of("application/java-archive", "application/x-java-archive", "application/zip", "application/octet-stream",
            "multipart/form-data"));

    private final List<String> mediaTypes;

    BodyLimit(List<String> mediaTypes) {
        this.mediaTypes = mediaTypes;
    }

    /** The Content-Types (without parameters, lower case) a body of this kind may have; none for NONE. */
    public List<String> mediaTypes() {
        return mediaTypes;
    }

    /** Whether a request body of this media type (without parameters, lower case) is taken. */
    public boolean accepts(String mediaType) {
        return this == NONE || mediaTypes.contains(mediaType);
    }
}
