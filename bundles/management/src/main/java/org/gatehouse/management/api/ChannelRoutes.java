package org.gatehouse.management.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.gatehouse.dataplane.DataPlane;
import org.gatehouse.dataplane.spi.ChannelView;

/**
 * {@code GET /api/v1/channels}: the channels open at this element, both sides, with their key ids
 * (never key material) and counters (docs/channels.md "In the element"); for admins, security
 * officers and auditors. 503 while the data plane is not running; an element without channels
 * answers an empty list.
 */
final class ChannelRoutes {
    private final ElementServices services;

    ChannelRoutes(ElementServices services) {
        this.services = services;
    }

    List<Route> routes() {
        return List.of(new Route("GET", ApiRoutes.PREFIX + "/channels", Access.OVERSIGHT, BodyLimit.NONE, request -> list()));
    }

    private ApiResponse list() throws ApiException {
        DataPlane plane = services.dataPlane().orElseThrow(() -> ApiException.serviceUnavailable("the data plane"));
        ObjectNode body = Json.object();
        ArrayNode channels = body.putArray("channels");
        for (ChannelView view : plane.openChannels()) {
            ObjectNode c = channels.addObject();
            c.put("side", view.side());
            c.put("channelId", view.channelId());
            c.put("peer", view.peer());
            c.put("source", view.source());
            c.put("service", view.service());
            c.put("port", view.port());
            c.put("rule", view.rule());
            c.put("openedAt", view.openedAt().toString());
            c.put("sendKeyId", view.sendKeyId());
            c.put("receiveKeyId", view.receiveKeyId());
            c.put("bytesSent", view.bytesSent());
            c.put("bytesReceived", view.bytesReceived());
            c.put("framesSent", view.framesSent());
            c.put("framesReceived", view.framesReceived());
        }
        return ApiResponse.ok(body);
    }
}
