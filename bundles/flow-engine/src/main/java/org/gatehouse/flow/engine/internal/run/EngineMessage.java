package org.gatehouse.flow.engine.internal.run;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.gatehouse.sdk.identity.Identity;
import org.gatehouse.sdk.message.Body;
import org.gatehouse.sdk.message.BodyNotDeclaredException;
import org.gatehouse.sdk.message.Headers;
import org.gatehouse.sdk.message.Message;
import org.gatehouse.sdk.message.TlsInfo;

/** The view of one message state that one step gets; the body only when its descriptor declares it. */
final class EngineMessage implements Message {
    private final MessageState state;
    private final String bladelet;
    private final boolean bodyReadable;

    EngineMessage(MessageState state, String bladelet, boolean bodyReadable) {
        this.state = state;
        this.bladelet = bladelet;
        this.bodyReadable = bodyReadable && state.body() != null;
    }

    @Override public String id() { return state.facts().id(); }
    @Override public String listener() { return state.facts().listener(); }
    @Override public String messageType() { return state.facts().messageType(); }
    @Override public String protocol() { return state.facts().protocol(); }
    @Override public String scheme() { return state.facts().scheme(); }
    @Override public String method() { return state.facts().method(); }
    @Override public String authority() { return state.facts().authority(); }
    @Override public String path() { return state.path(); }
    @Override public String query() { return state.facts().query(); }
    @Override public Headers headers() { return state.headers(); }
    @Override public Map<String, String> attributes() { return state.attributes(); }
    @Override public Optional<Identity> identity() { return state.identity(); }
    @Override public boolean bodyReadable() { return bodyReadable; }
    @Override public InetSocketAddress remoteAddress() { return state.facts().remote(); }
    @Override public InetSocketAddress localAddress() { return state.facts().local(); }
    @Override public Optional<TlsInfo> tls() { return state.facts().tls(); }
    @Override public Instant receivedAt() { return state.facts().receivedAt(); }

    /** The same message for another bladelet, with that bladelet's body access. */
    EngineMessage withBodyAccess(String otherBladelet, boolean readable) {
        return new EngineMessage(state, otherBladelet, readable);
    }

    @Override
    public Body body() {
        if (!bodyReadable) {
            throw new BodyNotDeclaredException(bladelet);
        }
        return state.body();
    }
}
