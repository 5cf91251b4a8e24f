package org.gatehouse.management.command;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * A management plane in a child JVM for {@link CommandCrashTest}: opens the command book in
 * {@code <root>/commands}, submits {@code extension.remove [com.acme.crash]} and confirms it; its
 * change deletes {@code <root>/store/com.acme.crash} (the extension's stored record). At the named
 * step ({@code before-change} or {@code after-change}) it prints {@code AT <step>} and waits to be killed.
 */
public final class CrashingCommand {
    static final String EXTENSION = "com.acme.crash";

    private CrashingCommand() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        String crashAt = args[1];
        CommandBook book = Books.open(root.resolve("commands"), Clock.systemUTC(), new Books.Recording());
        Books.run(book, CommandRequest.of(CommandType.EXTENSION_REMOVE, EXTENSION, Map.of()), "alice", () -> {
            step("before-change", crashAt);
            Files.delete(root.resolve("store").resolve(EXTENSION));
            step("after-change", crashAt);
            return new CommandBook.Outcome<>(null, EXTENSION + " removed");
        });
        System.out.println("DONE");
        System.out.flush();
    }

    private static void step(String step, String crashAt) throws InterruptedException {
        if (step.equals(crashAt)) {
            System.out.println("AT " + step);
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE);
        }
    }
}
