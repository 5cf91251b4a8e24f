package org.gatehouse.management.auth;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A local operating-system account that is a management user on the element's local confirmation
 * socket (docs/management.md "Confirmation"): {@code <local-account name="alice"/>} or {@code
 * <local-account uid="1000"/>} in {@code conf/management-users.xml}. A name is looked up when a
 * peer connects, so the account it names may come and go; a uid is taken as given.
 */
public sealed interface LocalAccount {

    /** An account by name, as {@code getpwnam(3)} knows it; never starts with a digit, so it is never read as a uid. */
    record Named(String name) implements LocalAccount {
        /** The schema's {@code AccountName}: no digit first, no {@code @} (the JDK's special principals end in one). */
        private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.\\-]{0,31}\\$?");

        public Named {
            Objects.requireNonNull(name, "name");
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("not an account name: [" + name + "] (a letter or _ first, then up to 31 letters, "
                        + "digits, _ . or -, and an optional final $)");
            }
        }

        @Override
        public String toString() {
            return "name=\"" + name + "\"";
        }
    }

    /** An account by numeric uid (0 to 4294967294; {@code (uid_t) -1} is no account). */
    record Uid(long uid) implements LocalAccount {
        /** The largest uid: {@code (uid_t) -1} means "no change" to chown(2), never an account. */
        public static final long MAX = 0xFFFF_FFFEL;

        public Uid {
            if (uid < 0 || uid > MAX) {
                throw new IllegalArgumentException("a uid is 0 to " + MAX + ", not " + uid);
            }
        }

        @Override
        public String toString() {
            return "uid=\"" + uid + "\"";
        }
    }
}
