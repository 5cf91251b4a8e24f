package org.gatehouse.management.api;

import java.util.EnumSet;
import java.util.Set;
import org.gatehouse.management.auth.Role;

/**
 * The role matrix (docs/management.md "Roles"; the README and {@code openapi.json} show the same table). Reads of the
 * element are open to every role; changes to extensions and flows are the admin's; policies are
 * the security officer's; commands and policies can be read by those who answer for them and by
 * the auditor, who changes nothing; the metrics by the operator, the admin and the auditor; the
 * liveness and readiness probes by anybody, unauthenticated.
 */
final class Access {
    /** health, openapi, extensions, flows, message types. */
    static final Set<Role> EVERY_ROLE = EnumSet.allOf(Role.class);
    /** upload, preview, upgrade, enable, disable, remove extensions; replace and validate flows. */
    static final Set<Role> ADMIN = EnumSet.of(Role.ADMIN);
    /** replace an extension's policy, preview a policy. */
    static final Set<Role> SECURITY_OFFICER = EnumSet.of(Role.SECURITY_OFFICER);
    /** the management users, their roles and the names of their tokens: those who answer for who may do what, and the auditor. */
    static final Set<Role> USERS = EnumSet.of(Role.SECURITY_OFFICER, Role.AUDITOR);
    /** cancel a command before it is confirmed: those who submit changes (the route checks it is theirs or theirs to confirm). */
    static final Set<Role> CHANGES = EnumSet.of(Role.ADMIN, Role.SECURITY_OFFICER);
    /** what install qualification admits (rules, hashes, publishers): admins, who upload, need to see why an upload is refused. */
    static final Set<Role> QUALIFICATION = EnumSet.of(Role.ADMIN, Role.SECURITY_OFFICER, Role.AUDITOR);
    /** the effective policy and the commands. */
    static final Set<Role> OVERSIGHT = EnumSet.of(Role.ADMIN, Role.SECURITY_OFFICER, Role.AUDITOR);
    /** the metrics: those who run the element and those who audit it. */
    static final Set<Role> METRICS = EnumSet.of(Role.OPERATOR, Role.ADMIN, Role.AUDITOR);
    /** the audit log: those who oversee, never those whose actions it records (docs/management.md "Audit"). */
    static final Set<Role> AUDIT = EnumSet.of(Role.SECURITY_OFFICER, Role.AUDITOR);
    /**
     * No role at all: served without authentication. Only the liveness and readiness probes; the
     * router refuses it on anything but a GET of a fixed path.
     */
    static final Set<Role> UNAUTHENTICATED = EnumSet.noneOf(Role.class);

    private Access() {
    }
}
