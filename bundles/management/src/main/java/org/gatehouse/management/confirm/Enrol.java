package org.gatehouse.management.confirm;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.gatehouse.management.auth.PasswordHash;
import org.gatehouse.management.auth.TotpSecret;

/**
 * Makes what a person needs to confirm on the confirmation listener (docs/management.md "The
 * confirmation listener"): the hash of a password read here, and a fresh TOTP secret, printed as
 * the two elements to paste into the person's {@code <user>} of {@code management-users.xml}, and
 * the {@code otpauth://} URI to give their authenticator app. It needs the JDK and this bundle only:
 *
 * <pre>
 * java -cp bundles/management-*.jar org.gatehouse.management.confirm.Enrol alice
 * </pre>
 *
 * At a terminal the password is read twice without echo; otherwise one line is read from standard
 * input. Passwords shorter than {@value #MIN_PASSWORD} characters are refused. Exit codes: 0 done,
 * 1 refused, 2 usage.
 */
public final class Enrol {
    static final int MIN_PASSWORD = 12;

    private Enrol() {
    }

    public static void main(String[] args) throws IOException {
        System.exit(run(args, System.console(), new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)), System.out,
                System.err));
    }

    static int run(String[] args, Console console, BufferedReader in, PrintStream out, PrintStream err) throws IOException {
        if (args.length != 1 || !args[0].matches("[A-Za-z0-9][A-Za-z0-9._@\\-]{0,63}")) {
            err.println("usage: java -cp <management bundle> org.gatehouse.management.confirm.Enrol <user name>");
            return 2;
        }
        char[] password = read(console, in);
        if (password == null) {
            err.println("refused: the two passwords differ, or none was given");
            return 1;
        }
        try {
            if (password.length < MIN_PASSWORD) {
                err.println("refused: a password has at least " + MIN_PASSWORD + " characters");
                return 1;
            }
            PasswordHash hash = PasswordHash.create(password);
            TotpSecret totp = TotpSecret.generate();
            out.println("<!-- into <user name=\"" + args[0] + "\"> of management-users.xml, after its other elements -->");
            out.println("<password hash=\"" + hash.encoded() + "\"/>");
            out.println("<totp secret=\"" + totp.base32() + "\"/>");
            out.println("<!-- for the authenticator app of " + args[0] + " (it holds the secret: show it to them alone, then clear it): -->");
            out.println(totp.otpauthUri("Gatehouse", args[0]));
            return 0;
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    private static char[] read(Console console, BufferedReader in) throws IOException {
        if (console != null) {
            char[] first = console.readPassword("password for the confirmation listener: ");
            char[] second = console.readPassword("the same again: ");
            boolean same = first != null && second != null && Arrays.equals(first, second);
            if (second != null) {
                Arrays.fill(second, '\0');
            }
            return same ? first : null;
        }
        String line = in.readLine();
        return line == null || line.isEmpty() ? null : line.toCharArray();
    }
}
