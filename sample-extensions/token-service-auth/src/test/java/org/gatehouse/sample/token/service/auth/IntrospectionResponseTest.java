package org.gatehouse.sample.token.service.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.gatehouse.extension.services.StrictJson;
import org.junit.jupiter.api.Test;

/** How an introspection answer (RFC 7662 section 2.2) maps to an identity, a rejection or a failure. */
class IntrospectionResponseTest {
    private static final Instant NOW = Instant.parse("2026-06-01T08:00:00Z");

    /** The answer as the authenticator reads it: through the element's JSON. */
    private static IntrospectionResponse read(String answer, Instant now) throws Exception {
        return IntrospectionResponse.read(new StrictJson().read(answer), now);
    }

    @Test
    void usernameStandsInForAMissingSubAndExpIsKept() throws Exception {
        long exp = NOW.plusSeconds(300).getEpochSecond();
        IntrospectionResponse.Active active = assertInstanceOf(IntrospectionResponse.Active.class,
                read("{\"active\":true,\"username\":\"dave\",\"aud\":[\"orders\",\"billing\"],\"exp\":" + exp + "}", NOW));

        assertEquals("dave", active.identity().principal());
        assertEquals(List.of("orders", "billing"), active.identity().claim("aud"));
        assertEquals(Optional.of(Instant.ofEpochSecond(exp)), active.expiresAt());
    }

    @Test
    void activeMustBeABoolean() {
        TokenServiceException e = assertThrows(TokenServiceException.class, () -> read("{\"active\":\"true\"}", NOW));
        assertEquals("token service answer has no boolean \"active\" (RFC 7662 section 2.2)", e.getMessage());
    }

    @Test
    void groupsMustBeStrings() {
        TokenServiceException e = assertThrows(TokenServiceException.class,
                () -> read("{\"active\":true,\"sub\":\"a\",\"groups\":[\"ops\",7]}", NOW));
        assertEquals("token service answer's \"groups\" is not an array of strings", e.getMessage());
    }

    @Test
    void anArrayIsNotAnAnswer() {
        TokenServiceException e = assertThrows(TokenServiceException.class, () -> read("[true]", NOW));
        assertEquals("token service answer is not a JSON object", e.getMessage());
    }
}
