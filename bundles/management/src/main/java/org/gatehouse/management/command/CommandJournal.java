package org.gatehouse.management.command;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The append-only record of commands: {@code <data>/commands/commands.jsonl}, one JSON object a
 * line, one line per state change. Each append is forced to disk before it returns, so a
 * state reported to a client survives a crash. Reading keeps the last line of each id; a torn
 * last line (a crash in the middle of a write) is skipped with a warning.
 */
public final class CommandJournal implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("org.gatehouse.management.commands");
    public static final String FILE_NAME = "commands.jsonl";

    private final Path file;
    private final FileChannel channel;

    private CommandJournal(Path file, FileChannel channel) {
        this.file = file;
        this.channel = channel;
    }

    /** Opens (creating when needed) the journal in the given folder. */
    public static CommandJournal open(Path folder) throws IOException {
        Files.createDirectories(folder);
        Path file = folder.resolve(FILE_NAME);
        boolean created = !Files.exists(file);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        if (created) {
            // the new directory entry must survive a crash too
            try (FileChannel dir = FileChannel.open(folder, StandardOpenOption.READ)) {
                dir.force(true);
            } catch (IOException e) {
                LOG.log(Level.DEBUG, "cannot force folder " + folder + ": " + e.getMessage());
            }
        }
        return new CommandJournal(file, channel);
    }

    public Path file() {
        return file;
    }

    /** Appends one state of a command and forces it to disk. */
    public synchronized void append(Command command) throws IOException {
        byte[] line;
        try {
            line = (CommandJson.MAPPER.writeValueAsString(CommandJson.toJson(command)) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a command always serializes", e);
        }
        ByteBuffer buffer = ByteBuffer.wrap(line);
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
        channel.force(false);
    }

    /** Every line that reads as a command, in the order written. */
    public List<Command> readAll() throws IOException {
        List<Command> commands = new ArrayList<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            try {
                commands.add(CommandJson.fromJson(CommandJson.MAPPER.readTree(line)));
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.WARNING, file + " line " + (i + 1) + " is not a command and is skipped: " + e.getMessage());
            }
        }
        return commands;
    }

    @Override
    public synchronized void close() throws IOException {
        channel.close();
    }
}
