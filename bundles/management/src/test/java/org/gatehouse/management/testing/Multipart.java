package org.gatehouse.management.testing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Builds a multipart/form-data body (RFC 7578) by hand, so the tests control every byte. */
public final class Multipart {
    public static final String BOUNDARY = "gatehouse-test-boundary-7d2f";
    public static final String CONTENT_TYPE = "multipart/form-data; boundary=" + BOUNDARY;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    public Multipart file(String name, String fileName, String contentType, byte[] content) {
        text("--" + BOUNDARY + "\r\n");
        text("Content-Disposition: form-data; name=\"" + name + "\"; filename=\"" + fileName + "\"\r\n");
        text("Content-Type: " + contentType + "\r\n\r\n");
        out.writeBytes(content);
        text("\r\n");
        return this;
    }

    public byte[] build() {
        text("--" + BOUNDARY + "--\r\n");
        return out.toByteArray();
    }

    private void text(String s) {
        out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
    }
}
