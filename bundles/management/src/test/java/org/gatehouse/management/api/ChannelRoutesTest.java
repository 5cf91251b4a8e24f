package org.gatehouse.management.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import org.gatehouse.management.testing.TestServer;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/v1/channels} over a real listener: the open channels with their key ids and
 * counters for admins, security officers and auditors; 403 for an operator, 401 without a token;
 * 503 while the data plane is not running.
 */
class ChannelRoutesTest extends RunningServerFixture {

    @Test
    void theOpenChannelsAreReadWithKeyIdsAndCounters() throws Exception {
        for (String token : new String[] {TestServer.ADMIN, TestServer.SECURITY_OFFICER, TestServer.AUDITOR}) {
            HttpResponse<String> response = server.get("/api/v1/channels", token);
            assertEquals(200, response.statusCode(), response.body());
            JsonNode channel = Json.MAPPER.readTree(response.body()).path("channels").get(0);
            assertEquals("ingress", channel.path("side").asText());
            assertEquals(3, channel.path("channelId").asLong());
            assertEquals("spiffe://example.org/billing/api", channel.path("source").asText());
            assertEquals("orders", channel.path("service").asText());
            assertEquals(8443, channel.path("port").asInt());
            assertEquals("orders-read", channel.path("rule").asText());
            assertEquals("2026-12-07T21:00:00Z", channel.path("openedAt").asText());
            assertEquals("0123456789abcdef0123456789abcdef", channel.path("sendKeyId").asText());
            assertEquals(120, channel.path("bytesSent").asLong());
            assertEquals(3, channel.path("framesReceived").asLong());
        }
    }

    @Test
    void anOperatorAndAnAnonymousCallerAreRefused() throws Exception {
        HttpResponse<String> operator = server.get("/api/v1/channels", TestServer.OPERATOR);
        assertEquals(403, operator.statusCode());
        assertFalse(operator.body().contains("orders-read"), operator.body());
        HttpResponse<String> anonymous = server.get("/api/v1/channels", null);
        assertEquals(401, anonymous.statusCode());
        assertFalse(anonymous.body().contains("orders-read"), anonymous.body());
    }

    @Test
    void withoutTheDataPlaneItIsUnavailable() throws Exception {
        server.services.stopDataPlane();
        HttpResponse<String> response = server.get("/api/v1/channels", TestServer.ADMIN);
        assertEquals(503, response.statusCode());
        assertEquals("service_unavailable", Json.MAPPER.readTree(response.body()).path("error").path("code").asText());
    }
}
