package org.gatehouse.runtime.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code gatehouse ext list|show|upload|upgrade|enable|disable|remove}. */
final class ExtensionCommands {
    private static final String BASE = "api/v1/extensions";

    private final ManagementClient client;
    private final PrintStream out;

    ExtensionCommands(ManagementClient client, PrintStream out) {
        this.client = client;
        this.out = out;
    }

    void run(CommandLine line) throws CliFailure {
        String action = line.argument(1, "what to do: list, show, upload, upgrade, enable, disable or remove");
        switch (action) {
            case "list" -> {
                line.noMoreThan(2);
                if (!GatehouseCli.printedJson(client, out, line, BASE)) {
                    list();
                }
            }
            case "show" -> {
                String name = name(line);
                if (!GatehouseCli.printedJson(client, out, line, BASE + "/" + GatehouseCli.segment(name))) {
                    show(name);
                }
            }
            case "upload" -> upload(line);
            case "upgrade" -> upgrade(line);
            case "enable", "disable" -> {
                String name = name(line);
                printCommand(client.send("POST", BASE + "/" + GatehouseCli.segment(name) + "/" + action));
            }
            case "remove" -> printCommand(client.send("DELETE", BASE + "/" + GatehouseCli.segment(name(line))));
            default -> throw CliFailure.usage("unknown ext command '" + action + "'");
        }
    }

    private static String name(CommandLine line) throws CliFailure {
        line.noMoreThan(3);
        return line.argument(2, "the extension's symbolic name");
    }

    private void list() throws CliFailure {
        List<Object> extensions = JsonText.array(client.get(BASE).get("extensions"));
        if (extensions.isEmpty()) {
            out.println("no extensions installed");
            return;
        }
        TextTable table = new TextTable("NAME", "VERSION", "STATE", "VERDICT", "INSTALLED BY", "INSTALLED AT", "ENABLED UNTIL");
        for (Object e : extensions) {
            Map<String, Object> x = JsonText.object(e);
            table.row(s(x, "symbolicName"), s(x, "version"), s(x, "state"), s(x, "verdict"), s(x, "installedBy"), s(x, "installedAt"),
                    x.get("enabledUntil") == null ? "-" : s(x, "enabledUntil"));
        }
        table.print(out);
        for (Object e : extensions) {
            Map<String, Object> x = JsonText.object(e);
            if (x.get("disabledBecause") != null) {
                out.println(s(x, "symbolicName") + " disabled: " + s(x, "disabledBecause"));
            }
        }
    }

    private void show(String name) throws CliFailure {
        Map<String, Object> body = client.get(BASE + "/" + GatehouseCli.segment(name));
        Map<String, Object> x = JsonText.object(body.get("extension"));
        for (String key : List.of("symbolicName", "version", "state", "disabledBecause", "enabledUntil", "sha256", "verdict",
                "installedBy", "installedAt", "failure")) {
            if (x.get(key) != null) {
                out.printf("%-14s %s%n", key + ":", s(x, key));
            }
        }
        list("conditions", x.get("conditions"));
        list("bladelets", x.get("bladelets"));
        list("granted", x.get("grantedPermissions"));
        list("rejected", x.get("rejectedPermissions"));
        list("qualification", x.get("qualificationReasons"));
        Map<String, Object> health = JsonText.object(body.get("health"));
        if (!health.isEmpty()) {
            out.printf("%-14s in flight %s, completed %s, failures %s, timeouts %s, quarantined %s%n", "health:", s(health, "inFlight"),
                    s(health, "completed"), s(health, "failures"), s(health, "timeouts"), s(health, "quarantined"));
        }
    }

    private void upload(CommandLine line) throws CliFailure {
        line.noMoreThan(3);
        Path bundle = GatehouseCli.existingFile(line.argument(2, "the bundle (.jar) to upload"));
        Optional<Path> policy = policy(line);
        if (line.flag("--preview")) {
            printPreview(JsonText.object(client.sendUpload("POST", BASE + "/preview", bundle, policy).get("preview")));
            return;
        }
        printCommand(client.sendUpload("POST", BASE, bundle, policy));
    }

    private void upgrade(CommandLine line) throws CliFailure {
        line.noMoreThan(4);
        String name = line.argument(2, "the extension's symbolic name");
        Path bundle = GatehouseCli.existingFile(line.argument(3, "the new bundle (.jar)"));
        printCommand(client.sendUpload("PUT", BASE + "/" + GatehouseCli.segment(name), bundle, policy(line)));
    }

    private static Optional<Path> policy(CommandLine line) throws CliFailure {
        Optional<String> policy = line.option("--policy");
        return policy.isEmpty() ? Optional.empty() : Optional.of(GatehouseCli.existingFile(policy.get()));
    }

    private void printPreview(Map<String, Object> p) {
        out.printf("%s %s (sha256 %s)%n", s(p, "symbolicName"), s(p, "version"), s(p, "sha256"));
        out.println("verdict: " + s(p, "verdict") + (Boolean.TRUE.equals(p.get("upgrade")) ? " (an upgrade)" : ""));
        list("reasons", p.get("reasons"));
        list("conditions", p.get("conditions"));
        list("granted", p.get("grantedPermissions"));
        list("rejected", p.get("rejectedPermissions"));
        list("bladelets", p.get("bladelets"));
    }

    private void list(String title, Object values) {
        List<Object> items = JsonText.array(values);
        if (!items.isEmpty()) {
            out.println(title + ":");
            items.forEach(i -> out.println("  " + JsonText.string(i)));
        }
    }

    /**
     * {@code command <id> done: <result>}; for a command awaiting confirmation, what it will do and
     * how to confirm it over the trusted path.
     */
    static void printCommand(PrintStream out, Map<String, Object> body) {
        Map<String, Object> command = JsonText.object(body.get("command"));
        if ("awaiting_confirmation".equals(command.get("state"))) {
            out.println("command " + s(command, "id") + " awaits confirmation until " + s(command, "expiresAt") + "; nothing changed yet");
            out.print(s(command, "rendering"));
            out.println("Confirm or decline it on the element's host: gatehouse commands confirm " + s(command, "id"));
            return;
        }
        out.println("command " + s(command, "id") + " " + s(command, "state") + ": " + s(command, "result"));
    }

    private void printCommand(Map<String, Object> body) {
        printCommand(out, body);
    }

    static String s(Map<String, Object> map, String key) {
        return JsonText.string(map.get(key));
    }
}
