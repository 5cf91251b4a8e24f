package org.gatehouse.sdk.descriptor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.gatehouse.sdk.bladelet.HostPort;
import org.gatehouse.sdk.bladelet.Parameters;
import org.junit.jupiter.api.Test;

/** Each type and each facet of the attribute domain, with the exact message the element gives. */
class ParameterValidatorTest {
    private static final BladeletDescriptor STS = new BladeletDescriptor("sts-authenticate", BladeletKind.AUTHENTICATOR,
            "com.acme.sts.StsAuthenticator", "", BodyAccess.NONE, List.of(
                    ParameterDefinition.of("url", ParameterType.URL).asRequired(),
                    ParameterDefinition.of("secret", ParameterType.STRING).asRequired().asSecret().withPattern(".{8,}"),
                    ParameterDefinition.of("timeout", ParameterType.DURATION).withDefault("2s").withRange("100ms", "30s"),
                    ParameterDefinition.of("retries", ParameterType.INT).withDefault("2").withRange("0", "10"),
                    ParameterDefinition.of("max-bytes", ParameterType.LONG).withDefault("10000000000"),
                    ParameterDefinition.of("cache", ParameterType.BOOLEAN).withDefault("true"),
                    ParameterDefinition.of("directory", ParameterType.HOST_PORT),
                    ParameterDefinition.of("mode", ParameterType.ENUM).withDefault("strict").withAllowedValues("strict", "lenient"),
                    ParameterDefinition.of("realm", ParameterType.STRING).withPattern("[a-z]+")));

    private static Parameters validate(Map<String, String> given) throws InvalidParametersException {
        return ParameterValidator.validate(STS, given);
    }

    private static String problems(Map<String, String> given) {
        return assertThrows(InvalidParametersException.class, () -> validate(given)).getMessage();
    }

    @Test
    void validValuesAreTypedAndDefaultsFilled() throws Exception {
        Parameters p = validate(Map.of("url", "https://127.0.0.1:8443/validate", "secret", "0123456789",
                "directory", "[::1]:389", "retries", "10"));
        assertEquals(URI.create("https://127.0.0.1:8443/validate"), p.url("url"));
        assertEquals(Duration.ofSeconds(2), p.duration("timeout"));
        assertEquals(10, p.integer("retries"));
        assertEquals(10_000_000_000L, p.longValue("max-bytes"));
        assertTrue(p.booleanValue("cache"));
        assertEquals(new HostPort("::1", 389), p.hostPort("directory"));
        assertEquals("strict", p.string("mode"));
        assertFalse(p.has("realm"));
    }

    @Test
    void everyProblemIsNamedAtOnce() {
        assertEquals("bladelet 'sts-authenticate' has no parameter 'timout' (declared: [url, secret, timeout, retries, max-bytes, "
                        + "cache, directory, mode, realm]); "
                        + "bladelet 'sts-authenticate' parameter 'url' is required and was not given; "
                        + "bladelet 'sts-authenticate' parameter 'secret' is required and was not given",
                problems(Map.of("timout", "5s")));
    }

    @Test
    void eachTypeSaysWhatItExpected() {
        Map<String, String> base = Map.of("url", "https://a.example/x", "secret", "0123456789");
        assertEquals("bladelet 'sts-authenticate' parameter 'retries': 'two' is not an int", problems(with(base, "retries", "two")));
        assertEquals("bladelet 'sts-authenticate' parameter 'retries': 3000000000 is not an int",
                problems(with(base, "retries", "3000000000")));
        assertEquals("bladelet 'sts-authenticate' parameter 'max-bytes': '1e9' is not a long", problems(with(base, "max-bytes", "1e9")));
        assertEquals("bladelet 'sts-authenticate' parameter 'cache': 'yes' is not a boolean (true or false)",
                problems(with(base, "cache", "yes")));
        assertEquals("bladelet 'sts-authenticate' parameter 'timeout': '5 seconds' is not a duration such as 250ms, 2s, 5m or 1h",
                problems(with(base, "timeout", "5 seconds")));
        assertEquals("bladelet 'sts-authenticate' parameter 'url': '/validate' is not an absolute URL with a host",
                problems(with(base, "url", "/validate")));
        assertEquals("bladelet 'sts-authenticate' parameter 'directory': 'ldap' is not host:port (IPv6 in brackets: [::1]:389)",
                problems(with(base, "directory", "ldap")));
        assertEquals("bladelet 'sts-authenticate' parameter 'mode': 'fast' is not one of [strict, lenient]",
                problems(with(base, "mode", "fast")));
        assertEquals("bladelet 'sts-authenticate' parameter 'realm': 'Corp' does not match the pattern [a-z]+",
                problems(with(base, "realm", "Corp")));
    }

    @Test
    void boundsAreInclusiveAndInTheParameterType() throws Exception {
        Map<String, String> base = Map.of("url", "https://a.example/x", "secret", "0123456789");
        assertEquals("bladelet 'sts-authenticate' parameter 'retries': 11 is above the maximum 10", problems(with(base, "retries", "11")));
        assertEquals("bladelet 'sts-authenticate' parameter 'retries': -1 is below the minimum 0", problems(with(base, "retries", "-1")));
        assertEquals("bladelet 'sts-authenticate' parameter 'timeout': '99ms' is below the minimum 100ms",
                problems(with(base, "timeout", "99ms")));
        assertEquals("bladelet 'sts-authenticate' parameter 'timeout': '1m' is above the maximum 30s", problems(with(base, "timeout", "1m")));
        assertEquals(Duration.ofMillis(100), validate(with(base, "timeout", "100ms")).duration("timeout"));
        assertEquals(Duration.ofSeconds(30), validate(with(base, "timeout", "30s")).duration("timeout"));
    }

