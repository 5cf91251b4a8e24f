package org.gatehouse.management.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.gatehouse.extension.qualification.QualificationRule;
import org.gatehouse.extension.qualification.QualificationRules;
import org.gatehouse.extension.qualification.SignatureEntry;
import org.gatehouse.management.command.CommandRequest;
import org.gatehouse.management.command.CommandType;
import org.gatehouse.management.qualification.QualificationFiles;
import org.gatehouse.platform.files.InForceLedger;
import org.gatehouse.policy.schemas.XmlDocumentException;

/**
 * {@code /api/v1/qualification} and {@code /api/v1/trust} (docs/management.md "Qualification and
 * trust"): what install qualification admits, read from the content in force (the default answer
 * without rules, the rules, the listed hashes with their reference groups, the trusted publishers
 * with subject, issuer, fingerprint and validity); and the changes of it, each a command awaiting a
 * security officer's confirmation: replace the rules, trust a publisher certificate or stop trusting
 * it, list a bundle hash in a reference group or take it out. Content that does not read is
 * refused at submission, 400 naming the file and {@code [line:col]}, before any command is recorded.
 */
final class QualificationRoutes {
    private static final String QUALIFICATION = ApiRoutes.PREFIX + "/qualification";
    private static final String TRUST = ApiRoutes.PREFIX + "/trust";

    private final Optional<InForceLedger> ledger;
    private final String defaultAnswer;
    private final Changes changes;

    /**
     * @param ledger the content in force of the conf folder; empty where the element has none (its routes answer 503)
     * @param defaultAnswer what the extension manager does without rules: {@code trusted} or {@code deny}
     */
    QualificationRoutes(Optional<InForceLedger> ledger, String defaultAnswer, Changes changes) {
        this.ledger = ledger;
        this.defaultAnswer = defaultAnswer;
        this.changes = changes;
    }

    List<Route> routes() {
        return List.of(
                new Route("GET", QUALIFICATION, Access.QUALIFICATION, BodyLimit.NONE, this::overview),
                new Route("GET", QUALIFICATION + "/rules", Access.QUALIFICATION, BodyLimit.NONE, this::rules),
                new Route("PUT", QUALIFICATION + "/rules", Access.SECURITY_OFFICER, BodyLimit.DOCUMENT, this::replaceRules),
                new Route("GET", TRUST, Access.QUALIFICATION, BodyLimit.NONE, this::trust),
                new Route("POST", TRUST + "/publishers", Access.SECURITY_OFFICER, BodyLimit.CERTIFICATE, this::addPublisher),
                new Route("DELETE", TRUST + "/publishers/{name}", Access.SECURITY_OFFICER, BodyLimit.NONE, this::removePublisher),
                new Route("POST", TRUST + "/hashes", Access.SECURITY_OFFICER, BodyLimit.NONE, this::addHash),
                new Route("DELETE", TRUST + "/hashes/{sha256}", Access.SECURITY_OFFICER, BodyLimit.NONE, this::removeHash));
    }

    /** What decides an upload now: the default without rules, the rules in force, how many hashes and publishers. */
    private ApiResponse overview(ApiRequest request) throws ApiException {
        InForceLedger l = ledger();
        ObjectNode body = Json.object();
        ObjectNode q = body.putObject("qualification");
        Optional<QualificationRules> rules = rulesInForce(l);
        q.put("default", defaultAnswer);
        q.put("rulesInForce", rules.isPresent());
        q.put("decides", rules.isPresent() ? "the qualification rules in force"
                : defaultAnswer.equals("deny") ? "no rules in force and the default is deny: every upload is refused"
                : "no rules in force: the secure default admits only bundles whose SHA-256 an operator listed or that a trusted publisher signed");
        q.set("rules", Json.array(rules.map(r -> r.rules().stream().map(QualificationRule::name).toList()).orElse(List.of())));
        q.put("listedHashes", database(l).size());
        q.put("trustedPublishers", publisherNames(l).size());
        return counted(l, body);
    }

    private ApiResponse rules(ApiRequest request) throws ApiException {
        InForceLedger l = ledger();
        Optional<byte[]> content = inForce(l, QualificationFiles.RULES);
        if (content.isEmpty()) {
            throw ApiException.notFound("no qualification rules are in force: " + (defaultAnswer.equals("deny")
                    ? "every upload is refused (default deny)"
                    : "the secure default admits only listed hashes and trusted publishers"));
        }
        long count = changes.objects().qualificationCount(l);
        return new ApiResponse(200, "application/xml", content.get(), Map.of("ETag", ManagedObjects.etag(count)));
    }

