package org.gatehouse.dataplane.engine;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http2.DefaultHttp2HeadersDecoder;
import io.netty.handler.codec.http2.DefaultHttp2HeadersEncoder;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2Headers;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;

/**
 * An HTTP/2 client that writes frames by hand (RFC 9113 section 4.1) over a plain socket, so that a
 * test can do what no real client does: stop in the middle of a header block, or of a body.
 */
final class RawH2Connection implements AutoCloseable {
    static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
    static final int DATA = 0x0;
    static final int HEADERS = 0x1;
    static final int RST_STREAM = 0x3;
    static final int SETTINGS = 0x4;
    static final int GOAWAY = 0x7;
    static final int END_STREAM = 0x1;
    static final int END_HEADERS = 0x4;

    /** A frame as read off the wire. */
    record Frame(int type, int flags, int stream, byte[] payload) {
        /** The error code of a RST_STREAM frame. */
        int resetCode() {
            return readInt(0);
        }

        /** The last stream id of a GOAWAY frame. */
        int lastStream() {
            return readInt(0) & 0x7fffffff;
        }

        /** The error code of a GOAWAY frame. */
        int goAwayCode() {
            return readInt(4);
        }

        private int readInt(int at) {
            return (payload[at] & 0xff) << 24 | (payload[at + 1] & 0xff) << 16 | (payload[at + 2] & 0xff) << 8 | payload[at + 3] & 0xff;
        }
    }

    private final Socket socket;
    private final OutputStream out;
    private final DataInputStream in;
    private final DefaultHttp2HeadersEncoder encoder = new DefaultHttp2HeadersEncoder();
    private final DefaultHttp2HeadersDecoder decoder = new DefaultHttp2HeadersDecoder(false);

    RawH2Connection(InetSocketAddress address) throws IOException {
        socket = new Socket(address.getAddress(), address.getPort());
        socket.setSoTimeout(15_000);
        out = socket.getOutputStream();
        in = new DataInputStream(socket.getInputStream());
    }

    /** The connection preface and an empty SETTINGS frame (RFC 9113 section 3.4). */
    RawH2Connection preface() throws IOException {
        out.write(PREFACE);
        write(SETTINGS, 0, 0, new byte[0]);
        return this;
    }

    /**
     * Asks for HTTP/2 with {@code Upgrade: h2c} (RFC 7540 section 3.2) and reads the answer's head;
     * the request becomes stream 1. Returns the status line.
     */
    String upgrade(String path) throws IOException {
        out.write(("GET " + path + " HTTP/1.1\r\nHost: a.example\r\nConnection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\n"
                + "HTTP2-Settings: AAMAAABk\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        StringBuilder head = new StringBuilder();
        while (head.indexOf("\r\n\r\n") < 0) {
            head.append((char) in.readUnsignedByte());
        }
        return head.substring(0, head.indexOf("\r\n"));
    }

    /** The HPACK block of these headers, encoded with this connection's dynamic table. */
    byte[] block(Http2Headers headers) {
        ByteBuf encoded = Unpooled.buffer();
        try {
            encoder.encodeHeaders(1, headers, encoded);
            byte[] bytes = new byte[encoded.readableBytes()];
            encoded.readBytes(bytes);
            return bytes;
        } catch (Http2Exception e) {
            throw new IllegalStateException(e);
        } finally {
            encoded.release();
        }
    }

    /** Writes one frame and flushes it. */
    void write(int type, int flags, int stream, byte[] payload) throws IOException {
        out.write(frame(type, flags, stream, payload));
        out.flush();
    }

    /** Writes bytes as they are, for frames split across writes. */
    void writeRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    static byte[] frame(int type, int flags, int stream, byte[] payload) {
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

    /** The next frame from the element, or null once it closed the connection. */
    Frame read() throws IOException {
        try {
            int length = in.readUnsignedByte() << 16 | in.readUnsignedByte() << 8 | in.readUnsignedByte();
            int type = in.readUnsignedByte();
            int flags = in.readUnsignedByte();
            int stream = in.readInt() & 0x7fffffff;
            byte[] payload = new byte[length];
            in.readFully(payload);
            return new Frame(type, flags, stream, payload);
        } catch (EOFException | SocketException closed) {
            return null;
        }
    }

    /** Decodes a response HEADERS frame (no padding or priority, as the element sends them). */
    Http2Headers headers(Frame frame) throws Http2Exception {
        ByteBuf block = Unpooled.wrappedBuffer(frame.payload());
        try {
            return decoder.decodeHeaders(frame.stream(), block);
        } finally {
            block.release();
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
