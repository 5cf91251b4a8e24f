package org.gatehouse.runtime.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * {@code gatehouse commands}: the changes recorded by the element, over its REST API ({@code list},
 * {@code get ID}), and the person's confirmations over the local confirmation socket ({@code
 * pending}, {@code show ID}, {@code confirm ID}, {@code cancel ID}, {@code phrase};
 * docs/management.md "Confirmation"). {@code show} is the rendering made for the person at this
 * socket, ending with their anti-spoofing phrase; {@code get} is the command as recorded.
 */
final class CommandCommands {
    private static final String BASE = "api/v1/commands";
    static final String QUESTION = "Type yes to confirm, no to decline: ";

    private final ManagementClient client;
    private final Optional<Path> socket;
    private final Prompt prompt;
    private final PrintStream out;

    CommandCommands(ManagementClient client, Optional<Path> socket, Prompt prompt, PrintStream out) {
        this.client = client;
        this.socket = socket;
        this.prompt = prompt;
        this.out = out;
    }

    void run(CommandLine line) throws CliFailure {
        String action = line.argument(1, "what to do: list, get, pending, show, confirm, cancel or phrase");
        switch (action) {
            case "list" -> {
                line.noMoreThan(2);
                if (!GatehouseCli.printedJson(client, out, line, BASE + listQuery(line))) {
                    list(line);
                }
            }
            case "get" -> {
                line.noMoreThan(3);
                String id = line.argument(2, "the command's id");
                if (!GatehouseCli.printedJson(client, out, line, BASE + "/" + GatehouseCli.segment(id))) {
                    get(id);
                }
            }
            case "pending" -> {
                line.noMoreThan(2);
                pending();
            }
            case "show" -> {
                line.noMoreThan(3);
                show(line.argument(2, "the command's id"));
            }
            case "confirm" -> {
                line.noMoreThan(3);
                confirm(line.argument(2, "the command's id"));
            }
            case "cancel" -> {
                line.noMoreThan(3);
                cancel(line.argument(2, "the command's id"));
            }
            case "phrase" -> {
                line.noMoreThan(2);
                phrase();
            }
            default -> throw CliFailure.usage("unknown commands command '" + action + "'; expected list, get, pending, show, confirm, cancel "
                    + "or phrase");
        }
    }

    private static String listQuery(CommandLine line) {
        StringBuilder query = new StringBuilder("?limit=").append(ManagementClient.encode(line.option("--limit").orElse("50")));
        line.option("--state").ifPresent(s -> query.append("&state=").append(ManagementClient.encode(s)));
        return query.toString();
    }

    private void list(CommandLine line) throws CliFailure {
        String query = listQuery(line);
        TextTable table = new TextTable("ID", "STATE", "TYPE", "TARGET", "SUBMITTER", "UPDATED");
        for (Object c : JsonText.array(client.get(BASE + query).get("commands"))) {
            Map<String, Object> command = JsonText.object(c);
            table.row(ExtensionCommands.s(command, "id"), ExtensionCommands.s(command, "state"), ExtensionCommands.s(command, "type"),
                    ExtensionCommands.s(command, "target"), ExtensionCommands.s(command, "submitter"), ExtensionCommands.s(command, "updatedAt"));
        }
        table.print(out);
    }

    private void get(String id) throws CliFailure {
        Map<String, Object> command = JsonText.object(client.get(BASE + "/" + GatehouseCli.segment(id)).get("command"));
        out.println(ExtensionCommands.s(command, "canonicalForm"));
        out.println();
        for (String key : new String[] {"id", "state", "submitter", "submittedAt", "updatedAt", "result", "reason"}) {
            if (command.get(key) != null) {
                out.printf("%-12s %s%n", key + ":", ExtensionCommands.s(command, key));
            }
        }
    }

    private ConfirmationClient connect() throws CliFailure {
        return ConfirmationClient.connect(socket.orElseThrow(() -> CliFailure.usage(
                "where is the confirmation socket? give --socket PATH, or GATEHOUSE_DATA (the element's data folder)")));
    }