    private ApiResponse replaceRules(ApiRequest request) throws ApiException {
        InForceLedger l = ledger();
        byte[] document = request.body().bytes();
        try {
            QualificationRules.parse(QualificationFiles.RULES, document);
        } catch (XmlDocumentException e) {
            throw new ApiException(400, "invalid_document", e.getMessage(), List.of());
        }
        Map<String, String> parameters = new TreeMap<>();
        parameters.put("content.sha256", InForceLedger.sha256(document));
        parameters.put("content.size", Integer.toString(document.length));
        return submit(request, l, CommandRequest.of(CommandType.QUALIFICATION_RULES_REPLACE, QualificationFiles.RULES, parameters),
                TrustChange.rules(document, l, changes.objects()));
    }

    /** The listed hashes and the trusted publishers in force. */
    private ApiResponse trust(ApiRequest request) throws ApiException {
        InForceLedger l = ledger();
        ObjectNode body = Json.object();
        ArrayNode hashes = body.putArray("hashes");
        for (SignatureEntry e : database(l)) {
            ObjectNode h = hashes.addObject();
            h.put("sha256", e.sha256());
            h.set("groups", Json.array(e.referenceGroups()));
            h.put("description", e.description());
            h.put("addedBy", e.addedBy());
            h.put("addedAt", e.addedAt().toString());
        }
        ArrayNode publishers = body.putArray("publishers");
        for (String name : publisherNames(l)) {
            String publisher = name.substring(QualificationFiles.PUBLISHERS.length() + 1, name.length() - ".pem".length());
            List<X509Certificate> certificates;
            try {
                certificates = QualificationFiles.certificates(name, inForce(l, name).orElse(new byte[0]));
            } catch (QualificationFiles.InvalidContent e) {
                throw new ApiException(500, "internal_error", "a trusted publisher in force does not read: " + e.getMessage(), List.of());
            }
            for (X509Certificate c : certificates) {
                ObjectNode p = publishers.addObject();
                p.put("name", publisher);
                p.put("subject", c.getSubjectX500Principal().getName());
                p.put("issuer", c.getIssuerX500Principal().getName());
                p.put("sha256", QualificationFiles.fingerprint(c));
                p.put("notBefore", c.getNotBefore().toInstant().toString());
                p.put("notAfter", c.getNotAfter().toInstant().toString());
            }
        }
        return counted(l, body);
    }

    private ApiResponse addPublisher(ApiRequest request) throws ApiException {
        InForceLedger l = ledger();
        byte[] pem = request.body().bytes();
        List<X509Certificate> certificates;
        try {
            certificates = QualificationFiles.certificates("the uploaded certificate", pem);
        } catch (QualificationFiles.InvalidContent e) {
            throw new ApiException(400, "invalid_certificate", e.getMessage(), List.of());
        }
        for (X509Certificate c : certificates) {
            if (c.getNotAfter().toInstant().isBefore(Instant.now())) {
                throw new ApiException(400, "invalid_certificate", "the uploaded certificate " + QualificationFiles.describe(c)
                        + " has expired: a signer chaining to it would be denied (expired certificate)", List.of());
            }
        }
        String name = request.queryParameter("name").orElse(QualificationFiles.fingerprint(certificates.get(0)).substring(0, 16));
        requireName(name);
        Map<String, String> parameters = new TreeMap<>();
        parameters.put("certificate.sha256", QualificationFiles.fingerprint(certificates.get(0)));
        parameters.put("certificate.subject", certificates.get(0).getSubjectX500Principal().getName());
        parameters.put("certificates", Integer.toString(certificates.size()));
        parameters.put("content.sha256", InForceLedger.sha256(pem));
        parameters.put("content.size", Integer.toString(pem.length));
        return submit(request, l, CommandRequest.of(CommandType.TRUST_PUBLISHER_ADD, name, parameters),
                TrustChange.publisherAdded(name, pem, l, changes.objects()));
    }

    private ApiResponse removePublisher(ApiRequest request) throws ApiException {
        InForceLedger l = ledger();
        String name = request.variable("name");
        requireName(name);
        if (inForce(l, QualificationFiles.publisherFile(name)).isEmpty()) {
            throw ApiException.notFound("no trusted publisher named " + name);
        }
        return submit(request, l, CommandRequest.of(CommandType.TRUST_PUBLISHER_REMOVE, name, Map.of()),
                TrustChange.publisherRemoved(name, l, changes.objects()));
    }

