package org.gatehouse.runtime.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/** {@code gatehouse flows show [--document] | validate FILE | replace FILE}. */
final class FlowCommands {
    private static final String BASE = "api/v1/flows";

    private final ManagementClient client;
    private final PrintStream out;

    FlowCommands(ManagementClient client, PrintStream out) {
        this.client = client;
        this.out = out;
    }

    void run(CommandLine line) throws CliFailure {
        String action = line.argument(1, "what to do: show, validate or replace");
        switch (action) {
            case "show" -> {
                line.noMoreThan(2);
                if (!GatehouseCli.printedJson(client, out, line, BASE)) {
                    show(line.flag("--document"));
                }
            }
            case "validate" -> validate(line);
            case "replace" -> {
                line.noMoreThan(3);
                ExtensionCommands.printCommand(out, client.sendFile("PUT", BASE, "application/xml",
                        GatehouseCli.existingFile(line.argument(2, "the flows document"))));
            }
            default -> throw CliFailure.usage("unknown flows command '" + action + "'");
        }
    }

    private void show(boolean document) throws CliFailure {
        Map<String, Object> flows = JsonText.object(client.get(BASE).get("flows"));
        if (document) {
            out.print(ExtensionCommands.s(flows, "document"));
            return;
        }
        out.println("generation " + ExtensionCommands.s(flows, "generation"));
        TextTable types = new TextTable("MESSAGE TYPE", "FLOW", "MESSAGES");
        for (Object t : JsonText.array(flows.get("messageTypes"))) {
            Map<String, Object> type = JsonText.object(t);
            types.row(ExtensionCommands.s(type, "name"), ExtensionCommands.s(type, "flow"), ExtensionCommands.s(type, "messages"));
        }
        types.print(out);
        TextTable steps = new TextTable("FLOW", "STEPS");
        for (Object f : JsonText.array(flows.get("flows"))) {
            Map<String, Object> flow = JsonText.object(f);
            steps.row(ExtensionCommands.s(flow, "name"),
                    String.join(" -> ", JsonText.array(flow.get("steps")).stream().map(JsonText::string).toList()));
        }
        steps.print(out);
    }

    private void validate(CommandLine line) throws CliFailure {
        line.noMoreThan(3);
        Map<String, Object> result = client.sendFile("POST", BASE + "/validate", "application/xml",
                GatehouseCli.existingFile(line.argument(2, "the flows document")));
        List<Object> errors = JsonText.array(result.get("errors"));
        JsonText.array(result.get("warnings")).forEach(w -> out.println("warning: " + JsonText.string(w)));
        if (!errors.isEmpty()) {
            errors.forEach(e -> out.println("error: " + JsonText.string(e)));
            throw new CliFailure(CliFailure.REFUSED, "the flows document is not valid (" + errors.size() + " errors)");
        }
        out.println("valid");
    }
}
