package org.gatehouse.dataplane.request;

/**
 * An IPv6 literal of an authority (RFC 3986 section 3.2.2), read by the URI grammar alone and
 * written in its one text form (RFC 5952): lower-case hex without leading zeros, the longest run
 * of two or more zero groups as {@code ::}, an IPv4-mapped address with its last 32 bits dotted.
 * {@code [0:0::0001]} and {@code [::1]} are one host, so they must be one string for routing and
 * classification. Zone identifiers and IPvFuture are not served.
 */
final class Ipv6Literal {
    private static final int GROUPS = 8;

    private Ipv6Literal() {
    }

    /** The RFC 5952 form of {@code literal}, brackets included. */
    static String normalize(String literal) throws TargetRefusal {
        String inside = literal.substring(1, literal.length() - 1);
        int[] groups = parse(inside);
        return "[" + format(groups) + "]";
    }

    private static int[] parse(String text) throws TargetRefusal {
        int gap = text.indexOf("::");
        if (gap >= 0 && text.indexOf("::", gap + 1) >= 0) {
            throw notAnAddress("two '::'");
        }
        int[] head = gap < 0 ? groups(text, true) : groups(text.substring(0, gap), false);
        int[] tail = gap < 0 ? new int[0] : groups(text.substring(gap + 2), true);
        int explicit = head.length + tail.length;
        if (gap < 0 ? explicit != GROUPS : explicit > GROUPS - 1) {
            throw notAnAddress(explicit + (gap < 0 ? " groups" : " groups besides '::'"));
        }
        int[] address = new int[GROUPS];
        System.arraycopy(head, 0, address, 0, head.length);
        System.arraycopy(tail, 0, address, GROUPS - tail.length, tail.length);
        return address;
    }

    /**
     * The 16-bit groups of a colon-separated run ({@code h16 *(":" h16)}, empty for ""), the last
     * one may be a dotted IPv4 address (two groups) when {@code ipv4Last}.
     */
    private static int[] groups(String run, boolean ipv4Last) throws TargetRefusal {
        if (run.isEmpty()) {
            return new int[0];
        }
        String[] parts = run.split(":", -1);
        String last = parts[parts.length - 1];
        boolean ipv4 = ipv4Last && last.indexOf('.') >= 0;
        int[] groups = new int[parts.length + (ipv4 ? 1 : 0)];
        for (int i = 0; i < parts.length - (ipv4 ? 1 : 0); i++) {
            groups[i] = h16(parts[i]);
        }
        if (ipv4) {
            int v4 = ipv4(last);
            groups[parts.length - 1] = v4 >>> 16;
            groups[parts.length] = v4 & 0xffff;
        }
        return groups;
    }

    /** {@code 1*4HEXDIG}, ASCII only ({@link Character#digit} also reads other scripts' digits). */
    private static int h16(String part) throws TargetRefusal {
        if (part.isEmpty() || part.length() > 4) {
            throw notAnAddress("a group of " + part.length() + " characters");
        }
        int value = 0;
        for (int i = 0; i < part.length(); i++) {
            value = value << 4 | hexDigit(part.charAt(i));
        }
        return value;
    }

    private static int hexDigit(char c) throws TargetRefusal {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        char lower = (char) (c | 0x20);
        if (lower >= 'a' && lower <= 'f') {
            return lower - 'a' + 10;
        }
        throw TargetRefusal.badHost("the IPv6 literal holds the character " + PathNormalizer.describe(c));
    }

    /** {@code dec-octet "." dec-octet "." dec-octet "." dec-octet}: 0-255, no leading zero. */
    private static int ipv4(String dotted) throws TargetRefusal {
        String[] octets = dotted.split("\\.", -1);
        if (octets.length != 4) {
            throw notAnAddress("an IPv4 part of " + octets.length + " numbers");
        }
        int value = 0;
        for (String octet : octets) {
            boolean digits = !octet.isEmpty() && octet.length() <= 3 && octet.chars().allMatch(c -> c >= '0' && c <= '9');
            if (!digits || (octet.length() > 1 && octet.charAt(0) == '0') || Integer.parseInt(octet) > 255) {
                throw notAnAddress("an IPv4 number that is not 0 to 255 without a leading zero");
            }
            value = value << 8 | Integer.parseInt(octet);
        }
        return value;
    }

    private static String format(int[] groups) {
        if (isIpv4Mapped(groups)) {
            return "::ffff:" + (groups[6] >>> 8) + "." + (groups[6] & 0xff) + "." + (groups[7] >>> 8) + "." + (groups[7] & 0xff);
        }
        int runStart = GROUPS;
        int runLength = 1; // RFC 5952 section 4.2.2: a single zero group is not shortened
        for (int i = 0; i < GROUPS; i++) {
            int length = 0;
            while (i + length < GROUPS && groups[i + length] == 0) {
                length++;
            }
            if (length > runLength) { // section 4.2.3: the first of equally long runs
                runStart = i;
                runLength = length;
            }
        }
        return runStart == GROUPS ? hex(groups, 0, GROUPS)
                : hex(groups, 0, runStart) + "::" + hex(groups, runStart + runLength, GROUPS);
    }

    /** Groups {@code from} to {@code to} in lower-case hex without leading zeros (section 4.1, 4.3), ':' between. */
    private static String hex(int[] groups, int from, int to) {
        StringBuilder text = new StringBuilder();
        for (int i = from; i < to; i++) {
            text.append(i > from ? ":" : "").append(Integer.toHexString(groups[i]));
        }
        return text.toString();
    }

    /** {@code ::ffff:0:0/96} (RFC 4291 section 2.5.5.2), written with its IPv4 address (RFC 5952 section 5). */
    private static boolean isIpv4Mapped(int[] groups) {
        for (int i = 0; i < 5; i++) {
            if (groups[i] != 0) {
                return false;
            }
        }
        return groups[5] == 0xffff;
    }

    private static TargetRefusal notAnAddress(String what) {
        return TargetRefusal.badHost("the IPv6 literal is not an address (" + what + ")");
    }
}
