package org.gatehouse.flow.engine.internal.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import java.util.Optional;
import org.gatehouse.flow.engine.spi.ConsumedCredentials;
import org.gatehouse.sdk.message.Header;
import org.gatehouse.sdk.message.Headers;
import org.junit.jupiter.api.Test;

/**
 * What the engine takes out of a forwarded request once a step consumed credentials: the client's
 * fields in any case and however many, named cookies from every Cookie field, named query
 * parameters however their names are escaped; and what it leaves: everything else, and a field a
 * later step set with a value of its own.
 */
class CredentialStripTest {
    private static final String BASIC = "Basic YWxpY2U6YWxpY2UtcHc=";

    @Test
    void everyCopyOfAConsumedFieldGoesInAnyCaseAndOthersStay() {
        Headers sent = Headers.of("Authorization", BASIC, "authorization", "Bearer second", "AUTHORIZATION", BASIC,
                "Accept", "text/html");
        ConsumedCredentials consumed = ConsumedCredentials.headerFields(sent.fields().stream().filter(f -> f.hasName("Authorization")).toList());
        assertEquals(Headers.of("Accept", "text/html"), CredentialStrip.headers(sent, consumed));
    }

    @Test
    void aValueALaterStepSetIsKept() {
        ConsumedCredentials consumed = ConsumedCredentials.headerFields(List.of(new Header("Authorization", BASIC)));
        Headers afterSteps = Headers.of("Authorization", "Bearer minted-by-a-later-step");
        assertEquals(afterSteps, CredentialStrip.headers(afterSteps, consumed));
        assertEquals(Headers.empty(), CredentialStrip.headers(Headers.of("authorization", BASIC), consumed), "the client's value, copied back");
    }

    @Test
    void namedCookiesGoFromEveryCookieFieldAndTheOthersStay() {
        ConsumedCredentials consumed = ConsumedCredentials.cookie("session");
        Headers sent = Headers.of("Cookie", "theme=dark; session=abc", "cookie", " session = def ;lang=en", "Cookie", "session=x");
        assertEquals(Headers.of("Cookie", "theme=dark", "cookie", "lang=en"), CredentialStrip.headers(sent, consumed));
        assertEquals(Headers.of("Cookie", "a=b"), CredentialStrip.headers(Headers.of("Cookie", "a=b"), consumed));
        assertEquals(Headers.of("Cookie", "a=b; sessionx=1"), CredentialStrip.headers(Headers.of("Cookie", "a=b; sessionx=1"), consumed));
    }

    @Test
    void namedQueryParametersGoHoweverTheirNamesAreEscaped() {
        ConsumedCredentials consumed = ConsumedCredentials.queryParameter("api_key");
        assertEquals(Optional.of("a=1&b=2"), CredentialStrip.query("a=1&api_key=s1&b=2&api%5Fkey=s2&api_key", consumed));
        assertEquals(Optional.of(""), CredentialStrip.query("api_key=s1", consumed));
        assertEquals(Optional.empty(), CredentialStrip.query("a=1&api_keys=2&x=api_key", consumed), "nothing named so: untouched");
        assertEquals(Optional.of("api_key%zz=1"), CredentialStrip.query("api_key%zz=1&api+key=2&api_key=3", ConsumedCredentials.queryParameter("api key")
                .plus(consumed)));
        assertEquals(Optional.empty(), CredentialStrip.query("", consumed));
    }

    @Test
    void nothingConsumedLeavesTheRequestAsItIs() {
        Headers sent = Headers.of("Authorization", BASIC, "Cookie", "session=1");
        assertSame(sent, CredentialStrip.headers(sent, ConsumedCredentials.none()));
        assertEquals(Optional.empty(), CredentialStrip.query("api_key=1", ConsumedCredentials.none()));
    }
}
