package org.gatehouse.channels.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.gatehouse.channels.identity.InstanceIdentity;
import org.gatehouse.channels.policy.ChannelDecision.Reason;
import org.gatehouse.test.support.pki.Authority;
import org.gatehouse.test.support.pki.TestPki;
import org.junit.jupiter.api.Test;

/**
 * Decisions of one policy, each rule kind from both sides: allowed where granted, denied where
 * not; time windows at their edges and in their zones; connection limits reached and released;
 * the first rule that holds answering.
 */
class ChannelPolicyDecisionTest {
    static final String POLICY = """
            <channel-policy xmlns="urn:gatehouse:channel-policy:1">
              <identity name="billing"><spiffe id="spiffe://example.org/billing/api"/></identity>
              <identity name="reporting"><spiffe id="spiffe://example.org/reporting" match="path-prefix"/></identity>
              <identity name="newsletter"><subject dn="CN=newsletter,O=Example"/></identity>
              <identity name="intern"><spiffe id="spiffe://example.org/reporting/intern"/></identity>
              <group name="back-office"><member identity="billing"/><member identity="reporting"/></group>
              <service name="orders" host="orders.internal"><port number="8443" protocol="http"/></service>
              <service name="mail" host="mail.internal"><port number="25" protocol="line"/><port number="587" protocol="line"/></service>
              <service name="cache" host="10.0.0.7"><port number="6379" protocol="line"/></service>
              <service name="ledger" host="ledger.internal"><port number="5432" protocol="tcp"/></service>
              <rule name="no-orders-for-interns" answer="deny">
                <from identity="intern"/><to service="orders"/>
              </rule>
              <rule name="orders-read" answer="qualified-enable">
                <from group="back-office"/><to service="orders"/>
                <limits per-source="2" per-rule="3"/>
                <qualifications audit="all"><http methods="GET HEAD" path="/api/orders/**"/></qualifications>
              </rule>
              <rule name="newsletter-mail" answer="qualified-enable" side="egress">
                <from identity="newsletter"/><to service="mail" port="587"/>
                <time-window days="MON TUE WED THU FRI" from="07:00" to="19:00" zone="Europe/Berlin"/>
                <qualifications must-encrypt="false"><line commands="EHLO HELO MAIL RCPT DATA QUIT"/></qualifications>
              </rule>
              <rule name="billing-cache" answer="qualified-enable" side="ingress">
                <from identity="billing"/><to service="cache"/>
                <qualifications><line commands="GET SET"/></qualifications>
              </rule>
              <rule name="ledger-night" answer="enable">
                <from identity="billing"/><to service="ledger"/>
                <time-window days="FRI" from="22:00" to="02:00" zone="UTC"/>
              </rule>
            </channel-policy>
            """;

    /** Wednesday 10 June 2026, 12:00 UTC (14:00 in Berlin, summer time). */
    static final Instant WEDNESDAY_NOON = Instant.parse("2026-06-10T12:00:00Z");

    private final ChannelPolicy policy = policy();
    private final ConnectionCounts counts = new ConnectionCounts();
    private final InstanceIdentity billing = InstanceIdentity.ofSpiffeId("spiffe://example.org/billing/api");
    private final InstanceIdentity reportingJob = InstanceIdentity.ofSpiffeId("spiffe://example.org/reporting/nightly");
    private final InstanceIdentity intern = InstanceIdentity.ofSpiffeId("spiffe://example.org/reporting/intern");
    private final InstanceIdentity stranger = InstanceIdentity.ofSpiffeId("spiffe://example.org/billing-old");

