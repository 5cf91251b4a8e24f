package org.gatehouse.dataplane.http1;

import io.netty.buffer.ByteBuf;
import java.util.Locale;

/**
 * Reads the requests of one HTTP/1.1 connection byte by byte and accepts only the strict grammar
 * of RFC 9112 (rules in the bundle's README). It copies nothing: the caller passes on the bytes it
 * accepted, unchanged, to Netty's decoder, so both read the same messages.
 *
 * <pre>{@code
 * Http1FramingReader reader = new Http1FramingReader(8192, 16384);
 * int refused = reader.read(buffer);   // -1: every byte accepted
 * if (refused >= 0) { FramingViolation why = reader.violation(); }
 * }</pre>
 */
public final class Http1FramingReader {
    /** The element's own bound of a chunk line; a smaller {@code maxLine} bounds it too. */
    private static final int MAX_CHUNK_LINE = 4096;
    private static final int MAX_HEX_DIGITS = 15;

    private enum State {
        LINE_START, LEADING_LF, METHOD, TARGET, VERSION, LINE_LF,
        FIELD_START, FIELD_NAME, FIELD_VALUE, FIELD_LF, HEAD_LF,
        FIXED_BODY,
        CHUNK_SIZE, CHUNK_EXT_NAME_START, CHUNK_EXT_NAME, CHUNK_EXT_VALUE_START, CHUNK_EXT_TOKEN,
        CHUNK_EXT_QUOTED, CHUNK_EXT_QUOTED_PAIR, CHUNK_EXT_AFTER_QUOTE, CHUNK_SIZE_LF,
        CHUNK_DATA, CHUNK_DATA_CR, CHUNK_DATA_LF,
        PASS, REFUSED
    }

    private final int maxLine;
    private final int maxChunkLine;
    private final int maxHeader;
    private final HeadFacts facts = new HeadFacts();
    private final StringBuilder token = new StringBuilder();
    private State state = State.LINE_START;
    private boolean trailer;
    private int lineBytes;
    private int headerBytes;
    private long remaining;
    private int hexDigits;
    private FramingViolation violation;
    private int heads;
    private long bodyBytes;

    /**
     * @param maxLine   the longest request line (414 past it), and of a chunk line (400 past it)
     * @param maxHeader the largest header section (431 past it), also the bound of the header and
     *                  trailer sections of a chunked message together (400 past it)
     */
    public Http1FramingReader(int maxLine, int maxHeader) {
        if (maxLine < 16 || maxHeader < 16) {
            throw new IllegalArgumentException("maxLine [" + maxLine + "] and maxHeader [" + maxHeader + "], expected at least 16");
        }
        this.maxLine = maxLine;
        // Netty's decoder reads a chunk line under its max-initial-line-length too, so a longer one
        // would be accepted here and refused there
        this.maxChunkLine = Math.min(maxLine, MAX_CHUNK_LINE);
        this.maxHeader = maxHeader;
    }

    /**
     * Reads the readable bytes of {@code buffer} without moving its indexes.
     *
     * @return -1 when every byte is accepted, else the index of the first refused byte
     */
    public int read(ByteBuf buffer) {
        int end = buffer.writerIndex();
        for (int i = buffer.readerIndex(); i < end; i++) {
            if (state == State.PASS) {
                return -1;
            }
            if (state == State.REFUSED) {
                return i;
            }
            if (state == State.FIXED_BODY || state == State.CHUNK_DATA) {
                i += skipBody(end - i) - 1;
                continue;
            }
            try {
                next(buffer.getByte(i) & 0xff);
            } catch (FramingException e) {
                violation = e.violation();
                state = State.REFUSED;
                return i;
            }
        }
        return -1;
    }

    /** Why the first refused byte was refused, or null. */
    public FramingViolation violation() {
        return violation;
    }

    /** Whether part of a request head (or a chunked body's trailer) has been read, but not all of it. */
    public boolean inHead() {
        return state.ordinal() > State.LINE_START.ordinal() && state.ordinal() <= State.HEAD_LF.ordinal() && !trailer;
    }

