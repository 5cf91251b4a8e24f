package org.gatehouse.audit.log;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import org.gatehouse.audit.log.internal.merkle.TreeHashes;
import org.gatehouse.audit.log.internal.store.RecordCodec;

/**
 * A signed tree head: the log had {@code treeSize} records with root {@code rootHash} at
 * {@code time}, signed with the element's Ed25519 key. What is signed is {@link #signedBytes()}: a
 * fixed prefix, then the canonical JSON of key id, root, size and time.
 *
 * <pre>{@code
 * Checkpoint c = log.checkpoint();
 * boolean genuine = c.verify(Verifier.readPublicKey(folder.resolve("element-key.pub.pem")));
 * }</pre>
 *
 * @param treeSize  number of records covered
 * @param rootHash  the tree's root at that size, lower-case hex
 * @param time      when it was signed
 * @param keyId     SHA-256 of the signing public key's X.509 encoding, lower-case hex
 * @param signature the Ed25519 signature of {@link #signedBytes()}, base64
 */
public record Checkpoint(long treeSize, String rootHash, Instant time, String keyId, String signature) {
    public Checkpoint {
        if (treeSize < 0) {
            throw new IllegalArgumentException("tree size " + treeSize + " must be 0 or more");
        }
        HashText.check(rootHash, "root hash");
        Objects.requireNonNull(time, "time");
        HashText.check(keyId, "key id");
        Base64.getDecoder().decode(Objects.requireNonNull(signature, "signature"));
    }

    /** The bytes the signature covers. */
    public byte[] signedBytes() {
        return RecordCodec.signedCheckpointBytes(treeSize, rootHash, time, keyId);
    }

    /** The tree head this checkpoint signs. */
    public TreeHead head() {
        return new TreeHead(treeSize, rootHash);
    }

    /** True when {@code key} is the key named by {@link #keyId()} and its Ed25519 signature verifies. */
    public boolean verify(PublicKey key) {
        if (!keyId.equals(keyIdOf(key))) {
            return false;
        }
        try {
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(key);
            verifier.update(signedBytes());
            return verifier.verify(Base64.getDecoder().decode(signature));
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** The key id of a public key: SHA-256 of its X.509 encoding, lower-case hex. */
    public static String keyIdOf(PublicKey key) {
        return HashText.text(TreeHashes.sha256(key.getEncoded()));
    }
}
