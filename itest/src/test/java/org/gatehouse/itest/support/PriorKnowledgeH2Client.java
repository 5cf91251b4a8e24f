package org.gatehouse.itest.support;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A minimal HTTP/2 client for one GET over a plain socket with prior knowledge (RFC 9113 section
 * 3.3): connection preface, SETTINGS, one HEADERS frame, then HEADERS/DATA frames back. The JDK
 * HttpClient cannot do this (it only upgrades from HTTP/1.1), so the frames are written by hand.
 *
 * <p>Header blocks use only HPACK forms that need no tables (RFC 7541 sections 6.1 and 6.2.2), and
 * the answer's {@code :status} is read only when it is sent as a static-table index (how servers
 * send 200, 204, 206, 304, 400, 404 and 500); anything else is reported as -1.
 */
public final class PriorKnowledgeH2Client {

    /** The answer: {@code :status} and the DATA payload of stream 1 as text. */
    public record Answer(int status, String body) {
    }

    private static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final int DATA = 0x0;
    private static final int HEADERS = 0x1;
    private static final int SETTINGS = 0x4;
    private static final int PING = 0x6;
    private static final int GOAWAY = 0x7;
    private static final int FLAG_END_STREAM = 0x1;
    private static final int FLAG_ACK = 0x1;
    private static final int FLAG_END_HEADERS = 0x4;
    /** RFC 7541 Appendix A: static table indices 8..14 are :status 200, 204, 206, 304, 400, 404, 500. */
    private static final int[] STATIC_STATUS = {200, 204, 206, 304, 400, 404, 500};

    private PriorKnowledgeH2Client() {
    }

    /** Sends {@code GET path} to 127.0.0.1:{@code port} as stream 1 and reads the whole answer. */
    public static Answer get(int port, String path) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(PREFACE);
            writeFrame(out, SETTINGS, 0, 0, new byte[0]);
            writeFrame(out, HEADERS, FLAG_END_STREAM | FLAG_END_HEADERS, 1, requestHeaders(path, "127.0.0.1:" + port));
            out.flush();
            return readAnswer(new DataInputStream(socket.getInputStream()), out);
        }
    }

    private static byte[] requestHeaders(String path, String authority) {
        ByteArrayOutputStream block = new ByteArrayOutputStream();
        block.write(0x82); // indexed: :method GET
        block.write(0x86); // indexed: :scheme http
        literalWithIndexedName(block, 4, path); // :path
        literalWithIndexedName(block, 1, authority); // :authority
        return block.toByteArray();
    }

    /** RFC 7541 section 6.2.2, literal without indexing, name from the static table, no Huffman. */
    private static void literalWithIndexedName(ByteArrayOutputStream block, int nameIndex, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.US_ASCII);
        if (nameIndex > 14 || bytes.length > 126) {
            throw new IllegalArgumentException("header too long for this small encoder: " + value);
        }
        block.write(nameIndex);
        block.write(bytes.length);
        block.writeBytes(bytes);
    }

    private static Answer readAnswer(DataInputStream in, OutputStream out) throws IOException {
        int status = -1;
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            int length = in.readUnsignedShort() << 8 | in.readUnsignedByte();
            int type = in.readUnsignedByte();
            int flags = in.readUnsignedByte();
            int stream = in.readInt() & 0x7fffffff;
            byte[] payload = in.readNBytes(length);
            if (type == SETTINGS && (flags & FLAG_ACK) == 0) {
                writeFrame(out, SETTINGS, FLAG_ACK, 0, new byte[0]);
            } else if (type == PING && (flags & FLAG_ACK) == 0) {
                writeFrame(out, PING, FLAG_ACK, 0, payload);
            } else if (type == GOAWAY) {
                throw new IOException("GOAWAY from the element before the answer was complete");
            } else if (type == HEADERS && stream == 1 && status < 0) {
                status = statusOf(payload, flags);
            } else if (type == DATA && stream == 1) {
                body.write(payload, dataStart(payload, flags), dataLength(payload, flags));
            }
            if (stream == 1 && (type == HEADERS || type == DATA) && (flags & FLAG_END_STREAM) != 0) {
                return new Answer(status, body.toString(StandardCharsets.UTF_8));
            }
            out.flush();
        }
    }

    private static int statusOf(byte[] block, int flags) {
        int start = (flags & 0x8) != 0 ? 1 + (block[0] & 0xff) : 0; // PADDED
        start += (flags & 0x20) != 0 ? 5 : 0; // PRIORITY
        int first = block[start] & 0xff;
        int index = first & 0x7f;
        if ((first & 0x80) != 0 && index >= 8 && index <= 14) {
            return STATIC_STATUS[index - 8];
        }
        return -1;
    }

    private static int dataStart(byte[] payload, int flags) {
        return (flags & 0x8) != 0 ? 1 : 0;
    }

    private static int dataLength(byte[] payload, int flags) {
        return (flags & 0x8) != 0 ? payload.length - 1 - (payload[0] & 0xff) : payload.length;
    }

    private static void writeFrame(OutputStream out, int type, int flags, int stream, byte[] payload) throws IOException {
        int length = payload.length;
        out.write(new byte[] {
            (byte) (length >>> 16), (byte) (length >>> 8), (byte) length,
            (byte) type, (byte) flags,
            (byte) (stream >>> 24), (byte) (stream >>> 16), (byte) (stream >>> 8), (byte) stream,
        });
        out.write(payload);
    }
}
