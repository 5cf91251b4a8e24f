package org.gatehouse.management.api;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.gatehouse.policy.schemas.XmlDocumentReader;

/**
 * An extension upload taken from a request: the bundle as a file and, optionally, a policy
 * document. Either the raw bundle ({@code application/java-archive}, {@code application/zip} or
 * {@code application/octet-stream}; file name from the {@code file-name} query parameter) or
 * {@code multipart/form-data} with a {@code bundle} part and an optional {@code policy} part.
 * Each is identified by its SHA-256, which is what the command records.
 */
record Upload(Path bundle, String fileName, long size, String bundleSha256, Optional<byte[]> policy) {
    private static final String DEFAULT_FILE_NAME = "upload.jar";

    static Upload from(ApiRequest request) throws ApiException {
        RequestBody body = request.body();
        if (body.mediaType().equals("multipart/form-data")) {
            return fromParts(body.parts());
        }
        if (body.file().isEmpty() || body.size() == 0) {
            throw ApiException.badRequest("the request has no bundle: send the .jar as the body or as the multipart part 'bundle'");
        }
        String name = baseName(request.queryParameter("file-name").orElse(DEFAULT_FILE_NAME));
        return new Upload(body.file().get(), name, body.size(), sha256(body.file().get()), Optional.empty());
    }

    private static Upload fromParts(Map<String, BodyPart> parts) throws ApiException {
        for (String name : parts.keySet()) {
            if (!name.equals("bundle") && !name.equals("policy")) {
                throw ApiException.badRequest("unexpected multipart part '" + name + "'; only 'bundle' and 'policy' are read");
            }
        }
        BodyPart bundle = parts.get("bundle");
        if (bundle == null || bundle.size() == 0) {
            throw ApiException.badRequest("the multipart part 'bundle' is missing or empty");
        }
        Optional<byte[]> policy = Optional.empty();
        BodyPart policyPart = parts.get("policy");
        if (policyPart != null) {
            if (policyPart.size() > XmlDocumentReader.MAX_DOCUMENT_BYTES) {
                throw new ApiException(413, "payload_too_large", "the policy part is " + policyPart.size() + " bytes; at most "
                        + XmlDocumentReader.MAX_DOCUMENT_BYTES + " are read", List.of());
            }
            policy = Optional.of(read(policyPart.file()));
        }
        String name = baseName(bundle.fileName());
        return new Upload(bundle.file(), name, bundle.size(), sha256(bundle.file()), policy);
    }

    /**
     * The last segment of a client's file name, without control characters: it is only a label
     * (for qualification rules, audit and the command), never a path on this host.
     */
    static String baseName(String given) {
        String last = given.substring(Math.max(given.lastIndexOf('/'), given.lastIndexOf('\\')) + 1);
        String clean = last.codePoints().filter(c -> !Character.isISOControl(c))
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString().strip();
        return clean.isEmpty() || clean.equals("..") || clean.equals(".") ? DEFAULT_FILE_NAME : clean;
    }

    /** The command parameters naming this upload: file name, size and the SHA-256 of each document. */
    Map<String, String> commandParameters() {
        Map<String, String> parameters = new TreeMap<>();
        parameters.put("bundle.file", fileName);
        parameters.put("bundle.size", Long.toString(size));
        parameters.put("bundle.sha256", bundleSha256);
        policy.ifPresent(p -> parameters.put("policy.sha256", sha256(p)));
        return parameters;
    }

    static String sha256(byte[] content) {
        return HexFormat.of().formatHex(digest().digest(content));
    }

    private static String sha256(Path file) throws ApiException {
        MessageDigest digest = digest();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw new ApiException(500, "internal_error", "cannot read the uploaded file back: " + e.getMessage(), List.of());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static byte[] read(Path file) throws ApiException {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ApiException(500, "internal_error", "cannot read the uploaded policy back: " + e.getMessage(), List.of());
        }
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
