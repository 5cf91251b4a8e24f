package org.gatehouse.extension.qualification.internal.signature;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.security.CodeSigner;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import org.gatehouse.extension.qualification.internal.Denial;

/**
 * Step 5 of qualification: JAR signatures (JAR File Specification, "Signed JAR File").
 * <ol>
 *   <li>every signature block ({@code META-INF/X.RSA|DSA|EC}) is verified with Bouncy Castle
 *       against its signature file ({@code META-INF/X.SF});</li>
 *   <li>the JDK's verifying {@link JarFile} then checks the signature file against the manifest
 *       and every entry against its manifest digest while each entry is read in full;</li>
 *   <li>every entry must be covered by every signer: a jar in which some entries were added after
 *       signing is not a signed jar;</li>
 *   <li>each signer must chain to a trusted publisher certificate ({@link PublisherTrust}).</li>
 * </ol>
 * A jar that carries a signature which does not verify is denied whether or not signatures are
 * required; an unsigned jar is denied only when they are.
 */
public final class JarSignatureVerifier {
    private static final Pattern SIGNATURE_BLOCK = Pattern.compile("META-INF/[^/]+\\.(RSA|DSA|EC)");
    private static final Pattern SIGNATURE_FILE = Pattern.compile("META-INF/[^/]+\\.SF");

    private final PublisherTrust trust;
    private final boolean requireSignature;

    public JarSignatureVerifier(PublisherTrust trust, boolean requireSignature) {
        this.trust = trust;
        this.requireSignature = requireSignature;
    }

    /** The verified publisher's subject DN, or empty for an unsigned jar that may be unsigned. */
    public Optional<String> verify(Path jar, List<String> entryNames) throws IOException, Denial {
        List<String> blocks = entryNames.stream().filter(n -> SIGNATURE_BLOCK.matcher(upper(n)).matches()).sorted().toList();
        List<String> files = entryNames.stream().filter(n -> SIGNATURE_FILE.matcher(upper(n)).matches()).sorted().toList();
        if (blocks.isEmpty() && files.isEmpty()) {
            if (requireSignature) {
                throw new Denial("unsigned: the jar carries no signature and signatures are required");
            }
            return Optional.empty();
        }
        List<X509Certificate> signers = SignatureBlocks.verify(jar, blocks, files);
        requireEveryEntrySigned(jar, signers);
        for (X509Certificate signer : signers) {
            trust.requireTrusted(signer, SignatureBlocks.certificatesOf(jar, blocks));
        }
        return Optional.of(PublisherTrust.subject(signers.get(0)));
    }

    private static void requireEveryEntrySigned(Path jar, List<X509Certificate> signers) throws IOException, Denial {
        try (JarFile file = new JarFile(jar.toFile(), true)) {
            for (JarEntry entry : Collections.list(file.entries())) {
                if (entry.isDirectory() || isSignatureRelated(entry.getName())) {
                    continue;
                }
                readFully(file, entry);
                requireCoveredByAll(entry, signers);
            }
        } catch (SecurityException e) {
            // the JDK verifier can also refuse the manifest or a signature file as a whole
            throw new Denial("bad signature: " + e.getMessage());
        }
    }

    private static void readFully(JarFile file, JarEntry entry) throws IOException, Denial {
        // reading to the end is what makes the JDK compare the entry with its signed digest
        try (InputStream in = file.getInputStream(entry)) {
            in.transferTo(OutputStream.nullOutputStream());
        } catch (SecurityException e) {
            throw new Denial("bad signature: entry [" + entry.getName() + "] does not match its signed digest (" + e.getMessage() + ")");
        }
    }

    private static void requireCoveredByAll(JarEntry entry, List<X509Certificate> signers) throws Denial {
        CodeSigner[] codeSigners = entry.getCodeSigners();
        List<Certificate> signerCerts = new ArrayList<>();
        if (codeSigners != null) {
            for (CodeSigner s : codeSigners) {
                signerCerts.add(s.getSignerCertPath().getCertificates().get(0));
            }
        }
        for (X509Certificate signer : signers) {
            if (!signerCerts.contains(signer)) {
                throw new Denial("bad signature: entry [" + entry.getName() + "] is not covered by the signature of ["
                        + PublisherTrust.subject(signer) + "]");
            }
        }
    }

    /** The names the JDK treats as part of the signature rather than as signed content. */
    static boolean isSignatureRelated(String name) {
        String upper = upper(name);
        return upper.equals("META-INF/MANIFEST.MF") || SIGNATURE_BLOCK.matcher(upper).matches()
                || SIGNATURE_FILE.matcher(upper).matches() || upper.matches("META-INF/SIG-[^/]*");
    }

    private static String upper(String name) {
        return name.toUpperCase(Locale.ROOT);
    }
}
