package org.gatehouse.runtime.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What each command group of the management command line does and which role it needs
 * (docs/management.md "Roles", "Command line"): printed by {@code gatehouse help [GROUP]} and by
 * {@code --help} anywhere on a line, and named in usage errors so that a mistake says where to look.
 */
final class Usage {
    /** The groups in the order help lists them. */
    static final Map<String, List<String>> GROUPS = groups();

    private static final String COMMON = """
            Options on every line: --url URL, --token TOKEN, --ca PEM (or GATEHOUSE_URL, GATEHOUSE_TOKEN,
            GATEHOUSE_CA); without a URL, the one the running element wrote to its data folder is used.
            --json prints the element's answer as JSON instead of text (reads). --help prints this.
            Roles: operator reads; admin changes what runs; security-officer changes what it may do;
            auditor reads the audit log. Exit codes: 0 done, 1 refused or failed by the element, 2 usage.""";

    private Usage() {
    }

    private static Map<String, List<String>> groups() {
        Map<String, List<String>> groups = new LinkedHashMap<>();
        groups.put("ext", List.of(
                "gatehouse ext list                                   every role",
                "gatehouse ext show NAME                              every role",
                "gatehouse ext upload FILE [--policy FILE] [--preview]  admin (a command to confirm)",
                "gatehouse ext upgrade NAME FILE [--policy FILE]      admin (a command to confirm)",
                "gatehouse ext enable|disable|remove NAME             admin (a command to confirm)"));
        groups.put("flows", List.of(
                "gatehouse flows show [--document]                    every role",
                "gatehouse flows validate FILE                        admin (every error, with its line)",
                "gatehouse flows replace FILE                         admin (a command to confirm)"));
        groups.put("policy", List.of(
                "gatehouse policy show                                admin, security-officer, auditor",
                "gatehouse policy preview FILE --name NAME [--version V] [--location L]   security-officer",
                "gatehouse policy replace NAME FILE                   security-officer (a command to confirm)"));
        groups.put("users", List.of(
                "gatehouse users list                                 security-officer, auditor",
                "gatehouse users add NAME ROLES | remove NAME | roles NAME ROLES   security-officer (a command to confirm)",
                "gatehouse users token issue|revoke NAME TOKEN        security-officer (a command to confirm)",
                "    ROLES: comma-separated, of operator, admin, security-officer, auditor; issue prints the new token once"));
        groups.put("qualification", List.of(
                "gatehouse qualification show                         admin, security-officer, auditor",
                "gatehouse qualification rules show                   admin, security-officer, auditor (the document in force)",
                "gatehouse qualification rules replace FILE           security-officer (a command to confirm)"));
        groups.put("trust", List.of(
                "gatehouse trust list                                 admin, security-officer, auditor",
                "gatehouse trust publisher add CERT.pem [--name N] | remove N   security-officer (a command to confirm)",
                "gatehouse trust hash add SHA256 --group G [--description D] | remove SHA256   security-officer (a command to confirm)"));
        groups.put("commands", List.of(
                "gatehouse commands list [--state S] [--limit N]      admin, security-officer, auditor",
                "gatehouse commands get ID                            admin, security-officer, auditor",
                "gatehouse commands pending | show ID | confirm ID | cancel ID | phrase   [--socket PATH]",
                "    on the element's host, over its local socket, as the management user of your OS account"));
        groups.put("audit", List.of(
                "gatehouse audit show [--from N] [--limit N] [--json] security-officer, auditor",
                "gatehouse audit head [--key FILE] [--save FILE]      security-officer, auditor",
                "gatehouse audit consistency --checkpoint FILE --key FILE [--update]   security-officer, auditor",
                "gatehouse audit verify [--folder DIR] [--key FILE]   offline: the files alone, no element needed"));
        groups.put("channels", List.of(
                "gatehouse channels list [--json]                     admin, security-officer, auditor",
                "    the channels open at the element, both sides: peer, source, target, rule, key ids, bytes and frames"));
        groups.put("tls", List.of(
                "gatehouse tls init [--dir DIR] [--dns N,N] [--ip A,A] [--days D] [--force]   offline: on the element's host",
                "    a CA of this installation (kept), an element certificate and key for the listeners, and a",
                "    PKCS#12 key store with its password file for the management API; in conf/tls unless --dir"));
        groups.put("version", List.of(
                "gatehouse version                                    this command line's version and Java"));
        return groups;
    }

    /** The help of one group, or of them all. */
    static String text(Optional<String> group) {
        StringBuilder text = new StringBuilder();
        for (Map.Entry<String, List<String>> entry : GROUPS.entrySet()) {
            if (group.isEmpty() || group.get().equals(entry.getKey())) {
                entry.getValue().forEach(l -> text.append(l).append('\n'));
            }
        }
        return text.append('\n').append(COMMON).append('\n').toString();
    }

    /** Where a usage error in {@code group} should send the person. */
    static String hint(String group) {
        return GROUPS.containsKey(group) ? " (see 'gatehouse " + group + " --help')" : " (see 'gatehouse help')";
    }
}
