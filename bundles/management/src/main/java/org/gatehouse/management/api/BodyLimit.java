package org.gatehouse.management.api;

/** How much body a route accepts; bodies past the limit are refused with 413 while they stream in. */
public enum BodyLimit {
    /** No body is read; one that comes anyway is refused. */
    NONE,
    /** A document (JSON or XML) up to {@code org.gatehouse.schemas.XmlDocumentReader#MAX_DOCUMENT_BYTES}. */
    DOCUMENT,
    /** An extension upload up to the configured {@code gatehouse.management.max-upload-bytes}. */
    UPLOAD
}
