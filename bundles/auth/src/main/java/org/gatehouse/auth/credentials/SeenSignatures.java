package org.gatehouse.auth.credentials;

import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The signature values this location has accepted, each kept until its Timestamp could no longer
 * be accepted anyway: a signed envelope sent a second time within its few minutes is a replay.
 * Bounded: past {@link #LIMIT} entries the oldest go first, so that a client with a valid key
 * cannot make the element hold without limit; an attacker would have to push a signature out with
 * that many fresh ones of its own before replaying it.
 */
final class SeenSignatures {
    static final int LIMIT = 100_000;
    private final Map<String, Instant> seen = new LinkedHashMap<>();

    /**
     * Records the signature value.
     *
     * @return false when it was seen before and is still within its time
     */
    synchronized boolean firstTime(String signatureValue, Instant until, Instant now) {
        for (Iterator<Instant> i = seen.values().iterator(); i.hasNext();) {
            if (i.next().isAfter(now)) {
                break; // entries are in arrival order, and their ends nearly so: stop at the first still kept
            }
            i.remove();
        }
        Instant previous = seen.get(signatureValue);
        if (previous != null && previous.isAfter(now)) {
            return false;
        }
        seen.put(signatureValue, until);
        if (seen.size() > LIMIT) {
            Iterator<String> oldest = seen.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
        return true;
    }
}
