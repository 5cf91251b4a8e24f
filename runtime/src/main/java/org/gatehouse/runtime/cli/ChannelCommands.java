package org.gatehouse.runtime.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/** {@code gatehouse channels list [--json]}: the channels open at the element (docs/channels.md "In the element"). */
final class ChannelCommands {
    private static final String BASE = "api/v1/channels";

    private final ManagementClient client;
    private final PrintStream out;

    ChannelCommands(ManagementClient client, PrintStream out) {
        this.client = client;
        this.out = out;
    }

    void run(CommandLine line) throws CliFailure {
        String action = line.argument(1, "what to do: list");
        if (!action.equals("list")) {
            throw CliFailure.usage("unknown channels command '" + action + "'");
        }
        line.noMoreThan(2);
        if (GatehouseCli.printedJson(client, out, line, BASE)) {
            return;
        }
        List<Object> channels = JsonText.array(client.get(BASE).get("channels"));
        if (channels.isEmpty()) {
            out.println("no channel is open");
            return;
        }
        TextTable table = new TextTable("SIDE", "ID", "PEER", "SOURCE", "TARGET", "RULE", "SEND KEY", "RECEIVE KEY", "BYTES OUT/IN", "FRAMES OUT/IN");
        for (Object c : channels) {
            Map<String, Object> channel = JsonText.object(c);
            table.row(s(channel, "side"), s(channel, "channelId"), s(channel, "peer"), s(channel, "source"),
                    s(channel, "service") + ":" + s(channel, "port"), s(channel, "rule"), s(channel, "sendKeyId"), s(channel, "receiveKeyId"),
                    s(channel, "bytesSent") + "/" + s(channel, "bytesReceived"), s(channel, "framesSent") + "/" + s(channel, "framesReceived"));
        }
        table.print(out);
    }

    private static String s(Map<String, Object> object, String name) {
        return ExtensionCommands.s(object, name);
    }
}
