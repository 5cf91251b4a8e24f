package org.gatehouse.management.command;

import java.util.Arrays;

/**
 * Every kind of change the management API makes, with the words its canonical form starts with.
 * Adding a change to the API means adding a type here, so each change has one rendering.
 */
public enum CommandType {
    EXTENSION_INSTALL("extension.install", "Install a new extension from the uploaded bundle"),
    EXTENSION_UPGRADE("extension.upgrade", "Upgrade extension"),
    EXTENSION_ENABLE("extension.enable", "Enable extension"),
    EXTENSION_DISABLE("extension.disable", "Disable extension"),
    EXTENSION_REMOVE("extension.remove", "Remove extension"),
    EXTENSION_POLICY_REPLACE("extension.policy.replace", "Replace the policy of extension"),
    FLOWS_REPLACE("flows.replace", "Replace the flows document"),
    /** A management user added with roles and no credential yet (docs/management.md "Users"). */
    USER_CREATE("user.create", "Add the management user"),
    USER_DELETE("user.delete", "Remove the management user"),
    USER_ROLES_REPLACE("user.roles.replace", "Replace the roles of the management user"),
    /** A bearer token named and given by its SHA-256 only: the element never holds the token. */
    USER_TOKEN_ISSUE("user.token.issue", "Issue a bearer token to the management user"),
    USER_TOKEN_REVOKE("user.token.revoke", "Revoke a bearer token of the management user"),
    /** The qualification rules replaced whole (docs/management.md "Qualification and trust"). */
    QUALIFICATION_RULES_REPLACE("qualification.rules.replace", "Replace the qualification rules"),
    /** A publisher certificate trusted: bundles signed by a key chaining to it pass the signature check. */
    TRUST_PUBLISHER_ADD("trust.publisher.add", "Trust the publisher"),
    TRUST_PUBLISHER_REMOVE("trust.publisher.remove", "Stop trusting the publisher"),
    /** A bundle's SHA-256 listed in the signature database, in a reference group. */
    TRUST_HASH_ADD("trust.hash.add", "List in the signature database the bundle hash"),
    TRUST_HASH_REMOVE("trust.hash.remove", "Remove from the signature database the bundle hash"),
    /** A file of the conf folder edited by hand on the host, put in force only once confirmed (docs/management.md "Hand edits"). */
    CONF_EDIT("conf.edit", "Put in force the file of the conf folder edited by hand");

    private final String wireName;
    private final String sentence;

    CommandType(String wireName, String sentence) {
        this.wireName = wireName;
        this.sentence = sentence;
    }

    /** {@code extension.install}: the name in JSON and the journal. */
    public String wireName() {
        return wireName;
    }

    /** The opening words of the canonical form, e.g. {@code Enable extension}. */
    public String sentence() {
        return sentence;
    }

    /** Whether this type changes the management users. */
    public boolean changesUsers() {
        return wireName.startsWith("user.");
    }

    /** Whether this type changes install qualification's configuration: the rules, the signature database, the publishers. */
    public boolean changesQualification() {
        return wireName.startsWith("qualification.") || wireName.startsWith("trust.");
    }

    public static CommandType fromWireName(String name) {
        return Arrays.stream(values()).filter(t -> t.wireName.equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown command type [" + name + "]"));
    }
}
