package org.gatehouse.management.server;

import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.multipart.DefaultHttpDataFactory;
import io.netty.handler.codec.http.multipart.FileUpload;
import io.netty.handler.codec.http.multipart.HttpData;
import io.netty.handler.codec.http.multipart.HttpPostRequestDecoder;
import io.netty.handler.codec.http.multipart.InterfaceHttpData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.gatehouse.management.api.ApiException;
import org.gatehouse.management.api.BodyPart;
import org.gatehouse.management.api.RequestBody;

/**
 * Parses a {@code multipart/form-data} body (RFC 7578) while it arrives, with Netty's decoder
 * writing every part to a file in the upload folder (never to memory).
 */
final class MultipartBodySink implements BodySink {
    private final Path folder;
    private final DefaultHttpDataFactory factory;
    private final HttpPostRequestDecoder decoder;
    private final List<Path> ownFiles = new ArrayList<>();
    private long size;
    private boolean discarded;

    MultipartBodySink(Path folder, HttpRequest request) throws ApiException {
        this.folder = folder;
        this.factory = new DefaultHttpDataFactory(true);
        factory.setBaseDir(folder.toString());
        factory.setDeleteOnExit(false);
        try {
            this.decoder = new HttpPostRequestDecoder(factory, request);
        } catch (HttpPostRequestDecoder.ErrorDataDecoderException e) {
            factory.cleanAllHttpData();
            throw ApiException.badRequest("bad multipart/form-data request: " + e.getMessage());
        }
    }

    @Override
    public void accept(HttpContent chunk) throws ApiException {
        size += chunk.content().readableBytes();
        try {
            decoder.offer(chunk);
        } catch (HttpPostRequestDecoder.ErrorDataDecoderException e) {
            throw ApiException.badRequest("bad multipart/form-data body: " + e.getMessage());
        }
    }

    @Override
    public RequestBody finish() throws ApiException {
        Map<String, BodyPart> parts = new LinkedHashMap<>();
        try {
            for (InterfaceHttpData data : decoder.getBodyHttpDatas()) {
                if (data instanceof HttpData part) {
                    if (parts.containsKey(part.getName())) {
                        throw ApiException.badRequest("multipart part '" + part.getName() + "' is given twice");
                    }
                    parts.put(part.getName(), toPart(part));
                }
            }
        } catch (HttpPostRequestDecoder.NotEnoughDataDecoderException e) {
            discard();
            throw ApiException.badRequest("the multipart/form-data body ends before its closing boundary");
        } catch (IOException e) {
            discard();
            throw new ApiException(500, "internal_error", "cannot store a multipart part: " + e.getMessage(), List.of());
        } catch (ApiException e) {
            discard();
            throw e;
        }
        return new MultipartBody(Map.copyOf(parts), size, this);
    }

    private BodyPart toPart(HttpData part) throws IOException {
        String fileName = part instanceof FileUpload upload ? upload.getFilename() : "";
        String contentType = part instanceof FileUpload upload ? upload.getContentType() : "";
        Path file;
        if (part.isInMemory()) {
            file = Files.createTempFile(folder, "part-", ".tmp");
            ownFiles.add(file);
            Files.write(file, part.get());
        } else {
            file = part.getFile().toPath();
        }
        return new BodyPart(part.getName(), fileName, contentType, file, part.length());
    }

    @Override
    public synchronized void discard() {
        if (discarded) {
            return;
        }
        discarded = true;
        decoder.destroy();
        factory.cleanAllHttpData();
        ownFiles.forEach(FileBodySink::delete);
    }

    /** The parsed parts; closing deletes their files. */
    private record MultipartBody(Map<String, BodyPart> parts, long size, MultipartBodySink owner) implements RequestBody {
        @Override
        public String mediaType() {
            return "multipart/form-data";
        }

        @Override
        public Optional<Path> file() {
            return Optional.empty();
        }

        @Override
        public void close() {
            owner.discard();
        }
    }
}
