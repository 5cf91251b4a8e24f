package org.gatehouse.extension.testkit;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.gatehouse.sdk.descriptor.BodyAccess;
import org.gatehouse.sdk.identity.Identity;
import org.gatehouse.sdk.message.Body;
import org.gatehouse.sdk.message.BodyNotDeclaredException;
import org.gatehouse.sdk.message.Headers;
import org.gatehouse.sdk.message.Message;
import org.gatehouse.sdk.message.TlsInfo;

/** A message as one bladelet sees it: the body only when its descriptor declares body access. */
final class StepView implements Message {
    private final Message message;
    private final String bladeletName;
    private final BodyAccess access;

    StepView(Message message, String bladeletName, BodyAccess access) {
        this.message = message;
        this.bladeletName = bladeletName;
        this.access = access;
        if (access.readable() && message.body().length() > access.maxBytes()) {
            throw new IllegalArgumentException("the message body is " + message.body().length() + " bytes, more than bladelet '"
                    + bladeletName + "' declares (max-bytes " + access.maxBytes() + "): the element answers 413 before the step runs");
        }
    }

    @Override public String id() { return message.id(); }
    @Override public String listener() { return message.listener(); }
    @Override public String messageType() { return message.messageType(); }
    @Override public String protocol() { return message.protocol(); }
    @Override public String scheme() { return message.scheme(); }
    @Override public String method() { return message.method(); }
    @Override public String authority() { return message.authority(); }
    @Override public String path() { return message.path(); }
    @Override public String query() { return message.query(); }
    @Override public Headers headers() { return message.headers(); }
    @Override public Map<String, String> attributes() { return message.attributes(); }
    @Override public Optional<Identity> identity() { return message.identity(); }
    @Override public InetSocketAddress remoteAddress() { return message.remoteAddress(); }
    @Override public InetSocketAddress localAddress() { return message.localAddress(); }
    @Override public Optional<TlsInfo> tls() { return message.tls(); }
    @Override public Instant receivedAt() { return message.receivedAt(); }

    @Override
    public boolean bodyReadable() {
        return access.readable();
    }

    @Override
    public Body body() {
        if (!access.readable()) {
            throw new BodyNotDeclaredException(bladeletName);
        }
        return message.body();
    }
}
