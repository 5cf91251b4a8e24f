package org.gatehouse.runtime.cli;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code gatehouse} command line's management commands (docs/management.md "Command line"), run by {@code bin/gatehouse}:
 *
 * <pre>
 * gatehouse ext list | show NAME | upload FILE [--policy FILE] [--preview] | upgrade NAME FILE [--policy FILE]
 *               | enable NAME | disable NAME | remove NAME
 * gatehouse flows show [--document] | validate FILE | replace FILE
 * gatehouse policy show | preview FILE --name NAME [--version V] [--location L] | replace NAME FILE
 * gatehouse users list | add NAME ROLES | remove NAME | roles NAME ROLES | token issue|revoke NAME TOKEN
 * gatehouse commands list [--state S] [--limit N] | get ID
 * gatehouse commands pending | show ID | confirm ID | cancel ID | phrase      [--socket PATH]
 * gatehouse audit show [--from N] [--limit N] [--json] | head [--key FILE] [--save FILE]
 *                | consistency --checkpoint FILE --key FILE [--update] | verify [--folder DIR] [--key FILE]
 * gatehouse help [GROUP] | GROUP ... --help | version
 * </pre>
 *
 * Every read takes {@code --json}: the element's answer as it sent it, for scripts.
 *
 * The element's address comes from {@code --url}, else {@code GATEHOUSE_URL}, else the
 * {@code management.url} file the running element writes in its data folder, else
 * {@code http://127.0.0.1:9443}; the token from {@code --token} or {@code GATEHOUSE_TOKEN}; a CA
 * certificate (PEM) to trust for https from {@code --ca} or {@code GATEHOUSE_CA}. The
 * confirmations ({@code pending}, {@code show}, {@code confirm}, {@code cancel}, {@code phrase})
 * go to the local confirmation socket instead, with no token: {@code --socket}, else
 * {@code run/confirm.sock} in the data folder; the element knows the person by the account
 * running this command.
 * Exit codes: 0 done, 1 refused or failed by the element (its error message is printed), 2 usage.
 */
public final class GatehouseCli {
    static final String DEFAULT_URL = "http://127.0.0.1:9443";

    private GatehouseCli() {
    }

    public static void main(String[] args) {
        System.exit(run(Arrays.asList(args), System.getenv(), System.in, Optional.ofNullable(System.console()), System.out, System.err));
    }

    /** Runs one command with nothing on standard input; returns the exit code. */
    public static int run(List<String> args, Map<String, String> environment, PrintStream out, PrintStream err) {
        return run(args, environment, new ByteArrayInputStream(new byte[0]), Optional.empty(), out, err);
    }

    /** Runs one command; answers and secrets come from {@code in}, or secrets from the console when there is one. */
    public static int run(List<String> args, Map<String, String> environment, InputStream in, Optional<Console> console, PrintStream out,
                          PrintStream err) {
        String group = args.isEmpty() ? "" : args.get(0);
        try {
            CommandLine line = CommandLine.parse(args);
            if (line.flag("--help") && line.argumentIfPresent(0).isEmpty()) {
                out.print(Usage.text(Optional.empty()));
                return 0;
            }
            group = line.argument(0, "a command: ext, flows, policy, users, qualification, trust, commands, audit, channels, tls or version");
            if (line.flag("--help") || group.equals("help")) {
                Optional<String> about = group.equals("help") ? line.argumentIfPresent(1) : Optional.of(group);
                if (about.isPresent() && !Usage.GROUPS.containsKey(about.get())) {
                    throw CliFailure.usage("no help on '" + about.get() + "'; the commands are " + String.join(", ", Usage.GROUPS.keySet()));
                }
                out.print(Usage.text(about));
                return 0;
            }
            if (group.equals("version")) {
                line.noMoreThan(1);
                out.println(version());
                return 0;
            }
            if (group.equals("tls")) {
                new TlsCommands(environment, out).run(line);
                return 0;
            }
            ManagementClient client = client(line, environment);
            switch (group) {
                case "ext" -> new ExtensionCommands(client, out).run(line);
                case "flows" -> new FlowCommands(client, out).run(line);
                case "policy" -> new PolicyCommands(client, out).run(line);
                case "users" -> new UserCommands(client, out).run(line);
                case "qualification" -> new TrustCommands(client, out).qualification(line);
                case "trust" -> new TrustCommands(client, out).trust(line);
                case "commands" -> new CommandCommands(client, socket(line, environment),
                        new Prompt(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)), console, out), out).run(line);
                case "audit" -> new AuditCommands(client, environment, out).run(line);
                case "channels" -> new ChannelCommands(client, out).run(line);
                default -> throw CliFailure.usage("unknown command '" + group + "'; expected ext, flows, policy, users, qualification, trust, commands,"
                        + " audit, channels, tls or version");
            }
            return 0;
        } catch (CliFailure e) {
            err.println("gatehouse: " + e.getMessage() + (e.exitCode() == CliFailure.USAGE ? Usage.hint(group) : ""));
            return e.exitCode();
        }
    }

    /** {@code gatehouse VERSION (Java VERSION, VENDOR)}: the launcher jar's version, the Java this runs on. */
    static String version() {
        String version = Optional.ofNullable(GatehouseCli.class.getPackage().getImplementationVersion()).orElse("(development build)");
        return "gatehouse " + version + " (Java " + Runtime.version() + ", " + System.getProperty("java.vendor") + ")";
    }

    private static ManagementClient client(CommandLine line, Map<String, String> environment) throws CliFailure {
        String url = line.option("--url").or(() -> env(environment, "GATEHOUSE_URL")).or(() -> urlFile(environment)).orElse(DEFAULT_URL);
        URI base;
        try {
            base = URI.create(url.endsWith("/") ? url : url + "/");
        } catch (IllegalArgumentException e) {
            throw CliFailure.usage("not a URL: " + url);
        }
        if (!"http".equals(base.getScheme()) && !"https".equals(base.getScheme())) {
            throw CliFailure.usage("the element's URL must be http:// or https://, not " + url);
        }
        Optional<String> token = line.option("--token").or(() -> env(environment, "GATEHOUSE_TOKEN"));
        Optional<Path> ca = line.option("--ca").or(() -> env(environment, "GATEHOUSE_CA")).map(Path::of);
        return new ManagementClient(base, token, ca);
    }

    /** The confirmation socket: {@code --socket}, else {@code run/confirm.sock} in the data folder. */
    private static Optional<Path> socket(CommandLine line, Map<String, String> environment) {
        return line.option("--socket").map(Path::of).or(() -> dataFolder(environment).map(d -> Path.of(d, "run", "confirm.sock")));
    }

    /** The running element's data folder: {@code GATEHOUSE_DATA} or {@code -Dgatehouse.data.dir} (set by bin/gatehouse). */
    private static Optional<String> dataFolder(Map<String, String> environment) {
        return env(environment, "GATEHOUSE_DATA").or(() -> Optional.ofNullable(System.getProperty("gatehouse.data.dir")));
    }

    /** The URL the running element wrote into its data folder. */
    private static Optional<String> urlFile(Map<String, String> environment) {
        Optional<String> data = dataFolder(environment);
        if (data.isEmpty()) {
            return Optional.empty();
        }
        Path file = Path.of(data.get(), "management.url");
        try {
            return Files.exists(file) ? Optional.of(Files.readString(file, StandardCharsets.UTF_8).trim()).filter(s -> !s.isEmpty())
                    : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> env(Map<String, String> environment, String name) {
        return Optional.ofNullable(environment.get(name)).filter(v -> !v.isBlank());
    }

    /** With {@code --json}, prints the element's answer to GET {@code path} as it came and returns true; a read of any group. */
    static boolean printedJson(ManagementClient client, PrintStream out, CommandLine line, String path) throws CliFailure {
        if (!line.flag("--json")) {
            return false;
        }
        out.println(client.getJson(path));
        return true;
    }

    /** A file named on the command line, which must exist. */
    static Path existingFile(String name) throws CliFailure {
        Path file = Path.of(name);
        if (!Files.isRegularFile(file)) {
            throw CliFailure.usage("no such file: " + name);
        }
        return file;
    }

    static String segment(String name) {
        return ManagementClient.encode(name).replace("+", "%20");
    }
}
