package org.gatehouse.policy.schemas;

/**
 * A document that could not be read, or that its schema rejects. The message reads
 * {@code element.xml [12:5] /element/listener[2]: reason}, so an operator can go straight
 * to the offending line; the parts are also available one by one.
 */
public final class XmlDocumentException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final int line;
    private final int column;
    private final String elementPath;
    private final String reason;

    public XmlDocumentException(String source, int line, int column, String elementPath, String reason) {
        super(format(source, line, column, elementPath, reason));
        this.source = source;
        this.line = line;
        this.column = column;
        this.elementPath = elementPath;
        this.reason = reason;
    }

    private static String format(String source, int line, int column, String path, String reason) {
        return place(source, line, column, path) + ": " + reason;
    }

    /** {@code element.xml [12:5] /element/listener[2]}: where a problem is, as messages start. */
    static String place(String source, int line, int column, String path) {
        StringBuilder sb = new StringBuilder(source);
        if (line > 0) {
            sb.append(" [").append(line).append(':').append(column).append(']');
        }
        if (path != null && !path.isEmpty()) {
            sb.append(' ').append(path);
        }
        return sb.toString();
    }

    /** The file name (or other name) the document was read from. */
    public String source() {
        return source;
    }

    /** One-based line of the problem, or 0 when it has no position. */
    public int line() {
        return line;
    }

    /** One-based column of the problem, or 0 when it has no position. */
    public int column() {
        return column;
    }

    /** Path of the element being read, such as {@code /element/listener[2]}; empty when unknown. */
    public String elementPath() {
        return elementPath;
    }

    /** What was wrong, without the position. */
    public String reason() {
        return reason;
    }
}
