package org.gatehouse.runtime.cli;

import java.io.PrintStream;
import java.util.Map;

/** {@code gatehouse commands list [--state S] [--limit N] | show ID}: the changes recorded by the element. */
final class CommandCommands {
    private static final String BASE = "api/v1/commands";

    private final ManagementClient client;
    private final PrintStream out;

    CommandCommands(ManagementClient client, PrintStream out) {
        this.client = client;
        this.out = out;
    }

    void run(CommandLine line) throws CliFailure {
        String action = line.argument(1, "what to do: list or show");
        switch (action) {
            case "list" -> {
                line.noMoreThan(2);
                list(line);
            }
            case "show" -> {
                line.noMoreThan(3);
                show(line.argument(2, "the command's id"));
            }
            default -> throw CliFailure.usage("unknown commands command '" + action + "'");
        }
    }

    private void list(CommandLine line) throws CliFailure {
        StringBuilder query = new StringBuilder("?limit=").append(ManagementClient.encode(line.option("--limit").orElse("50")));
        line.option("--state").ifPresent(s -> query.append("&state=").append(ManagementClient.encode(s)));
        TextTable table = new TextTable("ID", "STATE", "TYPE", "TARGET", "SUBMITTER", "UPDATED");
        for (Object c : JsonText.array(client.get(BASE + query).get("commands"))) {
            Map<String, Object> command = JsonText.object(c);
            table.row(ExtensionCommands.s(command, "id"), ExtensionCommands.s(command, "state"), ExtensionCommands.s(command, "type"),
                    ExtensionCommands.s(command, "target"), ExtensionCommands.s(command, "submitter"), ExtensionCommands.s(command, "updatedAt"));
        }
        table.print(out);
    }

    private void show(String id) throws CliFailure {
        Map<String, Object> command = JsonText.object(client.get(BASE + "/" + GatehouseCli.segment(id)).get("command"));
        out.println(ExtensionCommands.s(command, "canonicalForm"));
        out.println();
        for (String key : new String[] {"id", "state", "submitter", "submittedAt", "updatedAt", "result", "reason"}) {
            if (command.get(key) != null) {
                out.printf("%-12s %s%n", key + ":", ExtensionCommands.s(command, key));
            }
        }
    }
}
