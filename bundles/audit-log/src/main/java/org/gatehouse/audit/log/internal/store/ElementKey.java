package org.gatehouse.audit.log.internal.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Set;
import org.gatehouse.audit.log.AuditLogException;

/**
 * The element's checkpoint key: an Ed25519 key pair (the JDK's provider), made on first use and
 * kept beside the log, the private key in a file only its owner may read or write (POSIX 0600).
 * A key file with wider permissions is refused rather than used.
 */
public final class ElementKey {
    private static final Set<PosixFilePermission> OWNER_ONLY = EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    private static final String PRIVATE_PEM = "PRIVATE KEY";
    private static final String PUBLIC_PEM = "PUBLIC KEY";

    private final PrivateKey privateKey;
    private final PublicKey publicKey;

    private ElementKey(PrivateKey privateKey, PublicKey publicKey) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
    }

    /**
     * Loads the key pair of {@code folder}, or makes one when there is none and {@code mayCreate}
     * (no checkpoint was ever signed there). The pair is checked to belong together.
     */
    public static ElementKey loadOrCreate(Path folder, boolean mayCreate) throws IOException {
        Path privateFile = folder.resolve(AuditFiles.PRIVATE_KEY);
        Path publicFile = folder.resolve(AuditFiles.PUBLIC_KEY);
        if (!Files.exists(privateFile)) {
            if (!mayCreate) {
                throw new AuditLogException(privateFile + " is missing, and checkpoints signed with it exist: the log cannot be continued"
                        + " with another key without breaking them");
            }
            create(folder, privateFile, publicFile);
        }
        checkOwnerOnly(privateFile);
        try {
            PrivateKey privateKey = KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(readPem(privateFile, PRIVATE_PEM)));
            ElementKey key = new ElementKey(privateKey, readPublicKey(publicFile));
            byte[] probe = "element key pair check".getBytes(StandardCharsets.US_ASCII);
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(key.publicKey);
            verifier.update(probe);
            if (!verifier.verify(key.sign(probe))) {
                throw new AuditLogException(publicFile + " is not the public key of " + privateFile);
            }
            return key;
        } catch (GeneralSecurityException e) {
            throw new AuditLogException(privateFile + ": not an Ed25519 private key: " + e.getMessage(), e);
        }
    }

    /** Reads an Ed25519 public key from an X.509 PEM file. */
    public static PublicKey readPublicKey(Path file) throws IOException {
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(readPem(file, PUBLIC_PEM)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IOException(file + ": not an Ed25519 public key: " + e.getMessage(), e);
        }
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    /** Ed25519 signature of {@code message}. */
    public byte[] sign(byte[] message) {
        try {
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(privateKey);
            signer.update(message);
            return signer.sign();
        } catch (GeneralSecurityException e) {
            throw new AuditLogException("cannot sign with the element key: " + e.getMessage(), e);
        }
    }

    /** Writes both files under temporary names, forces them, then renames: a crash leaves no half key. */
    private static void create(Path folder, Path privateFile, Path publicFile) throws IOException {
        KeyPair pair;
        try {
            pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new AuditLogException("this JDK cannot make Ed25519 keys: " + e.getMessage(), e);
        }
        Path stagedPublic = folder.resolve(AuditFiles.PUBLIC_KEY + ".new");
        Path stagedPrivate = folder.resolve(AuditFiles.PRIVATE_KEY + ".new");
        Files.deleteIfExists(stagedPublic);
        Files.deleteIfExists(stagedPrivate);
        write(stagedPublic, pem(PUBLIC_PEM, pair.getPublic().getEncoded()), false);
        write(stagedPrivate, pem(PRIVATE_PEM, pair.getPrivate().getEncoded()), true);
        Files.move(stagedPublic, publicFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        Files.move(stagedPrivate, privateFile, StandardCopyOption.ATOMIC_MOVE);
        AuditFiles.forceFolder(folder);
    }

    private static void write(Path file, String text, boolean ownerOnly) throws IOException {
        FileAttribute<?>[] attributes = ownerOnly && posix(file.getParent())
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)} : new FileAttribute<?>[0];
        try (FileChannel out = FileChannel.open(file, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), attributes)) {
            ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
            while (bytes.hasRemaining()) {
                out.write(bytes);
            }
            out.force(true);
        }
        if (ownerOnly && posix(file.getParent())) {
            // the umask can only take bits away; set them exactly anyway
            Files.setPosixFilePermissions(file, OWNER_ONLY);
        }
    }

    private static void checkOwnerOnly(Path privateFile) throws IOException {
        if (posix(privateFile.getParent())) {
            Set<PosixFilePermission> actual = Files.getPosixFilePermissions(privateFile);
            if (!OWNER_ONLY.containsAll(actual)) {
                throw new AuditLogException(privateFile + " has permissions " + PosixFilePermissions.toString(actual)
                        + ", expected rw------- (readable by its owner only)");
            }
        }
    }

    private static boolean posix(Path folder) {
        return folder.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der) + "\n-----END " + type
                + "-----\n";
    }

    private static byte[] readPem(Path file, String type) throws IOException {
        String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
        String begin = "-----BEGIN " + type + "-----";
        String end = "-----END " + type + "-----";
        if (!text.startsWith(begin) || !text.endsWith(end)) {
            throw new IOException(file + ": not a PEM " + type);
        }
        return Base64.getMimeDecoder().decode(text.substring(begin.length(), text.length() - end.length()));
    }
}
