package org.gatehouse.audit.log.internal.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** The files of an audit log folder, and the folder fsync that makes a new file's name durable. */
public final class AuditFiles {
    /** The records, one canonical JSON object per line. */
    public static final String RECORDS = "records.jsonl";
    /** The signed checkpoints, one per line. */
    public static final String CHECKPOINTS = "checkpoints.jsonl";
    /** The element's Ed25519 private key, PKCS#8 PEM, readable by the owner only. */
    public static final String PRIVATE_KEY = "element-key.pem";
    /** Its public key, X.509 PEM: what an auditor takes away. */
    public static final String PUBLIC_KEY = "element-key.pub.pem";
    /** The longest line read (a record of the largest payload, escaped, fits). */
    public static final int MAX_LINE = 8 << 20;

    private AuditFiles() {
    }

    /** Forces the folder itself, so that files created or renamed in it survive a crash (Linux; a no-op where folders cannot be opened). */
    public static void forceFolder(Path folder) throws IOException {
        try (FileChannel dir = FileChannel.open(folder, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException e) {
            if (System.getProperty("os.name", "").startsWith("Windows")) {
                return;
            }
            throw e;
        }
    }
}