    @Test
    void secretValuesAreNeverRepeated() {
        String message = problems(Map.of("url", "https://a.example/x", "secret", "hunter2"));
        assertEquals("bladelet 'sts-authenticate' parameter 'secret': the value does not match the pattern .{8,}", message);
    }

    @Test
    void inconsistentDomainsAreRefusedWithTheBladeletNamed() {
        assertDefinition("bladelet 'b' parameter 'p': type enum needs at least one allowed value",
                ParameterDefinition.of("p", ParameterType.ENUM));
        assertDefinition("bladelet 'b' parameter 'p': default 'x' is not one of [a, b]",
                ParameterDefinition.of("p", ParameterType.ENUM).withAllowedValues("a", "b").withDefault("x"));
        assertDefinition("bladelet 'b' parameter 'p': default 'ten' is not an int",
                ParameterDefinition.of("p", ParameterType.INT).withDefault("ten"));
        assertDefinition("bladelet 'b' parameter 'p': default 20 is above the maximum 10",
                ParameterDefinition.of("p", ParameterType.INT).withRange("0", "10").withDefault("20"));
        assertDefinition("bladelet 'b' parameter 'p': min 10 is above max 5",
                ParameterDefinition.of("p", ParameterType.INT).withRange("10", "5"));
        assertDefinition("bladelet 'b' parameter 'p': min 'soon' is not a duration such as 250ms, 2s, 5m or 1h",
                ParameterDefinition.of("p", ParameterType.DURATION).withRange("soon", null));
        assertDefinition("bladelet 'b' parameter 'p': min and max apply to int, long and duration parameters only, not string",
                ParameterDefinition.of("p", ParameterType.STRING).withRange("1", null));
        assertDefinition("bladelet 'b' parameter 'p': pattern applies to string parameters only, not int",
                ParameterDefinition.of("p", ParameterType.INT).withPattern("[0-9]+"));
        assertDefinition("bladelet 'b' parameter 'p': pattern '[a-' is not a regular expression: Illegal character range at index 3",
                ParameterDefinition.of("p", ParameterType.STRING).withPattern("[a-"));
        assertDefinition("bladelet 'b' parameter 'p': is required and has a default; a default makes it optional, drop one",
                ParameterDefinition.of("p", ParameterType.STRING).asRequired().withDefault("x"));
        assertDefinition("bladelet 'b' parameter 'p': allowed value 'x' is not an int",
                ParameterDefinition.of("p", ParameterType.INT).withAllowedValues("1", "x"));
    }

    @Test
    void descriptorsRefuseDuplicatesAndBadNames() {
        ParameterDefinition p = ParameterDefinition.of("p", ParameterType.STRING);
        assertEquals("bladelet 'b' declares parameter 'p' twice", assertThrows(IllegalArgumentException.class,
                () -> new BladeletDescriptor("b", BladeletKind.STEP, "a.B", "", BodyAccess.NONE, List.of(p, p))).getMessage());
        assertEquals("bladelet name 'B' must match [a-z][a-z0-9-]{0,63}", assertThrows(IllegalArgumentException.class,
                () -> new BladeletDescriptor("B", BladeletKind.STEP, "a.B", "", BodyAccess.NONE, List.of())).getMessage());
        assertEquals("bladelet 'b': class 'a..B' is not a Java class name", assertThrows(IllegalArgumentException.class,
                () -> new BladeletDescriptor("b", BladeletKind.STEP, "a..B", "", BodyAccess.NONE, List.of())).getMessage());
        BladeletDescriptor b = new BladeletDescriptor("b", BladeletKind.STEP, "a.B", "", BodyAccess.NONE, List.of());
        assertEquals("bladelet 'b' is declared twice",
                assertThrows(IllegalArgumentException.class, () -> new ExtensionDescriptor(List.of(b, b))).getMessage());
        assertEquals("no bladelet 'c' in the descriptor (declared: [b])", assertThrows(IllegalArgumentException.class,
                () -> new ExtensionDescriptor(List.of(b)).requireBladelet("c")).getMessage());
        assertEquals("body max-bytes 0 is outside 1..16777216",
                assertThrows(IllegalArgumentException.class, () -> BodyAccess.upTo(0)).getMessage());
    }

    @Test
    void kindsNameTheirContracts() {
        assertEquals(org.gatehouse.sdk.auth.Authorizer.class, BladeletKind.fromXmlName("authorizer").contract());
        assertEquals("bladelet kind 'filter' is not one of [step, authenticator, authorizer]",
                assertThrows(IllegalArgumentException.class, () -> BladeletKind.fromXmlName("filter")).getMessage());
        assertEquals(ParameterType.HOST_PORT, ParameterType.fromXmlName("host-port"));
    }

    private static void assertDefinition(String expected, ParameterDefinition definition) {
        assertEquals(List.of(expected), ParameterValidator.checkDefinition("b", definition));
        assertEquals(expected, assertThrows(IllegalArgumentException.class,
                () -> new BladeletDescriptor("b", BladeletKind.STEP, "a.B", "", BodyAccess.NONE, List.of(definition))).getMessage());
    }

    private static Map<String, String> with(Map<String, String> base, String name, String value) {
        Map<String, String> copy = new java.util.HashMap<>(base);
        copy.put(name, value);
        return copy;
    }
}
