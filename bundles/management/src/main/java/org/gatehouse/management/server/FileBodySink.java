package org.gatehouse.management.server;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpContent;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Optional;
import org.gatehouse.management.api.BodyPart;
import org.gatehouse.management.api.RequestBody;

/** Streams a body into one temporary file; never holds more than a chunk in memory. */
final class FileBodySink implements BodySink {
    private static final System.Logger LOG = System.getLogger("org.gatehouse.management");

    private final Path file;
    private final FileChannel channel;
    private final String mediaType;
    private long size;

    FileBodySink(Path folder, String mediaType) throws IOException {
        this.file = Files.createTempFile(folder, "body-", ".tmp");
        this.channel = FileChannel.open(file, StandardOpenOption.WRITE);
        this.mediaType = mediaType;
    }

    @Override
    public void accept(HttpContent chunk) throws IOException {
        ByteBuf content = chunk.content();
        int readable = content.readableBytes();
        content.getBytes(content.readerIndex(), channel, size, readable);
        size += readable;
    }

    @Override
    public RequestBody finish() {
        close();
        return new FileBody(file, mediaType, size);
    }

    @Override
    public void discard() {
        close();
        delete(file);
    }

    private void close() {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "closing " + file + ": " + e.getMessage());
        }
    }

    static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot delete temporary file " + file + ": " + e.getMessage());
        }
    }

    /** A received body in one file. */
    private record FileBody(Path path, String mediaType, long size) implements RequestBody {
        @Override
        public Optional<Path> file() {
            return Optional.of(path);
        }

        @Override
        public Map<String, BodyPart> parts() {
            return Map.of();
        }

        @Override
        public void close() {
            delete(path);
        }
    }
}