    /** Whether a head has been read whose body has not ended yet. */
    public boolean inBody() {
        return state.ordinal() >= State.FIXED_BODY.ordinal() && state.ordinal() <= State.CHUNK_DATA_LF.ordinal()
                || (trailer && state.ordinal() <= State.HEAD_LF.ordinal());
    }

    /** Request heads read whole so far (for the differential tests against Netty's decoder). */
    int heads() {
        return heads;
    }

    /** Body bytes (chunk data or Content-Length bytes) read so far. */
    long bodyBytes() {
        return bodyBytes;
    }

    /** Whether the connection left HTTP/1.1 (an h2c upgrade request): nothing more is read. */
    public boolean passedThrough() {
        return state == State.PASS;
    }

    private int skipBody(int available) {
        int n = (int) Math.min(remaining, available);
        remaining -= n;
        bodyBytes += n;
        if (remaining == 0 && state == State.FIXED_BODY) {
            messageEnd();
        } else if (remaining == 0) {
            state = State.CHUNK_DATA_CR;
        }
        return n;
    }

    private void next(int b) throws FramingException {
        switch (state) {
            case LINE_START -> lineStart(b);
            case LEADING_LF -> expectLf(b, State.LINE_START);
            case METHOD -> method(b);
            case TARGET -> target(b);
            case VERSION -> version(b);
            case LINE_LF -> expectLf(b, State.FIELD_START);
            case FIELD_START -> fieldStart(b);
            case FIELD_NAME -> fieldName(b);
            case FIELD_VALUE -> fieldValue(b);
            case FIELD_LF -> expectLf(b, State.FIELD_START);
            case HEAD_LF -> headEnd(b);
            default -> chunked(b);
        }
    }

    private void chunked(int b) throws FramingException {
        switch (state) {
            case CHUNK_SIZE -> chunkSize(b);
            case CHUNK_EXT_NAME_START, CHUNK_EXT_NAME, CHUNK_EXT_VALUE_START, CHUNK_EXT_TOKEN,
                 CHUNK_EXT_QUOTED, CHUNK_EXT_QUOTED_PAIR, CHUNK_EXT_AFTER_QUOTE -> chunkExtension(b);
            case CHUNK_SIZE_LF -> chunkSizeEnd(b);
            case CHUNK_DATA_CR -> {
                if (b != '\r') {
                    throw bad("chunk data is longer than its size");
                }
                state = State.CHUNK_DATA_LF;
            }
            case CHUNK_DATA_LF -> expectLf(b, State.CHUNK_SIZE);
            default -> throw new IllegalStateException(state.name());
        }
    }

    // ---- request line (RFC 9112 section 3)

    private void lineStart(int b) throws FramingException {
        trailer = false;
        if (b == '\r') {
            countLine(); // empty lines count towards the request line's bound
            // RFC 9112 section 2.2: an empty line before the request line is ignored
            state = State.LEADING_LF;
            return;
        }
        if (!Tokens.isTchar(b)) {
            throw bad("the request line does not start with a method");
        }
        token.setLength(0);
        state = State.METHOD;
        method(b);
    }

    private void method(int b) throws FramingException {
        countLine();
        if (b == ' ') {
            state = State.TARGET;
            token.setLength(0);
        } else if (!Tokens.isTchar(b)) {
            throw bad("the method holds " + Tokens.describe(b));
        }
    }

    private void target(int b) throws FramingException {
        countLine();
        if (b == ' ' && token.length() > 0) {
            state = State.VERSION;
            token.setLength(0);
        } else if (b <= 0x20 || b >= 0x7f) {
            throw bad("the request target holds " + Tokens.describe(b));
        } else {
            token.setLength(1); // only whether it is empty matters
        }
    }

    private void version(int b) throws FramingException {
        countLine();
        if (b == '\r') {
            facts.reset(checkVersion(token.toString()));
            headerBytes = 0;
            state = State.LINE_LF;
        } else if (token.length() > 8 || b <= 0x20 || b >= 0x7f) {
            throw bad("the request line does not end with an HTTP version");
        } else {
            token.append((char) b);
        }
    }

