package org.gatehouse.audit.log.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import org.gatehouse.audit.log.Verification;
import org.gatehouse.audit.log.Verifier;
import org.gatehouse.audit.log.internal.store.AuditFiles;

/**
 * Verifies an audit log folder from the command line, with this jar alone on the class path:
 *
 * <pre>
 * java -cp audit-log.jar org.gatehouse.audit.log.cli.AuditVerify data/audit [element-key.pub.pem]
 * </pre>
 *
 * <p>Prints {@code ok: N records, last checkpoint at M} and exits 0, or prints the first problem
 * and exits 1 (a folder without a log, a key that cannot be read: also 1); a wrong command line
 * exits 2. Without a key file, the folder's own public key is used, which only an auditor's copy
 * kept elsewhere makes meaningful.
 */
public final class AuditVerify {
    private AuditVerify() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the command and returns its exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length < 1 || args.length > 2) {
            err.println("usage: AuditVerify <audit folder> [public key file]");
            return 2;
        }
        Path folder = Path.of(args[0]);
        if (!Files.isRegularFile(folder.resolve(AuditFiles.RECORDS))) {
            out.println("bad: no audit log in " + folder + " (" + AuditFiles.RECORDS + " is missing)");
            return 1;
        }
        try {
            Path keyFile = args.length == 2 ? Path.of(args[1]) : folder.resolve(AuditFiles.PUBLIC_KEY);
            PublicKey key = Verifier.readPublicKey(keyFile);
            Verification verification = Verifier.verify(folder, key);
            out.println(verification.ok() ? verification.summary() : "bad: " + verification.summary());
            return verification.ok() ? 0 : 1;
        } catch (IOException e) {
            out.println("bad: " + e.getMessage());
            return 1;
        }
    }
}
