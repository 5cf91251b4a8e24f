package org.gatehouse.flow.engine.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.gatehouse.dataplane.spi.FlowResult;
import org.gatehouse.dataplane.spi.MessageTypeMatch;
import org.junit.jupiter.api.Test;

/** Classification (docs/data-plane.md "Classification"): each condition of a match, their combination, document order, listeners and the body. */
class ClassificationTest extends StartedEngineFixture {
    /** Message types named after what they match, each with its own flow marking the message with its name. */
    private void types(String... nameAndMatch) throws Exception {
        StringBuilder doc = new StringBuilder("  <settings body-limit=\"4096\"/>\n");
        StringBuilder flows = new StringBuilder();
        for (int i = 0; i < nameAndMatch.length; i += 2) {
            String name = nameAndMatch[i];
            doc.append("  <message-type name=\"").append(name).append("\" flow=\"").append(name).append("\">")
                    .append(nameAndMatch[i + 1]).append("</message-type>\n");
            flows.append("  <flow name=\"").append(name).append("\"><step bladelet=\"trail\" extension=\"")
                    .append(EngineFixture.EXTENSION).append("\"><param name=\"mark\" value=\"").append(name)
                    .append("\"/></step></flow>\n");
        }
        fixture.replace(doc.append(flows).toString());
    }

    private String typeOf(TestRequestHead head) {
        MessageTypeMatch match = fixture.engine.classify(head);
        return match == null ? null : match.messageType();
    }

    @Test
    void listenerSelectsItsMessageTypesOnly() throws Exception {
        types("internal", "<match listener=\"admin internal\"/>", "any", "<match/>");
        assertEquals("internal", typeOf(TestRequestHead.get("/").listener("admin")));
        assertEquals("internal", typeOf(TestRequestHead.get("/").listener("internal")));
        assertEquals("any", typeOf(TestRequestHead.get("/").listener("public")));
        assertEquals("any", typeOf(TestRequestHead.get("/").listener("never-named")));
    }

    @Test
    void unnamedListenerWithNoCatchAllTakesTheFastPath() throws Exception {
        types("internal", "<match listener=\"admin\"/>");
        assertNull(typeOf(TestRequestHead.get("/").listener("public")));
    }

    @Test
    void hostMatchesExactlyOrBySuffixWithoutPortOrCase() throws Exception {
        types("exact", "<match host=\"api.example.com\"/>", "wild", "<match host=\"*.example.org\"/>");
        assertEquals("exact", typeOf(TestRequestHead.get("/").authority("API.Example.com:8443")));
        assertEquals("exact", typeOf(TestRequestHead.get("/").authority("api.example.com.")));
        assertEquals("wild", typeOf(TestRequestHead.get("/").authority("a.b.example.org")));
        assertNull(typeOf(TestRequestHead.get("/").authority("example.org")), "the suffix needs a label before it");
        assertNull(typeOf(TestRequestHead.get("/").authority("api.example.com.evil.net")));
    }

    @Test
    void anIpv6HostMatchesEverySpellingOfItsAddress() throws Exception {
        // the data plane writes the authority's IPv6 literal in its RFC 5952 form; the pattern is read the same way
        types("v6", "<match host=\"[0:0:0:0:0:0:0:1] [::FFFF:c000:201]\"/>");
        assertEquals("v6", typeOf(TestRequestHead.get("/").authority("[::1]:8443")));
        assertEquals("v6", typeOf(TestRequestHead.get("/").authority("[::ffff:192.0.2.1]")));
        assertNull(typeOf(TestRequestHead.get("/").authority("[::2]")));
    }

    @Test
    void methodsPathPrefixAndPathRegex() throws Exception {
        types("write", "<match methods=\"POST PUT\" path-prefix=\"/orders\"/>", "item", "<match path-regex=\"/items/[0-9]+\"/>");
        assertEquals("write", typeOf(TestRequestHead.get("/orders/1").method("POST")));
        assertNull(typeOf(TestRequestHead.get("/orders/1").method("GET")));
        assertNull(typeOf(TestRequestHead.get("/order").method("PUT")), "shorter than the prefix");
        assertEquals("item", typeOf(TestRequestHead.get("/items/42?x=1")), "the query is not part of the path");
        assertNull(typeOf(TestRequestHead.get("/items/42/more")), "the expression must match the whole path");
        assertEquals("item", typeOf(TestRequestHead.get("http://api.example.com/items/7")), "absolute form");
    }

    @Test
    void sourceAddressBlocksIpv4AndIpv6() throws Exception {
        types("inside", "<match source=\"10.0.0.0/8 ::1/128 192.168.1.7\"/>");
        assertEquals("inside", typeOf(TestRequestHead.get("/").from("10.200.3.4")));
        assertEquals("inside", typeOf(TestRequestHead.get("/").from("::1")));
        assertEquals("inside", typeOf(TestRequestHead.get("/").from("::ffff:10.0.0.1")), "IPv4-mapped");
        assertEquals("inside", typeOf(TestRequestHead.get("/").from("192.168.1.7")));
        assertNull(typeOf(TestRequestHead.get("/").from("11.0.0.1")));
        assertNull(typeOf(TestRequestHead.get("/").from("192.168.1.8")));
    }

