package org.gatehouse.extension.qualification;

/**
 * Which files a qualification rule may match by their presence in the signature database.
 * A rule matches only listed hashes unless it says otherwise, so a file nobody registered is
 * denied unless a rule explicitly admits unlisted hashes.
 */
public enum HashScope {
    /** Only files whose SHA-256 is in the signature database (the default). */
    LISTED,
    /** Only files whose SHA-256 is not in the signature database. */
    UNLISTED,
    /** Both. */
    ANY;

    boolean admits(boolean listed) {
        return switch (this) {
            case LISTED -> listed;
            case UNLISTED -> !listed;
            case ANY -> true;
        };
    }
}