    /** @return whether the version is HTTP/1.0 */
    private static boolean checkVersion(String version) throws FramingException {
        if (version.equals("HTTP/1.1") || version.equals("HTTP/1.0")) {
            return version.equals("HTTP/1.0");
        }
        if (version.length() == 8 && version.startsWith("HTTP/") && Character.isDigit(version.charAt(5))
                && version.charAt(6) == '.' && Character.isDigit(version.charAt(7))) {
            throw new FramingException(new FramingViolation(505, "http_version_not_supported",
                    "the element speaks HTTP/1.0 and HTTP/1.1 on this connection, not " + version));
        }
        throw bad("the request line does not end with an HTTP version");
    }

    private void countLine() throws FramingException {
        if (++lineBytes > maxLine) {
            throw new FramingException(new FramingViolation(414, "request_line_too_long",
                    "the request line is longer than " + maxLine + " bytes"));
        }
    }

    // ---- fields (RFC 9112 section 5, RFC 9110 section 5.5)

    private void fieldStart(int b) throws FramingException {
        countHeader();
        if (b == '\r') {
            state = State.HEAD_LF;
        } else if (b == ' ' || b == '\t') {
            throw bad("obsolete line folding (RFC 9112 section 5.2)");
        } else if (Tokens.isTchar(b)) {
            token.setLength(0);
            token.append((char) b);
            state = State.FIELD_NAME;
        } else {
            throw bad("a field name holds " + Tokens.describe(b));
        }
    }

    private void fieldName(int b) throws FramingException {
        countHeader();
        if (b == ':') {
            if (!trailer) {
                facts.field(token.toString().toLowerCase(Locale.ROOT));
            }
            state = State.FIELD_VALUE;
        } else if (b == ' ' || b == '\t') {
            throw bad("whitespace between a field name and its colon (RFC 9112 section 5.1)");
        } else if (Tokens.isTchar(b)) {
            token.append((char) b);
        } else {
            throw bad("a field name holds " + Tokens.describe(b));
        }
    }

    private void fieldValue(int b) throws FramingException {
        countHeader();
        if (b == '\r') {
            state = State.FIELD_LF;
        } else if (b == '\t' || (b >= 0x20 && b != 0x7f)) {
            if (!trailer) {
                facts.valueByte(b);
            }
        } else {
            throw bad("a field value holds " + Tokens.describe(b));
        }
    }

    private void countHeader() throws FramingException {
        if (++headerBytes > maxHeader) {
            throw new FramingException(trailer ? FramingViolation.badRequest("the header and trailer sections are larger than "
                    + maxHeader + " bytes together")
                    : new FramingViolation(431, "header_fields_too_large", "the header section is larger than " + maxHeader + " bytes"));
        }
    }

    private void headEnd(int b) throws FramingException {
        if (b != '\n') {
            throw bad("a line ends with CR without LF");
        }
        if (trailer) {
            messageEnd();
            return;
        }
        HeadFacts.Body body = facts.body();
        heads++;
        switch (body) {
            case NONE -> {
                messageEnd();
                state = facts.upgradeH2c() ? State.PASS : State.LINE_START;
            }
            case FIXED -> {
                remaining = facts.length();
                state = facts.upgradeH2c() ? State.PASS : State.FIXED_BODY;
            }
            case CHUNKED -> startChunk();
            default -> throw new IllegalStateException();
        }
    }

    private void expectLf(int b, State then) throws FramingException {
        if (b != '\n') {
            throw bad("a line ends with CR without LF");
        }
        state = then;
        if (then == State.CHUNK_SIZE) {
            startChunk();
        }
    }

    private void messageEnd() {
        state = State.LINE_START;
        lineBytes = 0;
    }

    // ---- chunked coding (RFC 9112 section 7.1)

    private void startChunk() {
        state = State.CHUNK_SIZE;
        remaining = 0;
        hexDigits = 0;
        lineBytes = 0;
    }

