package org.gatehouse.management.auth;

import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlElementWrapper;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlProperty;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.security.auth.x500.X500Principal;
import org.gatehouse.policy.schemas.GatehouseSchema;
import org.gatehouse.policy.schemas.XmlDocument;
import org.gatehouse.policy.schemas.XmlDocumentException;
import org.gatehouse.policy.schemas.XmlDocumentReader;

/**
 * The users of {@code conf/management-users.xml} ({@code urn:gatehouse:management-users:1}) and
 * the two ways to find one: by bearer token and by client-certificate subject. (The local
 * accounts of a user are matched against a peer's credentials by the local confirmation socket;
 * the password hash and TOTP secret are checked by the confirmation listener.)
 *
 * <p>Tokens are never stored: the file holds their SHA-256. A presented token is hashed and
 * compared with every digest in constant time ({@link MessageDigest#isEqual}), and the search
 * never stops early, so the time taken says nothing about which digest came close.
 *
 * <pre>{@code
 * ManagementUsers users = ManagementUsers.read(conf.resolve("management-users.xml"));
 * Optional<ManagementUser> alice = users.byToken(bearer);
 * }</pre>
 */
public final class ManagementUsers {
    private final List<ManagementUser> users;

    record Document(@JacksonXmlElementWrapper(useWrapping = false)
                    @JacksonXmlProperty(localName = "user") List<UserElement> users) {}

    record UserElement(String name,
                       @JacksonXmlElementWrapper(useWrapping = false) @JacksonXmlProperty(localName = "role") List<String> roles,
                       @JacksonXmlElementWrapper(useWrapping = false) @JacksonXmlProperty(localName = "token") List<TokenElement> tokens,
                       @JacksonXmlElementWrapper(useWrapping = false) @JacksonXmlProperty(localName = "certificate")
                       List<CertificateElement> certificates,
                       @JacksonXmlElementWrapper(useWrapping = false) @JacksonXmlProperty(localName = "local-account")
                       List<LocalAccountElement> localAccounts,
                       PasswordElement password,
                       TotpElement totp) {}

    record PasswordElement(String hash) {}

    record TotpElement(String secret, String algorithm, Integer digits, Integer period) {}

    record TokenElement(String sha256, String description) {}

    record CertificateElement(String subject) {}

    record LocalAccountElement(String name, Long uid) {}

    public ManagementUsers(List<ManagementUser> users) {
        this.users = List.copyOf(users);
    }

    /** Reads and validates the users file; errors name the file, position and element path. */
    public static ManagementUsers read(Path file) throws XmlDocumentException {
        return users(XmlDocumentReader.forSchema(GatehouseSchema.MANAGEMENT_USERS).readDocument(file, Document.class));
    }

    /** Reads and validates users held in memory, named {@code source} in errors. */
    public static ManagementUsers read(String source, byte[] content) throws XmlDocumentException {
        return users(XmlDocumentReader.forSchema(GatehouseSchema.MANAGEMENT_USERS).readDocument(source, content, Document.class));
    }

    private static ManagementUsers users(XmlDocument<Document> read) throws XmlDocumentException {
        Document document = read.model();
        List<ManagementUser> users = new ArrayList<>();
        List<UserElement> raw = document == null || document.users() == null ? List.of() : document.users();
        for (int i = 0; i < raw.size(); i++) {
            users.add(toUser(read, i + 1, raw.get(i)));
        }
        return new ManagementUsers(users);
    }

    private static ManagementUser toUser(XmlDocument<?> read, int position, UserElement e) throws XmlDocumentException {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        e.roles().forEach(r -> roles.add(Role.fromWireName(r)));
        List<byte[]> digests = listOf(e.tokens()).stream().map(t -> HexFormat.of().parseHex(t.sha256())).toList();
        List<String> subjects = new ArrayList<>();
        List<CertificateElement> certificates = listOf(e.certificates());
        for (int c = 0; c < certificates.size(); c++) {
            try {
                subjects.add(canonicalSubject(certificates.get(c).subject()));
            } catch (IllegalArgumentException ex) {
                throw read.problem("/management-users/user[" + position + "]/certificate[" + (c + 1) + "]",
                        "subject [" + certificates.get(c).subject() + "] is not a distinguished name: " + ex.getMessage());
            }
        }
        return new ManagementUser(e.name(), roles, digests, subjects, localAccounts(read, position, listOf(e.localAccounts())),
                password(read, position, e.password()), totp(read, position, e.totp()));
    }

    /** The schema checked the form; what is left is a value the model refuses, named at its element. */
    private static Optional<PasswordHash> password(XmlDocument<?> read, int position, PasswordElement element) throws XmlDocumentException {
        if (element == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(PasswordHash.parse(element.hash()));
        } catch (IllegalArgumentException ex) {
            throw read.problem("/management-users/user[" + position + "]/password[1]", ex.getMessage());
        }
    }

    private static Optional<TotpSecret> totp(XmlDocument<?> read, int position, TotpElement element) throws XmlDocumentException {
        if (element == null) {
            return Optional.empty();
        }
        try {
            // the schema fills in the defaults: SHA1, 6 digits, 30 s
            return Optional.of(TotpSecret.of(element.secret(), element.algorithm(), element.digits(), element.period()));
        } catch (IllegalArgumentException ex) {
            throw read.problem("/management-users/user[" + position + "]/totp[1]", ex.getMessage());
        }
    }

    private static List<LocalAccount> localAccounts(XmlDocument<?> read, int position, List<LocalAccountElement> elements)
            throws XmlDocumentException {
        List<LocalAccount> accounts = new ArrayList<>();
        for (int a = 0; a < elements.size(); a++) {
            LocalAccountElement element = elements.get(a);
            if ((element.name() == null) == (element.uid() == null)) {
                throw read.problem("/management-users/user[" + position + "]/local-account[" + (a + 1) + "]",
                        "a local account is named by exactly one of name or uid, " + (element.name() == null ? "not neither" : "not both"));
            }
            accounts.add(element.name() != null ? new LocalAccount.Named(element.name()) : new LocalAccount.Uid(element.uid()));
        }
        return accounts;
    }

    private static <T> List<T> listOf(List<T> maybe) {
        return maybe == null ? List.of() : maybe;
    }

    /** A distinguished name in the form two spellings of the same name share (RFC 4514, case and spacing folded). */
    public static String canonicalSubject(String distinguishedName) {
        return new X500Principal(distinguishedName).getName(X500Principal.CANONICAL);
    }

    /** The SHA-256 of a token as stored in the users file: lower-case hex of its UTF-8 bytes. */
    public static String tokenDigestHex(String token) {
        return HexFormat.of().formatHex(sha256(token));
    }

    public List<ManagementUser> users() {
        return users;
    }

    /** The user a bearer token belongs to; every digest is compared, in constant time each. */
    public Optional<ManagementUser> byToken(String token) {
        byte[] presented = sha256(token);
        ManagementUser found = null;
        for (ManagementUser user : users) {
            for (byte[] digest : user.tokenDigests()) {
                if (MessageDigest.isEqual(presented, digest) && found == null) {
                    found = user;
                }
            }
        }
        return Optional.ofNullable(found);
    }

    /** The user a client certificate's subject maps to. */
    public Optional<ManagementUser> bySubject(X500Principal subject) {
        String canonical = subject.getName(X500Principal.CANONICAL);
        return users.stream().filter(u -> u.certificateSubjects().contains(canonical)).findFirst();
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
