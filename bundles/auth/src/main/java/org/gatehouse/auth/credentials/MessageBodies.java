package org.gatehouse.auth.credentials;

import java.util.Optional;
import org.gatehouse.auth.xml.SafeXml;
import org.gatehouse.sdk.message.Message;
import org.w3c.dom.Document;

/** Body access for the locations that read the body: refused clearly when the engine did not buffer it. */
final class MessageBodies {
    private MessageBodies() {
    }

    /** The body as text; empty when the message has no body. */
    static Optional<String> text(Message message, String location) throws UnreadableCredentialsException {
        if (!message.bodyReadable()) {
            throw new UnreadableCredentialsException(location + ": the body was not buffered for this step");
        }
        return message.body().isEmpty() ? Optional.empty() : Optional.of(message.body().text());
    }

    /** The body parsed as XML with DTDs refused; empty when the message has no body. */
    static Optional<Document> xml(Message message, String location) throws UnreadableCredentialsException {
        if (text(message, location).isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(SafeXml.parse(message.body().openStream()));
        } catch (IllegalArgumentException e) {
            throw new UnreadableCredentialsException(location + ": body " + e.getMessage(), e);
        }
    }
}