    @Test
    void headerRegexPresenceAndAbsence() throws Exception {
        types("json", "<match><header name=\"Content-Type\" regex=\"application/json.*\"/></match>",
                "signed", "<match><header name=\"X-Signature\"/><header name=\"X-Debug\" present=\"false\"/></match>");
        assertEquals("json", typeOf(TestRequestHead.get("/").header("content-type", "application/json; charset=utf-8")));
        assertNull(typeOf(TestRequestHead.get("/").header("Content-Type", "text/plain")));
        assertEquals("signed", typeOf(TestRequestHead.get("/").header("X-Signature", "abc")));
        assertNull(typeOf(TestRequestHead.get("/").header("X-Signature", "abc").header("X-Debug", "1")));
    }

    @Test
    void attributesOfOneMatchAreAndedAndMatchesOred() throws Exception {
        types("both", "<match methods=\"DELETE\" host=\"a.example\"/><match path-prefix=\"/admin\"/>");
        assertNull(typeOf(TestRequestHead.get("/").method("DELETE").authority("b.example")));
        assertEquals("both", typeOf(TestRequestHead.get("/").method("DELETE").authority("a.example")));
        assertEquals("both", typeOf(TestRequestHead.get("/admin/x").authority("b.example")));
    }

    @Test
    void firstMessageTypeInDocumentOrderWins() throws Exception {
        types("specific", "<match path-prefix=\"/api/v2\"/>", "general", "<match path-prefix=\"/api\"/>");
        assertEquals("specific", typeOf(TestRequestHead.get("/api/v2/x")));
        assertEquals("general", typeOf(TestRequestHead.get("/api/v1/x")));
        fixture.replace("  <message-type name=\"general\" flow=\"f\"><match path-prefix=\"/api\"/></message-type>\n"
                + "  <message-type name=\"specific\" flow=\"f\"><match path-prefix=\"/api/v2\"/></message-type>\n"
                + "  <flow name=\"f\"><step bladelet=\"fail\" extension=\"" + EngineFixture.EXTENSION + "\"/></flow>\n");
        assertEquals("general", typeOf(TestRequestHead.get("/api/v2/x")), "reordered, the general one claims it first");
    }

    @Test
    void bodyConditionsReadTheBodyAndDecide() throws Exception {
        types("soap", "<match methods=\"POST\"><body-regex>&lt;Action&gt;(create|update)&lt;/Action&gt;</body-regex>"
                        + "<body-token>wsse:Security</body-token></match>",
                "post", "<match methods=\"POST\"/>",
                "later", "<match/>");
        TestRequestHead head = TestRequestHead.get("/ws").method("POST");
        MessageTypeMatch match = fixture.engine.classify(head);
        assertEquals("soap", match.messageType(), "the first candidate names it while the body decides");
        assertEquals(4096, match.bodyLimit());
        FlowResult.Forward soap = assertInstanceOf(FlowResult.Forward.class,
                fixture.send(head, "<e><wsse:Security/><Action>create</Action></e>"));
        assertEquals("soap (saw header none)", EngineFixture.header(soap, "X-Trail"));
        FlowResult.Forward post = assertInstanceOf(FlowResult.Forward.class, fixture.send(head, "<e><Action>create</Action></e>"));
        assertEquals("post (saw header none)", EngineFixture.header(post, "X-Trail"), "the token is missing: the next candidate");
        assertEquals(-1, fixture.engine.classify(TestRequestHead.get("/ws")).bodyLimit(), "a GET never reaches the body candidate");
    }

    @Test
    void noCandidateLeftAfterTheBodyMeansPassThrough() throws Exception {
        types("soap", "<match><body-token>Envelope</body-token></match>");
        TestRequestHead head = TestRequestHead.get("/").method("POST");
        assertEquals(new FlowResult.PassThrough(), fixture.send(head, "{\"json\": true}"));
        assertInstanceOf(FlowResult.Forward.class, fixture.send(head, "<Envelope/>"));
    }

    @Test
    void messagesAreCountedPerMessageType() throws Exception {
        types("a", "<match path-prefix=\"/a\"/>", "b", "<match path-prefix=\"/b\"/>");
        fixture.send(TestRequestHead.get("/a"));
        fixture.send(TestRequestHead.get("/a"));
        fixture.send(TestRequestHead.get("/c"));
        assertEquals(2, fixture.engine.current().messageTypes().get(0).messages());
        assertEquals(0, fixture.engine.current().messageTypes().get(1).messages());
    }
}