    static ChannelPolicy policy() {
        try {
            return ChannelPolicyReader.parse("channel-policy.xml", POLICY.getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private ChannelDecision decide(Side side, InstanceIdentity source, String service, int port, Protocol protocol, Instant at) {
        return policy.decide(ChannelRequest.of(side, source, service, port, protocol, Clock.fixed(at, ZoneOffset.UTC), counts));
    }

    private ChannelDecision orders(Side side, InstanceIdentity source) {
        return decide(side, source, "orders", 8443, Protocol.HTTP, WEDNESDAY_NOON);
    }

    @Test
    void aGroupMemberGetsAQualifiedChannelOnBothSidesAndAStrangerNone() {
        for (Side side : Side.values()) {
            ChannelDecision granted = orders(side, reportingJob);
            assertEquals(Answer.QUALIFIED_ENABLE, granted.answer(), side.name());
            assertEquals("orders-read", granted.rule());
            assertEquals(side, granted.side());
            assertTrue(granted.qualifications().mustEncrypt(), "the schema's default for a qualified channel");
            assertEquals(AuditLevel.ALL, granted.qualifications().audit());
            assertTrue(granted.commands().allowsHttp("GET", "/api/orders/17"));
            assertFalse(granted.commands().allowsHttp("DELETE", "/api/orders/17"), "a DELETE inside a GET channel");

            ChannelDecision denied = orders(side, stranger);
            assertEquals(Answer.DENY, denied.answer(), "a SPIFFE ID beside billing's path is not billing's");
            assertEquals(Reason.DEFAULT, denied.reason());
            assertEquals("default", denied.rule());
            assertFalse(denied.commands().allowsHttp("GET", "/api/orders/17"), "a denied channel carries nothing");
        }
    }

    @Test
    void theFirstRuleThatHoldsAnswers() {
        // the intern is below reporting's prefix, so orders-read would enable it; the deny before it answers first
        ChannelDecision decision = orders(Side.INGRESS, intern);
        assertEquals(Answer.DENY, decision.answer());
        assertEquals(Reason.RULE, decision.reason());
        assertEquals("no-orders-for-interns", decision.rule());
        assertEquals("denied [rule] rule [no-orders-for-interns] side [ingress] source [spiffe://example.org/reporting/intern]", decision.toString());
    }

    @Test
    void aRuleForOneSideDoesNotHoldOnTheOther() {
        ChannelDecision ingress = decide(Side.INGRESS, billing, "cache", 6379, Protocol.LINE, WEDNESDAY_NOON);
        assertEquals(Answer.QUALIFIED_ENABLE, ingress.answer());
        assertTrue(ingress.commands().allowsLine("GET session:17"));
        assertFalse(ingress.commands().allowsLine("FLUSHALL"), "a Redis command not listed");
        ChannelDecision egress = decide(Side.EGRESS, billing, "cache", 6379, Protocol.LINE, WEDNESDAY_NOON);
        assertEquals(Answer.DENY, egress.answer(), "billing-cache is an ingress rule");
        assertEquals(Reason.DEFAULT, egress.reason());

        InstanceIdentity newsletter = InstanceIdentity.ofSubject("cn=newsletter, o=Example");
        ChannelDecision mail = decide(Side.EGRESS, newsletter, "mail", 587, Protocol.LINE, WEDNESDAY_NOON);
        assertEquals(Answer.QUALIFIED_ENABLE, mail.answer(), "the subject matches in canonical form");
        assertFalse(mail.qualifications().mustEncrypt());
        assertTrue(mail.commands().allowsLine("MAIL FROM:<news@example.org>"));
        assertFalse(mail.commands().allowsLine("VRFY root"), "an SMTP command not listed");
        assertEquals(Answer.DENY, decide(Side.INGRESS, newsletter, "mail", 587, Protocol.LINE, WEDNESDAY_NOON).answer(),
                "newsletter-mail is an egress rule");
        assertEquals(Answer.DENY, decide(Side.EGRESS, newsletter, "mail", 25, Protocol.LINE, WEDNESDAY_NOON).answer(),
                "the rule names port 587 only");
    }

    @Test
    void aTargetThePolicyDoesNotKnowIsDenied() {
        for (ChannelDecision decision : new ChannelDecision[] {
            decide(Side.INGRESS, billing, "payroll", 443, Protocol.HTTP, WEDNESDAY_NOON),
            decide(Side.INGRESS, billing, "cache", 6380, Protocol.LINE, WEDNESDAY_NOON),
            decide(Side.INGRESS, billing, "cache", 6379, Protocol.TCP, WEDNESDAY_NOON),
        }) {
            assertEquals(Answer.DENY, decision.answer());
            assertEquals(Reason.UNKNOWN_TARGET, decision.reason());
            assertEquals("default", decision.rule());
        }
    }

    @Test
    void aWindowHoldsFromItsOpeningToJustBeforeItsCloseInItsZone() {
        InstanceIdentity newsletter = InstanceIdentity.ofSubject("CN=newsletter,O=Example");
        // Berlin is UTC+2 in June: 07:00-19:00 there is 05:00-17:00 UTC
        assertEquals(Answer.DENY, mail(newsletter, "2026-06-10T04:59:59Z").answer(), "a second before the opening");
        assertEquals(Answer.QUALIFIED_ENABLE, mail(newsletter, "2026-06-10T05:00:00Z").answer(), "the opening itself");
        assertEquals(Answer.QUALIFIED_ENABLE, mail(newsletter, "2026-06-10T16:59:59Z").answer(), "a second before the close");
        assertEquals(Answer.DENY, mail(newsletter, "2026-06-10T17:00:00Z").answer(), "the close itself");
        // UTC+1 in January: the same local hours are an hour later in UTC
        assertEquals(Answer.DENY, mail(newsletter, "2026-01-14T05:30:00Z").answer(), "06:30 in Berlin in winter");
        assertEquals(Answer.QUALIFIED_ENABLE, mail(newsletter, "2026-01-14T17:30:00Z").answer(), "18:30 in Berlin in winter");
        // Saturday 13 June is not a weekday in Berlin; Friday 12 June 23:30 UTC is already Saturday there
        assertEquals(Answer.DENY, mail(newsletter, "2026-06-13T10:00:00Z").answer());
        assertEquals(Answer.QUALIFIED_ENABLE, mail(newsletter, "2026-06-12T16:00:00Z").answer());
    }

    @Test
    void aWindowPastMidnightBelongsToTheDayItOpens() {
        // FRI 22:00-02:00 UTC: Friday 12 June 2026
        assertEquals(Answer.DENY, ledger("2026-06-12T21:59:59Z").answer());
        assertEquals(Answer.ENABLE, ledger("2026-06-12T22:00:00Z").answer());
        assertEquals(Answer.ENABLE, ledger("2026-06-13T01:59:59Z").answer(), "Saturday morning, still Friday's window");
        assertEquals(Answer.DENY, ledger("2026-06-13T02:00:00Z").answer());
        assertEquals(Answer.DENY, ledger("2026-06-12T01:00:00Z").answer(), "Friday morning belongs to Thursday's window, which there is not");
        assertEquals(Answer.DENY, ledger("2026-06-13T22:30:00Z").answer(), "Saturday evening");
    }

    @Test
    void aConnectionLimitReachedDeniesAndReleasingMakesRoom() {
        ChannelDecision first = orders(Side.INGRESS, reportingJob);
        ConnectionCounts.Lease one = counts.acquire(first).orElseThrow();
        ConnectionCounts.Lease two = counts.acquire(orders(Side.INGRESS, reportingJob)).orElseThrow();
        ChannelDecision third = orders(Side.INGRESS, reportingJob);
        assertEquals(Answer.DENY, third.answer(), "per-source 2 reached");
        assertEquals(Reason.CONNECTION_LIMIT, third.reason());
        assertEquals("orders-read", third.rule());

        ConnectionCounts.Lease fromBilling = counts.acquire(orders(Side.INGRESS, billing)).orElseThrow();
        assertEquals(3, counts.ofRule("orders-read"));
        ChannelDecision billingAgain = orders(Side.INGRESS, billing);
        assertEquals(Reason.CONNECTION_LIMIT, billingAgain.reason(), "per-rule 3 reached though billing has one channel only");

        one.close();
        one.close();
        assertEquals(2, counts.ofRule("orders-read"), "a lease closed twice counts once");
        assertEquals(Answer.QUALIFIED_ENABLE, orders(Side.INGRESS, reportingJob).answer(), "room again");
        two.close();
        fromBilling.close();
        assertEquals(0, counts.ofRule("orders-read"));
        assertEquals(0, counts.ofSource("orders-read", reportingJob.key()));
    }

    @Test
    void aLeaseTakenAfterTheLastPlaceWentIsRefused() {
        ChannelDecision a = orders(Side.INGRESS, reportingJob);
        ChannelDecision b = orders(Side.INGRESS, reportingJob);
        ChannelDecision c = orders(Side.INGRESS, reportingJob);
        assertTrue(a.enabled() && b.enabled() && c.enabled(), "decided before any channel opened");
        assertTrue(counts.acquire(a).isPresent());
        assertTrue(counts.acquire(b).isPresent());
        assertEquals(Optional.empty(), counts.acquire(c), "acquire checks the limits again");
    }

    @Test
    void identitiesFromRealCertificatesDecideAsTheirNamesSay() throws Exception {
        Authority ca = TestPki.authority("CN=Channels Test CA,O=Gatehouse Test");
        InstanceIdentity fromCertificate = InstanceIdentity.of(ca.clientWithUris("CN=job", "spiffe://example.org/reporting/nightly").certificate());
        assertEquals(Answer.QUALIFIED_ENABLE, orders(Side.EGRESS, fromCertificate).answer());
        InstanceIdentity lookalike = InstanceIdentity.of(ca.clientWithUris("CN=job", "spiffe://example.org/reportingx/nightly").certificate());
        assertEquals(Answer.DENY, orders(Side.EGRESS, lookalike).answer());
        InstanceIdentity bySubjectOnly = InstanceIdentity.of(ca.client("CN=newsletter,O=Example").certificate());
        assertEquals(Answer.QUALIFIED_ENABLE, mail(bySubjectOnly, "2026-06-10T12:00:00Z").answer());
        InstanceIdentity otherSubject = InstanceIdentity.of(ca.client("CN=newsletter,O=Example,OU=x").certificate());
        assertEquals(Answer.DENY, mail(otherSubject, "2026-06-10T12:00:00Z").answer());
    }

    @Test
    void anEmptyPolicyDeniesEverything() {
        ChannelDecision decision = ChannelPolicy.DENY_ALL.decide(ChannelRequest.of(Side.INGRESS, billing, "orders", 8443, Protocol.HTTP,
                Clock.fixed(WEDNESDAY_NOON, ZoneOffset.UTC), counts));
        assertEquals(Answer.DENY, decision.answer());
        assertEquals(Reason.UNKNOWN_TARGET, decision.reason());
    }

    private ChannelDecision mail(InstanceIdentity source, String at) {
        return decide(Side.EGRESS, source, "mail", 587, Protocol.LINE, Instant.parse(at));
    }

    private ChannelDecision ledger(String at) {
        return decide(Side.INGRESS, billing, "ledger", 5432, Protocol.TCP, Instant.parse(at));
    }
}
