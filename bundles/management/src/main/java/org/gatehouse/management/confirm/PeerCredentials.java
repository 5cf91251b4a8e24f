package org.gatehouse.management.confirm;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;

/**
 * Who is at the other end of a Unix domain socket: the numeric uid the kernel recorded when the
 * peer called {@code connect(2)} ({@code SO_PEERCRED}), and the account's name for messages.
 *
 * <p>How the uid is read. {@link ExtendedSocketOptions#SO_PEERCRED} gives a {@link
 * UnixDomainPrincipal} whose {@code user()} the JDK builds from the numeric uid: its name is the
 * passwd name of that uid, or the uid in decimal when there is none, so the name is never parsed
 * for a number (an account may be called {@code 1000}). The JDK offers no accessor for the number;
 * its Unix principal (JDK 17 to 25) compares by uid alone in {@code equals} and returns the uid as
 * {@code hashCode} (unsigned 32 bits in an int). This class takes the hash and trusts it only when
 * the same JDK confirms it: {@link #checkJdk} compares, at start, the hash of the owner of a file
 * this process created with that file's {@code unix:uid} attribute, and refuses to run when they
 * differ; each peer's principal must also be the JDK's own class and must not be the no-account
 * uid {@code (uid_t) -1}, the one id whose hash is not the uid. Names in the users file are
 * matched by principal equality ({@link #isAccount}), which is the uid comparison itself.
 *
 * <p>The credentials are those of the process that connected, taken at {@code connect(2)}: a
 * process that connects and then changes its uid, or hands the descriptor to another process,
 * keeps them. Only allowed uids can connect at all, so only they can hand one on.
 */
public record PeerCredentials(long uid, String accountName) {
    private static final String JDK_PRINCIPAL = "sun.nio.fs.UnixUserPrincipals$User";
    private static final long NO_ACCOUNT = 0xFFFF_FFFFL;

    /** The credentials of a connected Unix domain socket's peer. */
    public static PeerCredentials of(SocketChannel channel) throws IOException {
        UnixDomainPrincipal principal = channel.getOption(ExtendedSocketOptions.SO_PEERCRED);
        return of(principal.user());
    }

    /** The uid a JDK Unix principal stands for; anything else is refused. */
    static PeerCredentials of(UserPrincipal user) throws IOException {
        if (!JDK_PRINCIPAL.equals(user.getClass().getName())) {
            throw new IOException("the peer's principal is a " + user.getClass().getName() + ", not the JDK's " + JDK_PRINCIPAL
                    + ": its uid cannot be read");
        }
        long uid = Integer.toUnsignedLong(user.hashCode());
        if (uid == NO_ACCOUNT || Integer.toString(-1).equals(user.getName())) {
            throw new IOException("the peer has the no-account uid (uid_t) -1");
        }
        return new PeerCredentials(uid, user.getName());
    }

    /**
     * The uid of this process (its effective uid: the owner of a file it creates), read from a
     * file it creates and deletes in {@code folder}; also checks that this JDK's principals carry
     * the uid as {@link #of(UserPrincipal)} reads it.
     */
    public static long processUid(Path folder) throws IOException {
        Path probe = Files.createTempFile(folder, ".uid-", ".probe");
        try {
            long uid = Integer.toUnsignedLong((Integer) Files.getAttribute(probe, "unix:uid", LinkOption.NOFOLLOW_LINKS));
            checkJdk(Files.getOwner(probe, LinkOption.NOFOLLOW_LINKS), uid);
            return uid;
        } finally {
            Files.deleteIfExists(probe);
        }
    }

    /** Refuses to run on a JDK whose principal does not read back as the uid the file system gave. */
    static void checkJdk(UserPrincipal owner, long uid) throws IOException {
        long read = of(owner).uid();
        if (read != uid) {
            throw new IOException("this JDK's user principals do not carry the uid as expected (" + owner.getClass().getName()
                    + " for uid " + uid + " reads as " + read + "): peer credentials cannot be checked, so the local confirmation "
                    + "socket does not start");
        }
    }

    /**
     * Whether the account called {@code name} (looked up now: {@code getpwnam(3)}) is this peer.
     * A name nobody has is no one.
     */
    boolean isAccount(String name, UserPrincipalLookupService lookup) throws IOException {
        try {
            UserPrincipal account = lookup.lookupPrincipalByName(name);
            return JDK_PRINCIPAL.equals(account.getClass().getName()) && of(account).uid() == uid;
        } catch (UserPrincipalNotFoundException e) {
            return false;
        }
    }

    static UserPrincipalLookupService lookup() {
        return FileSystems.getDefault().getUserPrincipalLookupService();
    }

    /** {@code uid 1000 (alice)}, for messages. */
    @Override
    public String toString() {
        return accountName.equals(Long.toString(uid)) ? "uid " + uid : "uid " + uid + " (" + accountName + ")";
    }
}
