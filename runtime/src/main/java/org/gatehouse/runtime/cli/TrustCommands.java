package org.gatehouse.runtime.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/**
 * {@code gatehouse qualification show | rules show | rules replace FILE} and {@code gatehouse trust
 * list | publisher add CERT.pem [--name N] | publisher remove N | hash add SHA256 --group G
 * [--description D] | hash remove SHA256}: what install qualification admits, and its changes, each
 * a command a security officer submits and a person confirms (docs/management.md "Qualification and trust").
 */
final class TrustCommands {
    private static final String QUALIFICATION = "api/v1/qualification";
    private static final String TRUST = "api/v1/trust";

    private final ManagementClient client;
    private final PrintStream out;

    TrustCommands(ManagementClient client, PrintStream out) {
        this.client = client;
        this.out = out;
    }

    void qualification(CommandLine line) throws CliFailure {
        String action = line.argument(1, "what to do: show or rules");
        switch (action) {
            case "show" -> {
                line.noMoreThan(2);
                if (!GatehouseCli.printedJson(client, out, line, QUALIFICATION)) {
                    overview();
                }
            }
            case "rules" -> {
                String what = line.argument(2, "show or replace");
                switch (what) {
                    case "show" -> {
                        line.noMoreThan(3);
                        out.print(client.getJson(QUALIFICATION + "/rules"));
                    }
                    case "replace" -> {
                        line.noMoreThan(4);
                        ExtensionCommands.printCommand(out, client.sendFile("PUT", QUALIFICATION + "/rules", "application/xml",
                                GatehouseCli.existingFile(line.argument(3, "the qualification rules document"))));
                    }
                    default -> throw CliFailure.usage("unknown qualification rules command '" + what + "'; expected show or replace");
                }
            }
            default -> throw CliFailure.usage("unknown qualification command '" + action + "'");
        }
    }

    void trust(CommandLine line) throws CliFailure {
        String action = line.argument(1, "what to do: list, publisher or hash");
        switch (action) {
            case "list" -> {
                line.noMoreThan(2);
                if (!GatehouseCli.printedJson(client, out, line, TRUST)) {
                    list();
                }
            }
            case "publisher" -> publisher(line);
            case "hash" -> hash(line);
            default -> throw CliFailure.usage("unknown trust command '" + action + "'");
        }
    }

    private void publisher(CommandLine line) throws CliFailure {
        line.noMoreThan(4);
        String action = line.argument(2, "add or remove");
        switch (action) {
            case "add" -> {
                String path = TRUST + "/publishers" + line.option("--name").map(n -> "?name=" + ManagementClient.encode(n)).orElse("");
                ExtensionCommands.printCommand(out, client.sendFile("POST", path, "application/x-pem-file",
                        GatehouseCli.existingFile(line.argument(3, "the publisher's certificate (PEM)"))));
            }
            case "remove" -> ExtensionCommands.printCommand(out, client.send("DELETE", TRUST + "/publishers/"
                    + GatehouseCli.segment(line.argument(3, "the publisher's name"))));
            default -> throw CliFailure.usage("unknown trust publisher command '" + action + "'; expected add or remove");
        }
    }

    private void hash(CommandLine line) throws CliFailure {
        line.noMoreThan(4);
        String action = line.argument(2, "add or remove");
        String sha256 = line.argument(3, "the bundle's SHA-256 (64 hex digits; sha256sum prints it)");
        switch (action) {
            case "add" -> {
                String group = line.option("--group").orElseThrow(() -> CliFailure.usage("trust hash add needs --group GROUP: the "
                        + "reference group rules match on"));
                String path = TRUST + "/hashes?sha256=" + ManagementClient.encode(sha256) + "&group=" + ManagementClient.encode(group)
                        + line.option("--description").map(d -> "&description=" + ManagementClient.encode(d)).orElse("");
                ExtensionCommands.printCommand(out, client.send("POST", path));
            }
            case "remove" -> ExtensionCommands.printCommand(out, client.send("DELETE", TRUST + "/hashes/" + GatehouseCli.segment(sha256)));
            default -> throw CliFailure.usage("unknown trust hash command '" + action + "'; expected add or remove");
        }
    }

    private void overview() throws CliFailure {
        Map<String, Object> q = JsonText.object(client.get(QUALIFICATION).get("qualification"));
        out.println("default without rules: " + ExtensionCommands.s(q, "default"));
        out.println("decides now: " + ExtensionCommands.s(q, "decides"));
        List<String> rules = JsonText.array(q.get("rules")).stream().map(JsonText::string).toList();
        out.println("rules in force: " + (rules.isEmpty() ? "none" : String.join(", ", rules)));
        out.println("listed hashes: " + ExtensionCommands.s(q, "listedHashes") + "; trusted publishers: "
                + ExtensionCommands.s(q, "trustedPublishers"));
    }

    private void list() throws CliFailure {
        Map<String, Object> trust = client.get(TRUST);
        List<Object> hashes = JsonText.array(trust.get("hashes"));
        List<Object> publishers = JsonText.array(trust.get("publishers"));
        out.println("listed hashes: " + (hashes.isEmpty() ? "none" : hashes.size()));
        for (Object o : hashes) {
            Map<String, Object> h = JsonText.object(o);
            List<String> groups = JsonText.array(h.get("groups")).stream().map(JsonText::string).toList();
            out.println("  " + ExtensionCommands.s(h, "sha256") + "  groups " + String.join(", ", groups) + "  added by "
                    + ExtensionCommands.s(h, "addedBy") + " at " + ExtensionCommands.s(h, "addedAt"));
        }
        out.println("trusted publishers: " + (publishers.isEmpty() ? "none" : publishers.size()));
        for (Object o : publishers) {
            Map<String, Object> p = JsonText.object(o);
            out.println("  " + ExtensionCommands.s(p, "name") + ": subject " + ExtensionCommands.s(p, "subject") + ", issuer "
                    + ExtensionCommands.s(p, "issuer") + ", SHA-256 " + ExtensionCommands.s(p, "sha256") + ", valid "
                    + ExtensionCommands.s(p, "notBefore") + " to " + ExtensionCommands.s(p, "notAfter"));
        }
    }
}
