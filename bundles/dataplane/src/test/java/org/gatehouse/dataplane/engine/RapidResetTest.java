package org.gatehouse.dataplane.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersEncoder;
import io.netty.handler.codec.http2.Http2Headers;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.gatehouse.dataplane.testing.DataPlaneHarness;
import org.gatehouse.dataplane.testing.LeakDetectionExtension;
import org.gatehouse.dataplane.testing.RawRecordingUpstream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTP/2 rapid reset (CVE-2023-44487) on an h2c listener, with frames written by hand: a client
 * that opens streams and cancels them at once gets GOAWAY ENHANCE_YOUR_CALM once past the limit,
 * its connection is closed, the refusal is counted and logged in one line without a stack trace,
 * and a client that cancels a few streams is served as usual.
 */
@ExtendWith(LeakDetectionExtension.class)
class RapidResetTest {
    private static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
    private static final int HEADERS = 0x1;
    private static final int RST_STREAM = 0x3;
    private static final int SETTINGS = 0x4;
    private static final int GOAWAY = 0x7;
    private static final int ENHANCE_YOUR_CALM = 0xb;

    @TempDir
    Path conf;

    private DataPlaneHarness plane;
    private RawRecordingUpstream upstream;
    private final List<LogRecord> logged = new ArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            synchronized (logged) {
                logged.add(record);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void start() throws Exception {
        Logger.getLogger("").addHandler(capture);
        upstream = new RawRecordingUpstream();
        plane = new DataPlaneHarness(conf);
        plane.start(DataPlaneHarness.passThrough(upstream.port()));
    }

    @AfterEach
    void stop() throws IOException {
        Logger.getLogger("").removeHandler(capture);
        plane.close();
        upstream.close();
    }

    @Test
    void aBurstOfResetStreamsEndsTheConnectionWithGoAwayAndOneLogLine() throws Exception {
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            out.write(PREFACE);
            out.write(frame(SETTINGS, 0, 0, new byte[0]));
            ByteArrayOutputStream burst = new ByteArrayOutputStream();
            // three times the limit of 100 resets in 10 s (Http2ConnectionInitializer)
            for (int i = 0; i < 300; i++) {
                int stream = 2 * i + 1;
                burst.write(frame(HEADERS, 0x4, stream, requestHeaders("/reset/" + i)));
                burst.write(frame(RST_STREAM, 0, stream, new byte[] {0, 0, 0, 0x8}));
            }
            try {
                out.write(burst.toByteArray());
            } catch (IOException closedWhileWriting) {
                // the element may close the connection before the client has written the whole burst
            }
            int[] goAway = readUntilGoAway(new DataInputStream(socket.getInputStream()));
            assertEquals(ENHANCE_YOUR_CALM, goAway[1], "GOAWAY error code");
        }
        assertEquals(1L, plane.engine().refusedRequests().get("public").get("h2_rapid_reset"));
        List<LogRecord> lines = lines("h2_rapid_reset");
        assertEquals(1, lines.size(), "one line for the connection");
        synchronized (logged) {
            assertTrue(logged.stream().noneMatch(r -> r.getThrown() != null), "no stack trace: " + thrown());
        }
    }

    @Test
    void aFewCancelledStreamsAreServedAsUsual() throws Exception {
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            out.write(PREFACE);
            out.write(frame(SETTINGS, 0, 0, new byte[0]));
            for (int i = 0; i < 10; i++) {
                int stream = 2 * i + 1;
                out.write(frame(HEADERS, 0x4, stream, requestHeaders("/cancelled/" + i)));
                out.write(frame(RST_STREAM, 0, stream, new byte[] {0, 0, 0, 0x8}));
            }
            out.write(frame(HEADERS, 0x4 | 0x1, 21, requestHeaders("/served")));
            assertEquals(-1, readUntilGoAway(new DataInputStream(socket.getInputStream()), 21)[0], "no GOAWAY before the answer");
        }
        assertTrue(upstream.received().stream().anyMatch(r -> r.target().equals("/served")), "the request was forwarded");
        assertEquals(Map.of(), plane.engine().refusedRequests());
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket(plane.address("public").getAddress(), plane.address("public").getPort());
        socket.setSoTimeout(10_000);
        return socket;
    }

    private byte[] requestHeaders(String path) {
        Http2Headers headers = new DefaultHttp2Headers().method("GET").scheme("http").path(path).authority("a.example");
        ByteBuf encoded = ByteBufAllocator.DEFAULT.heapBuffer();
        try {
            new DefaultHttp2HeadersEncoder().encodeHeaders(1, headers, encoded);
            byte[] bytes = new byte[encoded.readableBytes()];
            encoded.readBytes(bytes);
            return bytes;
        } catch (io.netty.handler.codec.http2.Http2Exception e) {
            throw new IllegalStateException(e);
        } finally {
            encoded.release();
        }
    }

    /** A frame: 24-bit length, type, flags, 31-bit stream id, payload (RFC 9113 section 4.1). */
    private static byte[] frame(int type, int flags, int stream, byte[] payload) {
        byte[] frame = new byte[9 + payload.length];
        frame[0] = (byte) (payload.length >>> 16);
        frame[1] = (byte) (payload.length >>> 8);
        frame[2] = (byte) payload.length;
        frame[3] = (byte) type;
        frame[4] = (byte) flags;
        frame[5] = (byte) (stream >>> 24 & 0x7f);
        frame[6] = (byte) (stream >>> 16);
        frame[7] = (byte) (stream >>> 8);
        frame[8] = (byte) stream;
        System.arraycopy(payload, 0, frame, 9, payload.length);
        return frame;
    }

    private static int[] readUntilGoAway(DataInputStream in) throws IOException {
        return readUntilGoAway(in, -1);
    }

    /**
     * Reads frames until a GOAWAY ({last stream, error code}) or, when {@code answeredStream} is
     * not -1, until that stream's response headers came ({-1, -1}).
     */
    private static int[] readUntilGoAway(DataInputStream in, int answeredStream) throws IOException {
        try {
            while (true) {
                int length = in.readUnsignedByte() << 16 | in.readUnsignedByte() << 8 | in.readUnsignedByte();
                int type = in.readUnsignedByte();
                in.readUnsignedByte();
                int stream = in.readInt() & 0x7fffffff;
                byte[] payload = in.readNBytes(length);
                if (type == GOAWAY) {
                    return new int[] {(payload[0] & 0x7f) << 24 | (payload[1] & 0xff) << 16 | (payload[2] & 0xff) << 8 | payload[3] & 0xff,
                            (payload[4] & 0xff) << 24 | (payload[5] & 0xff) << 16 | (payload[6] & 0xff) << 8 | payload[7] & 0xff};
                }
                if (type == HEADERS && stream == answeredStream) {
                    return new int[] {-1, -1};
                }
            }
        } catch (EOFException | SocketTimeoutException e) {
            throw new AssertionError("the connection ended without " + (answeredStream < 0 ? "a GOAWAY" : "an answer"), e);
        }
    }

    private List<LogRecord> lines(String text) {
        synchronized (logged) {
            return logged.stream().filter(r -> String.valueOf(r.getMessage()).contains(text)
                    || r.getParameters() != null && List.of(r.getParameters()).stream().anyMatch(p -> String.valueOf(p).contains(text)))
                    .toList();
        }
    }

    private String thrown() {
        synchronized (logged) {
            return logged.stream().filter(r -> r.getThrown() != null).map(r -> r.getLoggerName() + ": " + r.getThrown()).toList().toString();
        }
    }
}
