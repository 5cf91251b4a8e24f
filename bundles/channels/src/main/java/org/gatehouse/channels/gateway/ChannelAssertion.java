package org.gatehouse.channels.gateway;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import javax.security.auth.x500.X500Principal;
import org.gatehouse.channels.identity.InstanceIdentity;
import org.gatehouse.channels.identity.SpiffeId;

/**
 * What the ingress element asserts about a channel in its signed OPEN (docs/channels.md "In the
 * element"): the source instance it identified by its client certificate, and the target. The
 * egress element decides on this identity with its own policy; it trusts the ingress element to
 * have read the certificate, and nothing else.
 *
 * <p>Encoded as a version byte and four length-prefixed UTF-8 fields (modified UTF-8 of
 * {@link DataOutputStream#writeUTF}) and the port; decoding refuses anything else, trailing bytes
 * included.
 *
 * @param source  the source instance
 * @param service the target service
 * @param port    the target port
 */
public record ChannelAssertion(InstanceIdentity source, String service, int port) {
    private static final int VERSION = 1;

    /** The bytes carried in the OPEN. */
    public byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeUTF(source.subject().getName(X500Principal.RFC2253));
            out.writeUTF(source.spiffeId().map(SpiffeId::toString).orElse(""));
            out.writeUTF(service);
            out.writeInt(port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Reads an assertion; anything that is not exactly one is an {@link IllegalArgumentException} saying what. */
    public static ChannelAssertion decode(byte[] encoded) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(encoded))) {
            int version = in.readUnsignedByte();
            if (version != VERSION) {
                throw new IllegalArgumentException("channel assertion version " + version + ", expected " + VERSION);
            }
            X500Principal subject = new X500Principal(in.readUTF());
            String spiffe = in.readUTF();
            String service = in.readUTF();
            int port = in.readInt();
            if (in.available() > 0) {
                throw new IllegalArgumentException("channel assertion with " + in.available() + " bytes after its fields");
            }
            if (port < 1 || port > 65535 || service.isEmpty()) {
                throw new IllegalArgumentException("channel assertion for service [" + service + "] port [" + port + "]");
            }
            Optional<SpiffeId> id = spiffe.isEmpty() ? Optional.empty() : Optional.of(SpiffeId.parse(spiffe));
            return new ChannelAssertion(new InstanceIdentity(subject, id), service, port);
        } catch (IOException e) {
            throw new IllegalArgumentException("channel assertion cut short: " + e, e);
        }
    }
}