    private void chunkSize(int b) throws FramingException {
        countChunkLine();
        int digit = Character.digit(b, 16);
        if (digit >= 0 && b < 0x80) {
            if (++hexDigits > MAX_HEX_DIGITS) {
                throw bad("a chunk size has more than " + MAX_HEX_DIGITS + " hex digits");
            }
            remaining = remaining << 4 | digit;
            if (remaining > Integer.MAX_VALUE) {
                // Netty's decoder holds a chunk size in an int: a larger one would be read two ways
                throw bad("a chunk is larger than " + Integer.MAX_VALUE + " bytes");
            }
        } else if (hexDigits == 0) {
            throw bad("a chunk does not start with its size in hex");
        } else if (b == ';') {
            state = State.CHUNK_EXT_NAME_START;
        } else if (b == '\r') {
            state = State.CHUNK_SIZE_LF;
        } else {
            throw bad("a chunk size holds " + Tokens.describe(b));
        }
    }

    /** {@code *( ";" token [ "=" ( token / quoted-string ) ] )}, without whitespace. */
    private void chunkExtension(int b) throws FramingException {
        countChunkLine();
        switch (state) {
            case CHUNK_EXT_NAME_START -> state = accept(Tokens.isTchar(b), State.CHUNK_EXT_NAME, b, "a chunk extension name");
            case CHUNK_EXT_NAME, CHUNK_EXT_TOKEN, CHUNK_EXT_AFTER_QUOTE -> extensionSeparator(b);
            case CHUNK_EXT_VALUE_START -> state = b == '"' ? State.CHUNK_EXT_QUOTED
                    : accept(Tokens.isTchar(b), State.CHUNK_EXT_TOKEN, b, "a chunk extension value");
            case CHUNK_EXT_QUOTED -> {
                if (b == '\\') {
                    state = State.CHUNK_EXT_QUOTED_PAIR;
                } else if (b == '"') {
                    state = State.CHUNK_EXT_AFTER_QUOTE;
                } else if (b != '\t' && (b < 0x20 || b >= 0x7f)) {
                    // obs-text is refused here: Netty's chunk-size parser fails on it, the two would disagree
                    throw bad("a chunk extension value holds " + Tokens.describe(b));
                }
            }
            case CHUNK_EXT_QUOTED_PAIR -> state = accept(b == '\t' || (b >= 0x20 && b < 0x7f), State.CHUNK_EXT_QUOTED, b,
                    "a chunk extension value");
            default -> throw new IllegalStateException(state.name());
        }
    }

    private void extensionSeparator(int b) throws FramingException {
        if (b == ';') {
            state = State.CHUNK_EXT_NAME_START;
        } else if (b == '\r') {
            state = State.CHUNK_SIZE_LF;
        } else if (b == '=' && state == State.CHUNK_EXT_NAME) {
            state = State.CHUNK_EXT_VALUE_START;
        } else if (!Tokens.isTchar(b) || state == State.CHUNK_EXT_AFTER_QUOTE) {
            throw bad("a chunk extension holds " + Tokens.describe(b));
        }
    }

    private static State accept(boolean valid, State then, int b, String what) throws FramingException {
        if (!valid) {
            throw bad(what + " holds " + Tokens.describe(b));
        }
        return then;
    }

    private void chunkSizeEnd(int b) throws FramingException {
        if (b != '\n') {
            throw bad("a line ends with CR without LF");
        }
        if (remaining == 0) {
            trailer = true; // the last chunk: a trailer section follows, read like fields and then dropped
            // headerBytes counts on: Netty's decoder bounds the header and trailer sections together
            state = State.FIELD_START;
        } else {
            state = State.CHUNK_DATA;
        }
    }

    /** Counts the size, extensions and CR of a chunk line, as {@link #countLine} the request line's. */
    private void countChunkLine() throws FramingException {
        if (++lineBytes > maxChunkLine) {
            throw bad("a chunk size line is longer than " + maxChunkLine + " bytes");
        }
    }

    private static FramingException bad(String message) {
        return new FramingException(FramingViolation.badRequest(message));
    }
}