    private void pending() throws CliFailure {
        try (ConfirmationClient confirmations = connect()) {
            TextTable table = new TextTable("ID", "TYPE", "TARGET", "SUBMITTER", "SUBMITTED");
            int n = 0;
            for (Object c : JsonText.array(confirmations.call(ConfirmationClient.request("op", "pending")).get("pending"))) {
                Map<String, Object> command = JsonText.object(c);
                table.row(Prompt.printable(ExtensionCommands.s(command, "id")), Prompt.printable(ExtensionCommands.s(command, "type")),
                        Prompt.printable(ExtensionCommands.s(command, "target")), Prompt.printable(ExtensionCommands.s(command, "submitter")),
                        ExtensionCommands.s(command, "submittedAt"));
                n++;
            }
            if (n == 0) {
                out.println("no command awaits your confirmation");
            } else {
                table.print(out);
            }
        }
    }

    private void show(String id) throws CliFailure {
        try (ConfirmationClient confirmations = connect()) {
            printRendering(JsonText.object(confirmations.call(ConfirmationClient.request("op", "show", "id", id)).get("rendering")));
        }
    }

    private void printRendering(Map<String, Object> rendering) {
        String text = Prompt.printable(JsonText.string(rendering.get("text")));
        out.print(text.endsWith("\n") ? text : text + "\n");
    }

    /** Shows the rendering, asks for yes or no, answers with its digest; a changed command is shown and asked again. */
    private void confirm(String id) throws CliFailure {
        try (ConfirmationClient confirmations = connect()) {
            Map<String, Object> rendering = JsonText.object(confirmations.call(ConfirmationClient.request("op", "show", "id", id)).get("rendering"));
            while (true) {
                printRendering(rendering);
                out.println();
                Optional<String> word = prompt.oneOf(QUESTION, "yes", "no");
                if (word.isEmpty()) {
                    throw new CliFailure(CliFailure.REFUSED, "no answer given: nothing was sent, command " + id + " still awaits confirmation");
                }
                Map<String, Object> answer = confirmations.call(ConfirmationClient.request("op", "answer", "id", id,
                        "digest", JsonText.string(rendering.get("digest")), "answer", word.get()));
                if (!"changed".equals(JsonText.string(answer.get("outcome")))) {
                    printOutcome(id, answer);
                    return;
                }
                out.println();
                out.println("Command " + Prompt.printable(id) + " changed since it was shown; nothing ran. What it would do now:");
                out.println();
                rendering = JsonText.object(answer.get("rendering"));
            }
        }
    }

    private void printOutcome(String id, Map<String, Object> answer) {
        Map<String, Object> command = JsonText.object(answer.get("command"));
        String state = ExtensionCommands.s(command, "state");
        String detail = command.get("result") != null ? ExtensionCommands.s(command, "result") : ExtensionCommands.s(command, "reason");
        String what = "ran".equals(JsonText.string(answer.get("outcome"))) ? "confirmed" : "declined";
        out.println("command " + Prompt.printable(id) + " " + what + ": " + state + (detail.isEmpty() ? "" : ": " + Prompt.printable(detail)));
    }

    private void cancel(String id) throws CliFailure {
        try (ConfirmationClient confirmations = connect()) {
            Map<String, Object> answer = confirmations.call(ConfirmationClient.request("op", "cancel", "id", id));
            out.println("command " + Prompt.printable(id) + " " + ExtensionCommands.s(JsonText.object(answer.get("command")), "state"));
        }
    }

    /** Reads the new phrase twice without echo; sends it only when both agree. It is never printed. */
    private void phrase() throws CliFailure {
        Optional<String> first = prompt.secret("New anti-spoofing phrase: ");
        Optional<String> second = first.isEmpty() ? Optional.empty() : prompt.secret("The same phrase again: ");
        if (second.isEmpty()) {
            throw new CliFailure(CliFailure.REFUSED, "no phrase given: nothing was set");
        }
        if (!first.get().equals(second.get())) {
            throw new CliFailure(CliFailure.REFUSED, "the two phrases differ: nothing was set");
        }
        if (first.get().isBlank()) {
            throw new CliFailure(CliFailure.REFUSED, "the phrase is empty: nothing was set");
        }
        try (ConfirmationClient confirmations = connect()) {
            confirmations.call(ConfirmationClient.request("op", "phrase", "phrase", first.get()));
        }
        out.println("anti-spoofing phrase set: it ends every rendering shown to you from now on");
    }
}
