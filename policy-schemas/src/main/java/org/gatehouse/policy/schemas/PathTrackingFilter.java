package org.gatehouse.policy.schemas;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import org.xml.sax.Attributes;
import org.xml.sax.Locator;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.XMLFilterImpl;

/**
 * Passes SAX events through unchanged while keeping the path of the current element, such as
 * {@code /element/listener[2]/tls}, so that an error can say where in the document it is; and
 * where each element's start tag ends, by path, for the checks made after binding.
 */
final class PathTrackingFilter extends XMLFilterImpl {
    private final Deque<Frame> stack = new ArrayDeque<>();
    private final Map<String, int[]> starts = new HashMap<>();
    private Locator locator;

    private static final class Frame {
        final String step;
        final Map<String, Integer> childCounts = new HashMap<>();

        Frame(String step) {
            this.step = step;
        }
    }

    @Override
    public void startElement(String uri, String localName, String qName, Attributes atts) throws SAXException {
        Frame parent = stack.peek();
        String step = localName;
        if (parent != null) {
            int index = parent.childCounts.merge(localName, 1, Integer::sum);
            step = localName + "[" + index + "]";
        }
        stack.push(new Frame(step));
        if (locator != null) {
            // the parser's position just after the start tag, as it reports a validation error there;
            // after a run of bare CRs its column can go negative, so at least 1
            starts.put(currentPath(), new int[] {Math.max(1, locator.getLineNumber()), Math.max(1, locator.getColumnNumber())});
        }
        super.startElement(uri, localName, qName, atts);
    }

    @Override
    public void endElement(String uri, String localName, String qName) throws SAXException {
        super.endElement(uri, localName, qName);
        stack.pop();
    }

    @Override
    public void setDocumentLocator(Locator documentLocator) {
        this.locator = documentLocator;
        super.setDocumentLocator(documentLocator);
    }

    /** Line and column of every element read so far, by path. */
    Map<String, int[]> starts() {
        return starts;
    }

    /** The path of the element being read, or an empty string outside the root. */
    String currentPath() {
        StringBuilder sb = new StringBuilder();
        Iterator<Frame> it = stack.descendingIterator();
        while (it.hasNext()) {
            sb.append('/').append(it.next().step);
        }
        return sb.toString();
    }
}
