package org.gatehouse.auth.rule;

import java.time.ZonedDateTime;
import org.gatehouse.sdk.identity.Identity;
import org.gatehouse.sdk.message.Message;

/**
 * What a rule is evaluated against.
 *
 * @param identity the authenticated identity
 * @param message  the message
 * @param now      the time, in the rule's time zone
 */
public record RuleInput(Identity identity, Message message, ZonedDateTime now) {
}
