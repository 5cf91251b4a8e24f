package org.gatehouse.sdk.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HeadersTest {
    private final Headers headers = Headers.of("Accept", "text/html", "Host", "a.example", "accept", "application/json");

    @Test
    void lookUpIsCaseInsensitiveAndMultiValued() {
        assertEquals(List.of("text/html", "application/json"), headers.all("ACCEPT"));
        assertEquals(Optional.of("a.example"), headers.first("host"));
        assertEquals(Optional.empty(), headers.first("Cookie"));
        assertEquals(List.of(), headers.all("Cookie"));
        assertEquals(Set.of("accept", "host"), headers.names());
        assertEquals(3, headers.size());
    }

    @Test
    void copiesLeaveTheOriginalAlone() {
        Headers set = headers.with("ACCEPT", "*/*");
        assertEquals(List.of("*/*"), set.all("accept"));
        assertEquals("ACCEPT", set.fields().get(1).name(), "the new field is appended with the case given");
        assertEquals(2, headers.all("accept").size());
        assertEquals(List.of("text/html", "application/json", "text/plain"), headers.plus("Accept", "text/plain").all("accept"));
        assertFalse(headers.without("accept").contains("Accept"));
        assertSame(headers, headers.without("Cookie"));
    }

    @Test
    void headerInjectionIsRefused() {
        assertEquals("header 'X-A': value holds a CR, LF or NUL character at index 1 (RFC 9110 section 5.5)",
                assertThrows(IllegalArgumentException.class, () -> new Header("X-A", "a\r\nSet-Cookie: x")).getMessage());
        assertEquals("header name 'X A' is not an RFC 9110 token: character at index 1",
                assertThrows(IllegalArgumentException.class, () -> new Header("X A", "v")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> MessageChanges.builder().setHeader("X-A", "a\nb"));
        assertThrows(IllegalArgumentException.class, () -> MessageChanges.builder().removeHeader("X:A"));
    }

    @Test
    void valuesAreTrimmedAndOddArgumentsRefused() {
        assertEquals("v", new Header("X", "  v \t").value());
        assertEquals("Headers.of needs name, value pairs; got 3 strings",
                assertThrows(IllegalArgumentException.class, () -> Headers.of("a", "b", "c")).getMessage());
    }

    @Test
    void changesApplyInOrder() {
        MessageChanges changes = MessageChanges.builder()
                .setHeader("Accept", "*/*")
                .addHeader("X-Trace", "1")
                .addHeader("X-Trace", "2")
                .removeHeader("host")
                .attribute("tenant", "blue")
                .path("/v2/orders")
                .build();
        Headers after = changes.applyTo(headers);
        assertEquals(List.of("*/*"), after.all("accept"));
        assertEquals(List.of("1", "2"), after.all("x-trace"));
        assertFalse(after.contains("Host"));
        assertEquals(Map.of("tenant", "blue", "kept", "yes"), changes.applyToAttributes(Map.of("kept", "yes", "tenant", "red")));
        assertEquals(Optional.of("/v2/orders"), changes.path());
        assertFalse(changes.isEmpty());
        assertTrue(MessageChanges.none().isEmpty());
    }

    @Test
    void rewrittenPathsAndAttributeNamesAreChecked() {
        assertEquals("path 'v2/orders' must start with '/' and hold no spaces, control characters, '?' or '#'",
                assertThrows(IllegalArgumentException.class, () -> MessageChanges.builder().path("v2/orders")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> MessageChanges.builder().path("/a b"));
        assertThrows(IllegalArgumentException.class, () -> MessageChanges.builder().path("/a?b=1"));
        assertEquals("attribute name 'Tenant' must match [a-z][a-z0-9._-]{0,127}",
                assertThrows(IllegalArgumentException.class, () -> MessageChanges.builder().attribute("Tenant", "x")).getMessage());
    }

    @Test
    void queryIsDecodedAsFormData() {
        assertEquals(Map.of("q", List.of("a b", "c&d"), "flag", List.of(""), "é", List.of("1")),
                Message.decodeQuery("q=a+b&q=c%26d&flag&%C3%A9=1&"));
        assertEquals(Map.of(), Message.decodeQuery(""));
        assertThrows(IllegalArgumentException.class, () -> Message.decodeQuery("q=%zz"));
    }

    @Test
    void bodyIsImmutable() {
        byte[] bytes = {104, 105};
        Body body = Body.of(bytes);
        bytes[0] = 0;
        body.bytes()[1] = 0;
        assertEquals("hi", body.text());
        assertTrue(body.buffer().isReadOnly());
        assertEquals(2, body.length());
        assertTrue(Body.empty().isEmpty());
    }
}
