package org.gatehouse.auth.testing;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.apache.kerby.kerberos.kerb.KrbCodec;
import org.apache.kerby.kerberos.kerb.crypto.EncryptionHandler;
import org.apache.kerby.kerberos.kerb.type.KerberosTime;
import org.apache.kerby.kerberos.kerb.type.ap.ApOptions;
import org.apache.kerby.kerberos.kerb.type.ap.ApReq;
import org.apache.kerby.kerberos.kerb.type.ap.Authenticator;
import org.apache.kerby.kerberos.kerb.type.base.CheckSum;
import org.apache.kerby.kerberos.kerb.type.base.KeyUsage;
import org.apache.kerby.kerberos.kerb.type.base.PrincipalName;
import org.apache.kerby.kerberos.kerb.type.ticket.SgtTicket;

/**
 * A Kerberos GSS-API initial context token (RFC 4121 section 4.1) built from a service ticket,
 * with an authenticator made now: so a test can present a ticket that has expired with a fresh
 * authenticator, which is what an expired ticket looks like to the acceptor.
 */
public final class RawKerberosToken {
    /** DER of the Kerberos V5 mechanism OID 1.2.840.113554.1.2.2. */
    private static final byte[] KERBEROS_OID = {0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x12, 0x01, 0x02, 0x02};
    /** RFC 4121 section 4.1.1: the authenticator checksum type that carries GSS flags. */
    private static final int GSS_CHECKSUM = 0x8003;

    private RawKerberosToken() {
    }

    public static byte[] of(SgtTicket ticket, String clientName, String realm) throws Exception {
        Authenticator authenticator = new Authenticator();
        authenticator.setAuthenticatorVno(5);
        authenticator.setCrealm(realm);
        authenticator.setCname(new PrincipalName(clientName));
        long now = System.currentTimeMillis();
        authenticator.setCtime(new KerberosTime(now - now % 1000));
        authenticator.setCusec((int) (now % 1000) * 1000);
        authenticator.setCksum(new CheckSum(GSS_CHECKSUM, gssChecksum()));
        ApReq request = new ApReq();
        request.setApOptions(new ApOptions());
        request.setTicket(ticket.getTicket());
        request.setEncryptedAuthenticator(EncryptionHandler.encrypt(KrbCodec.encode(authenticator), ticket.getSessionKey(),
                KeyUsage.AP_REQ_AUTH));
        return frame(KrbCodec.encode(request));
    }

    /** Lgth 16, no channel bindings (16 zero bytes), no flags. */
    private static byte[] gssChecksum() {
        return ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN).putInt(16).put(new byte[16]).putInt(0).array();
    }

    /** [APPLICATION 0] { mechanism OID, TOK_ID 01 00, AP-REQ } (RFC 2743 section 3.1). */
    private static byte[] frame(byte[] apReq) {
        ByteArrayOutputStream inner = new ByteArrayOutputStream();
        inner.writeBytes(KERBEROS_OID);
        inner.write(0x01);
        inner.write(0x00);
        inner.writeBytes(apReq);
        ByteArrayOutputStream token = new ByteArrayOutputStream();
        token.write(0x60);
        writeLength(token, inner.size());
        token.writeBytes(inner.toByteArray());
        return token.toByteArray();
    }

    private static void writeLength(ByteArrayOutputStream out, int length) {
        if (length < 128) {
            out.write(length);
        } else if (length < 256) {
            out.write(0x81);
            out.write(length);
        } else {
            out.write(0x82);
            out.write(length >> 8);
            out.write(length & 0xff);
        }
    }
}
