package org.gatehouse.runtime.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The words of one command line: the positional arguments and the {@code --name value} options
 * (anywhere on the line); {@code --flag} options without a value are listed in {@link #FLAGS}.
 */
final class CommandLine {
    private static final Set<String> FLAGS = Set.of("--preview", "--document", "--help",
            "--json", "--update", "--force");
    private static final Set<String> OPTIONS = Set.of("--url", "--token", "--ca", "--policy", "--name", "--version", "--location",
            "--state", "--limit", "--socket",
            "--from", "--folder", "--key", "--checkpoint", "--save", "--group", "--description", "--dir", "--dns", "--ip", "--days");

    private final List<String> positional;
    private final Map<String, String> options;

    private CommandLine(List<String> positional, Map<String, String> options) {
        this.positional = List.copyOf(positional);
        this.options = Map.copyOf(options);
    }

    static CommandLine parse(List<String> args) throws CliFailure {
        List<String> positional = new ArrayList<>();
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (FLAGS.contains(arg)) {
                options.put(arg, "true");
            } else if (OPTIONS.contains(arg)) {
                if (i + 1 >= args.size()) {
                    throw CliFailure.usage(arg + " needs a value");
                }
                options.put(arg, args.get(++i));
            } else if (arg.startsWith("--")) {
                throw CliFailure.usage("unknown option '" + arg + "' (see 'gatehouse help')");
            } else {
                positional.add(arg);
            }
        }
        return new CommandLine(positional, options);
    }

    /** The n-th positional argument (0 is the group, e.g. {@code ext}), or a usage error naming what it should be. */
    String argument(int index, String what) throws CliFailure {
        if (index >= positional.size()) {
            throw CliFailure.usage("missing " + what);
        }
        return positional.get(index);
    }

    Optional<String> argumentIfPresent(int index) {
        return index < positional.size() ? Optional.of(positional.get(index)) : Optional.empty();
    }

    /** Refuses arguments past the ones a command reads. */
    void noMoreThan(int count) throws CliFailure {
        if (positional.size() > count) {
            throw CliFailure.usage("unexpected argument '" + positional.get(count) + "'");
        }
    }

    Optional<String> option(String name) {
        return Optional.ofNullable(options.get(name));
    }

    boolean flag(String name) {
        return options.containsKey(name);
    }
}
