package org.gatehouse.audit.log;

import java.io.IOException;
import java.nio.file.Path;
import java.security.PublicKey;
import org.gatehouse.audit.log.internal.store.AuditFiles;
import org.gatehouse.audit.log.internal.store.ElementKey;
import org.gatehouse.audit.log.internal.store.LogScan;

/**
 * Checks an audit log folder offline, from its files and a public key alone (no framework, nothing
 * but the JDK): every record's sequence number and chain hash, the Merkle tree recomputed, every
 * checkpoint's signature, and that the tree at each checkpoint's size has the root it signed. It
 * names the first bad record and what is wrong with it.
 *
 * <pre>{@code
 * PublicKey key = Verifier.readPublicKey(Path.of("/safe/place/element-key.pub.pem"));
 * Verification v = Verifier.verify(Path.of("data/audit"), key);
 * System.out.println(v.summary());   // ok: 120 records, last checkpoint at 100
 * }</pre>
 *
 * <p>The folder's own {@code element-key.pub.pem} proves nothing against someone who could write
 * the folder: an auditor verifies with a copy of the public key kept elsewhere.
 */
public final class Verifier {
    private Verifier() {
    }

    /** Verifies the log in {@code folder} against {@code publicKey}. */
    public static Verification verify(Path folder, PublicKey publicKey) throws IOException {
        return LogScan.scan(folder, publicKey).verification();
    }

    /** Verifies the log in {@code folder} against the public key file beside it. */
    public static Verification verify(Path folder) throws IOException {
        return verify(folder, readPublicKey(folder.resolve(AuditFiles.PUBLIC_KEY)));
    }

    /** Reads an Ed25519 public key from an X.509 PEM file ({@code element-key.pub.pem}). */
    public static PublicKey readPublicKey(Path pemFile) throws IOException {
        return ElementKey.readPublicKey(pemFile);
    }
}
