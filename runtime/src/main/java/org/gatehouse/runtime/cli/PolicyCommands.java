package org.gatehouse.runtime.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/**
 * {@code gatehouse policy show | preview FILE --name NAME [--version V] [--location L] | replace NAME FILE}: the
 * effective policy, a merge preview, and the replacement of one extension's policy (a command the
 * security officer submits, docs/management.md "Commands").
 */
final class PolicyCommands {
    private static final String BASE = "api/v1/policies";

    private final ManagementClient client;
    private final PrintStream out;

    PolicyCommands(ManagementClient client, PrintStream out) {
        this.client = client;
        this.out = out;
    }

    void run(CommandLine line) throws CliFailure {
        String action = line.argument(1, "what to do: show, preview or replace");
        switch (action) {
            case "show" -> {
                line.noMoreThan(2);
                if (!GatehouseCli.printedJson(client, out, line, BASE)) {
                    show();
                }
            }
            case "preview" -> preview(line);
            case "replace" -> {
                line.noMoreThan(4);
                String name = line.argument(2, "the extension's symbolic name");
                ExtensionCommands.printCommand(out, client.sendFile("PUT", "api/v1/extensions/" + GatehouseCli.segment(name) + "/policy",
                        "application/xml", GatehouseCli.existingFile(line.argument(3, "the extension policy document"))));
            }
            default -> throw CliFailure.usage("unknown policy command '" + action + "'");
        }
    }

    private void show() throws CliFailure {
        Map<String, Object> policy = JsonText.object(client.get(BASE).get("policy"));
        Map<String, Object> system = JsonText.object(policy.get("system"));
        out.println("generation " + ExtensionCommands.s(policy, "generation") + ", system policy " + ExtensionCommands.s(system, "source"));
        entries("default grants", system.get("defaultGrants"));
        for (Object o : JsonText.array(system.get("overridable"))) {
            Map<String, Object> element = JsonText.object(o);
            entries("overridable for " + String.join(" or ", JsonText.array(element.get("codebases")).stream().map(JsonText::string).toList()),
                    element.get("permissions"));
        }
        entries("restrictions", system.get("restrictions"));
        for (Object e : JsonText.array(policy.get("extensions"))) {
            Map<String, Object> merge = JsonText.object(e);
            out.println(ExtensionCommands.s(merge, "codebase") + " (" + ExtensionCommands.s(merge, "source") + "):");
            permissions("granted", merge.get("granted"));
            permissions("rejected", merge.get("rejected"));
        }
    }

    private void preview(CommandLine line) throws CliFailure {
        line.noMoreThan(3);
        String name = line.option("--name").orElseThrow(() -> CliFailure.usage("policy preview needs --name SYMBOLIC-NAME"));
        StringBuilder query = new StringBuilder("?symbolic-name=").append(ManagementClient.encode(name));
        line.option("--version").ifPresent(v -> query.append("&version=").append(ManagementClient.encode(v)));
        line.option("--location").ifPresent(l -> query.append("&location=").append(ManagementClient.encode(l)));
        Map<String, Object> preview = JsonText.object(client.sendFile("POST", BASE + "/preview" + query, "application/xml",
                GatehouseCli.existingFile(line.argument(2, "the extension policy document"))).get("preview"));
        out.println(ExtensionCommands.s(preview, "codebase") + " at " + ExtensionCommands.s(preview, "location") + ":");
        permissions("granted", preview.get("granted"));
        permissions("rejected", preview.get("rejected"));
        Map<String, Object> change = JsonText.object(preview.get("change"));
        lines("newly granted", change.get("granted"));
        lines("revoked", change.get("revoked"));
    }

    private void entries(String title, Object values) {
        List<Object> items = JsonText.array(values);
        out.println(title + ":" + (items.isEmpty() ? " none" : ""));
        items.forEach(i -> out.println("  " + ExtensionCommands.s(JsonText.object(i), "permission")));
    }

    private void permissions(String title, Object values) {
        List<Object> items = JsonText.array(values);
        out.println("  " + title + ":" + (items.isEmpty() ? " none" : ""));
        for (Object i : items) {
            Map<String, Object> p = JsonText.object(i);
            out.println("    " + ExtensionCommands.s(p, "permission") + "  (" + ExtensionCommands.s(p, "reason") + ")");
        }
    }

    private void lines(String title, Object values) {
        List<Object> items = JsonText.array(values);
        if (!items.isEmpty()) {
            out.println(title + ":");
            items.forEach(i -> out.println("  " + JsonText.string(i)));
        }
    }
}
