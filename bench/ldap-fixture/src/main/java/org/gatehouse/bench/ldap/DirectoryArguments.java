package org.gatehouse.bench.ldap;

import java.nio.file.Path;

/** The command line of {@link BenchDirectory}: {@code --users N --teams N --port-file FILE}. */
record DirectoryArguments(DirectoryLayout layout, Path portFile) {
    static final String USAGE = "usage: BenchDirectory [--users N (100)] [--teams N (10)] --port-file FILE";

    static DirectoryArguments parse(String... args) {
        int users = 100;
        int teams = 10;
        Path portFile = null;
        for (int i = 0; i < args.length; i += 2) {
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("option " + args[i] + " has no value");
            }
            String value = args[i + 1];
            switch (args[i]) {
                case "--users" -> users = number("--users", value);
                case "--teams" -> teams = number("--teams", value);
                case "--port-file" -> portFile = Path.of(value);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (portFile == null) {
            throw new IllegalArgumentException("--port-file is required");
        }
        return new DirectoryArguments(new DirectoryLayout(users, teams), portFile);
    }

    private static int number(String option, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " takes a number, not '" + value + "'", e);
        }
    }
}
