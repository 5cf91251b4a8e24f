package org.gatehouse.extension.qualification.internal.signature;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerId;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.gatehouse.extension.qualification.internal.Denial;

/**
 * Verifies each PKCS#7 signature block of a jar over its signature file with Bouncy Castle's CMS
 * implementation, independently of the JDK's own verifier.
 */
final class SignatureBlocks {
    /** A signature file or block larger than this is not something jarsigner writes. */
    private static final int MAX_SIGNATURE_BYTES = 4 << 20;

    private SignatureBlocks() {
    }

    /** Returns the signer certificate of every block, once each block has verified. */
    static List<X509Certificate> verify(Path jar, List<String> blocks, List<String> files) throws IOException, Denial {
        List<X509Certificate> signers = new ArrayList<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (String file : files) {
                if (blockFor(file, blocks) == null) {
                    throw new Denial("bad signature: signature file [" + file + "] has no signature block");
                }
            }
            for (String block : blocks) {
                String file = fileFor(block, files);
                signers.addAll(verifyBlock(block, read(zip, block), file, read(zip, file)));
            }
        }
        return signers;
    }

    /** Every certificate the blocks carry, for path building. */
    static List<X509Certificate> certificatesOf(Path jar, List<String> blocks) throws IOException, Denial {
        List<X509Certificate> certificates = new ArrayList<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (String block : blocks) {
                CMSSignedData data = parse(block, read(zip, block), new byte[0]);
                for (X509CertificateHolder holder : matching(data, null)) {
                    certificates.add(toX509(block, holder));
                }
            }
        }
        return certificates;
    }

    private static List<X509Certificate> verifyBlock(String block, byte[] blockBytes, String file, byte[] fileBytes) throws Denial {
        CMSSignedData data = parse(block, blockBytes, fileBytes);
        Collection<SignerInformation> signerInfos = data.getSignerInfos().getSigners();
        if (signerInfos.isEmpty()) {
            throw new Denial("bad signature: signature block [" + block + "] has no signer");
        }
        List<X509Certificate> signers = new ArrayList<>();
        for (SignerInformation signer : signerInfos) {
            Collection<X509CertificateHolder> certs = matching(data, signer.getSID());
            if (certs.isEmpty()) {
                throw new Denial("bad signature: signature block [" + block + "] does not carry its signer's certificate");
            }
            X509CertificateHolder cert = certs.iterator().next();
            if (!verifies(signer, cert)) {
                throw new Denial("bad signature: signature block [" + block + "] does not verify against [" + file + "]");
            }
            signers.add(toX509(block, cert));
        }
        return signers;
    }

    private static boolean verifies(SignerInformation signer, X509CertificateHolder cert) {
        try {
            return signer.verify(new JcaSimpleSignerInfoVerifierBuilder().setProvider(BouncyCastle.PROVIDER).build(cert));
        } catch (CMSException | OperatorCreationException | CertificateException | RuntimeException e) {
            return false;
        }
    }

    private static CMSSignedData parse(String block, byte[] blockBytes, byte[] signedContent) throws Denial {
        try {
            return new CMSSignedData(new CMSProcessableByteArray(signedContent), blockBytes);
        } catch (CMSException | RuntimeException e) {
            throw new Denial("bad signature: signature block [" + block + "] is not a PKCS#7 signature (" + e.getMessage() + ")");
        }
    }

    /** Bouncy Castle's {@code SignerId} implements {@code Selector} as a raw type: the one unchecked call. */
    @SuppressWarnings("unchecked")
    private static Collection<X509CertificateHolder> matching(CMSSignedData data, SignerId signer) {
        return data.getCertificates().getMatches(signer);
    }

    private static X509Certificate toX509(String block, X509CertificateHolder holder) throws Denial {
        try {
            return new JcaX509CertificateConverter().setProvider(BouncyCastle.PROVIDER).getCertificate(holder);
        } catch (CertificateException e) {
            throw new Denial("bad signature: signature block [" + block + "] carries an unreadable certificate (" + e.getMessage() + ")");
        }
    }

    private static byte[] read(ZipFile zip, String name) throws IOException, Denial {
        ZipEntry entry = zip.getEntry(name);
        try (InputStream in = zip.getInputStream(entry)) {
            byte[] bytes = in.readNBytes(MAX_SIGNATURE_BYTES + 1);
            if (bytes.length > MAX_SIGNATURE_BYTES) {
                throw new Denial("bad signature: [" + name + "] is larger than " + MAX_SIGNATURE_BYTES + " bytes");
            }
            return bytes;
        }
    }

    private static String blockFor(String file, List<String> blocks) {
        String base = stem(file);
        return blocks.stream().filter(b -> stem(b).equals(base)).findFirst().orElse(null);
    }

    private static String fileFor(String block, List<String> files) throws Denial {
        String base = stem(block);
        return files.stream().filter(f -> stem(f).equals(base)).findFirst()
                .orElseThrow(() -> new Denial("bad signature: signature block [" + block + "] has no signature file"));
    }

    private static String stem(String name) {
        return name.substring(0, name.lastIndexOf('.')).toUpperCase(Locale.ROOT);
    }
}