    private ApiResponse addHash(ApiRequest request) throws ApiException {
        InForceLedger l = ledger();
        String sha256 = sha256(request.requiredQueryParameter("sha256"), "query parameter 'sha256'");
        String group = request.requiredQueryParameter("group");
        if (!QualificationFiles.GROUP.matcher(group).matches()) {
            throw ApiException.badRequest("query parameter 'group': [" + group + "] is not a reference group name: a letter or digit, "
                    + "then up to 63 letters, digits and . _ -");
        }
        String description = request.queryParameter("description").orElse("");
        if (description.length() > 200 || description.codePoints().anyMatch(c -> Character.isISOControl(c))) {
            throw ApiException.badRequest("query parameter 'description': at most 200 characters, no control characters");
        }
        Instant at = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Map<String, String> parameters = new TreeMap<>();
        parameters.put("group", group);
        parameters.put("added.at", at.toString());
        if (!description.isEmpty()) {
            parameters.put("description", description);
        }
        SignatureEntry entry = TrustChange.entry(sha256, group, description, request.user().name(), at);
        return submit(request, l, CommandRequest.of(CommandType.TRUST_HASH_ADD, sha256, parameters),
                TrustChange.hashAdded(entry, l, changes.objects()));
    }

    private ApiResponse removeHash(ApiRequest request) throws ApiException {
        InForceLedger l = ledger();
        String sha256 = sha256(request.variable("sha256"), "the path's hash");
        if (database(l).stream().noneMatch(e -> e.sha256().equals(sha256))) {
            throw ApiException.notFound("the hash " + sha256 + " is not listed in the signature database");
        }
        return submit(request, l, CommandRequest.of(CommandType.TRUST_HASH_REMOVE, sha256, Map.of()),
                TrustChange.hashRemoved(sha256, l, changes.objects()));
    }

    private ApiResponse submit(ApiRequest request, InForceLedger l, CommandRequest command, TrustChange change) throws ApiException {
        ManagedObjects.checkIfMatch(request, "install qualification's configuration", changes.objects().qualificationCount(l), true);
        return changes.submit(command, request, change);
    }

    private ApiResponse counted(InForceLedger l, ObjectNode body) throws ApiException {
        long count = changes.objects().qualificationCount(l);
        body.put("modificationCount", count);
        return new ApiResponse(200, ApiResponse.JSON, Json.bytes(body), Map.of("ETag", ManagedObjects.etag(count)));
    }

    private static String sha256(String value, String what) throws ApiException {
        try {
            return SignatureEntry.normalizeSha256(value);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(what + ": [" + value + "] is not a SHA-256 in hex (64 digits 0-9a-f)");
        }
    }

    private static void requireName(String name) throws ApiException {
        if (!QualificationFiles.PUBLISHER_NAME.matcher(name).matches()) {
            throw ApiException.badRequest("publisher name [" + name + "] is not a name: a letter or digit, then up to 63 letters, digits "
                    + "and . _ -");
        }
    }

    private InForceLedger ledger() throws ApiException {
        return ledger.orElseThrow(() -> ApiException.serviceUnavailable("install qualification's configuration"));
    }

    private static Optional<byte[]> inForce(InForceLedger l, String name) throws ApiException {
        try {
            return l.inForce(name);
        } catch (IOException e) {
            throw new ApiException(500, "internal_error", "the content in force of conf/" + name + " does not read: " + e.getMessage(),
                    List.of());
        }
    }

    private static Optional<QualificationRules> rulesInForce(InForceLedger l) throws ApiException {
        Optional<byte[]> content = inForce(l, QualificationFiles.RULES);
        try {
            return content.isPresent() ? Optional.of(QualificationRules.parse(QualificationFiles.RULES, content.get())) : Optional.empty();
        } catch (XmlDocumentException e) {
            throw new ApiException(500, "internal_error", "the qualification rules in force do not read: " + e.getMessage(), List.of());
        }
    }

    private static List<SignatureEntry> database(InForceLedger l) throws ApiException {
        return QualificationFiles.readDatabase(inForce(l, QualificationFiles.DATABASE)).entries();
    }

    private static List<String> publisherNames(InForceLedger l) throws ApiException {
        try {
            return l.inForceIn(QualificationFiles.PUBLISHERS).stream().filter(QualificationFiles::publisher).toList();
        } catch (IOException e) {
            throw new ApiException(500, "internal_error", "the trusted publishers in force cannot be listed: " + e.getMessage(), List.of());
        }
    }
}
