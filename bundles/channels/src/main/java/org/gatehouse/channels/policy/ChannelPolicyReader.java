package org.gatehouse.channels.policy;

import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlElementWrapper;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlProperty;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.security.auth.x500.X500Principal;
import org.gatehouse.channels.identity.SpiffeId;
import org.gatehouse.policy.schemas.GatehouseSchema;
import org.gatehouse.policy.schemas.XmlDocument;
import org.gatehouse.policy.schemas.XmlDocumentException;
import org.gatehouse.policy.schemas.XmlDocumentReader;

/**
 * Reads an {@code urn:gatehouse:channel-policy:1} document into a {@link ChannelPolicy}: the
 * schema checks its form (through the one validating reader, which refuses DTDs, so no external
 * entity is ever read), this class what a schema cannot say, each problem reported at its element
 * as {@code channel-policy.xml [12:40] /channel-policy/rule[2]/from[1]: unknown group [ops]}:
 * names declared twice, names that do not exist, SPIFFE IDs and subject DNs, time zones and empty
 * time windows, path patterns, and qualifications only where a qualified enable needs them.
 */
public final class ChannelPolicyReader {
    record Document(@JacksonXmlElementWrapper(useWrapping = false) @JacksonXmlProperty(localName = "identity") List<IdentityXml> identities,
                    @JacksonXmlElementWrapper(useWrapping = false) @JacksonXmlProperty(localName = "group") List<GroupXml> groups,
                    @JacksonXmlElementWrapper(useWrapping = false) @JacksonXmlProperty(localName = "service") List<ServiceXml> services,
                    @JacksonXmlElementWrapper(useWrapping = false) @JacksonXmlProperty(localName = "rule") List<RuleXml> rules) {}

    record IdentityXml(String name,
                       @JacksonXmlElementWrapper(useWrapping = false) @JacksonXmlProperty(localName = "spiffe") List<SpiffeXml> spiffe,
                       @JacksonXmlElementWrapper(useWrapping = false) @JacksonXmlProperty(localName = "subject") List<SubjectXml> subjects) {}

    record SpiffeXml(String id, String match) {}

    record SubjectXml(String dn) {}

    record GroupXml(String name,
                    @JacksonXmlElementWrapper(useWrapping = false) @JacksonXmlProperty(localName = "member") List<MemberXml> members) {}

    record MemberXml(String identity) {}

    record ServiceXml(String name, String host,
                      @JacksonXmlElementWrapper(useWrapping = false) @JacksonXmlProperty(localName = "port") List<PortXml> ports) {}

    record PortXml(int number, String protocol) {}

    record RuleXml(String name, String answer, String side, FromXml from, ToXml to,
                   @JacksonXmlElementWrapper(useWrapping = false) @JacksonXmlProperty(localName = "time-window") List<WindowXml> windows,
                   LimitsXml limits, QualificationsXml qualifications) {}

    record FromXml(String identity, String group) {}

    record ToXml(String service, Integer port, String protocol) {}

    record WindowXml(String days, String from, String to, String zone) {}

    record LimitsXml(@JacksonXmlProperty(localName = "per-source") Integer perSource,
                     @JacksonXmlProperty(localName = "per-rule") Integer perRule) {}

    record QualificationsXml(@JacksonXmlProperty(localName = "must-encrypt") boolean mustEncrypt, String audit,
                             @JacksonXmlElementWrapper(useWrapping = false) @JacksonXmlProperty(localName = "http") List<HttpXml> http,
                             @JacksonXmlElementWrapper(useWrapping = false) @JacksonXmlProperty(localName = "line") List<LineXml> lines) {}

    record HttpXml(String methods, String path) {}

    record LineXml(String commands) {}

    private static final XmlDocumentReader READER = XmlDocumentReader.forSchema(GatehouseSchema.CHANNEL_POLICY);
    private static final String ROOT = "/channel-policy";

    private final XmlDocument<Document> doc;
    private final Map<String, IdentityEntry> identities = new LinkedHashMap<>();
    private final Map<String, List<IdentityEntry>> groups = new LinkedHashMap<>();
    private final Map<String, Service> services = new LinkedHashMap<>();

    private ChannelPolicyReader(XmlDocument<Document> doc) {
        this.doc = doc;
    }

    /** Reads a policy file; its file name is used in error messages. */
    public static ChannelPolicy read(Path file) throws XmlDocumentException {
        return new ChannelPolicyReader(READER.readDocument(file, Document.class)).policy();
    }

    /** Reads a policy held in memory, naming it {@code source} in error messages. */
    public static ChannelPolicy parse(String source, byte[] content) throws XmlDocumentException {
        return new ChannelPolicyReader(READER.readDocument(source, content, Document.class)).policy();
    }

    private ChannelPolicy policy() throws XmlDocumentException {
        Document model = doc.model() == null ? new Document(null, null, null, null) : doc.model();
        List<IdentityXml> identityList = orEmpty(model.identities());
        for (int i = 0; i < identityList.size(); i++) {
            identity(ROOT + "/identity[" + (i + 1) + "]", identityList.get(i));
        }
        List<GroupXml> groupList = orEmpty(model.groups());
        for (int i = 0; i < groupList.size(); i++) {
            group(ROOT + "/group[" + (i + 1) + "]", groupList.get(i));
        }
        List<ServiceXml> serviceList = orEmpty(model.services());
        for (int i = 0; i < serviceList.size(); i++) {
            service(ROOT + "/service[" + (i + 1) + "]", serviceList.get(i));
        }
        List<ChannelRule> rules = new ArrayList<>();
        Set<String> ruleNames = new HashSet<>();
        List<RuleXml> ruleList = orEmpty(model.rules());
        for (int i = 0; i < ruleList.size(); i++) {
            String at = ROOT + "/rule[" + (i + 1) + "]";
            RuleXml rule = ruleList.get(i);
            if (rule.name().equals(ChannelDecision.DEFAULT_RULE)) {
                throw doc.problem(at, "the rule name [default] is kept for the answer when no rule holds");
            }
            if (!ruleNames.add(rule.name())) {
                throw doc.problem(at, "rule [" + rule.name() + "] is declared twice");
            }
            rules.add(rule(at, rule));
        }
        return new ChannelPolicy(identities, groups, services, rules);
    }

    private void identity(String at, IdentityXml xml) throws XmlDocumentException {
        if (identities.containsKey(xml.name())) {
            throw doc.problem(at, "identity [" + xml.name() + "] is declared twice");
        }
        List<SpiffeId> exact = new ArrayList<>();
        List<SpiffeId> prefixes = new ArrayList<>();
        List<SpiffeXml> spiffe = orEmpty(xml.spiffe());
        for (int i = 0; i < spiffe.size(); i++) {
            try {
                SpiffeId id = SpiffeId.parse(spiffe.get(i).id());
                (spiffe.get(i).match().equals("path-prefix") ? prefixes : exact).add(id);
            } catch (IllegalArgumentException e) {
                throw doc.problem(at + "/spiffe[" + (i + 1) + "]", e.getMessage());
            }
        }
        List<X500Principal> subjects = new ArrayList<>();
        List<SubjectXml> subjectList = orEmpty(xml.subjects());
        for (int i = 0; i < subjectList.size(); i++) {
            try {
                subjects.add(new X500Principal(subjectList.get(i).dn()));
            } catch (IllegalArgumentException e) {
                throw doc.problem(at + "/subject[" + (i + 1) + "]", "invalid subject DN [" + subjectList.get(i).dn() + "]: " + e.getMessage());
            }
        }
        identities.put(xml.name(), new IdentityEntry(xml.name(), exact, prefixes, subjects));
    }

    private void group(String at, GroupXml xml) throws XmlDocumentException {
        if (groups.containsKey(xml.name())) {
            throw doc.problem(at, "group [" + xml.name() + "] is declared twice");
        }
        List<IdentityEntry> members = new ArrayList<>();
        List<MemberXml> memberList = orEmpty(xml.members());
        for (int i = 0; i < memberList.size(); i++) {
            IdentityEntry member = identities.get(memberList.get(i).identity());
            if (member == null) {
                throw doc.problem(at + "/member[" + (i + 1) + "]", "unknown identity [" + memberList.get(i).identity() + "]; identities: "
                        + identities.keySet());
            }
            members.add(member);
        }
        groups.put(xml.name(), members);
    }

    private void service(String at, ServiceXml xml) throws XmlDocumentException {
        if (services.containsKey(xml.name())) {
            throw doc.problem(at, "service [" + xml.name() + "] is declared twice");
        }
        Map<Integer, Protocol> ports = new HashMap<>();
        List<PortXml> portList = orEmpty(xml.ports());
        for (int i = 0; i < portList.size(); i++) {
            if (ports.put(portList.get(i).number(), Protocol.ofDocument(portList.get(i).protocol())) != null) {
                throw doc.problem(at + "/port[" + (i + 1) + "]", "port " + portList.get(i).number() + " is declared twice");
            }
        }
        services.put(xml.name(), new Service(xml.name(), xml.host(), ports));
    }

    private ChannelRule rule(String at, RuleXml xml) throws XmlDocumentException {
        Answer answer = Answer.valueOf(xml.answer().toUpperCase(Locale.ROOT).replace('-', '_'));
        Set<Side> sides = xml.side().equals("both") ? EnumSet.allOf(Side.class) : EnumSet.of(Side.valueOf(xml.side().toUpperCase(Locale.ROOT)));
        String source = xml.from().identity() != null ? "identity " + xml.from().identity() : "group " + xml.from().group();
        List<IdentityEntry> sources = sources(at + "/from[1]", xml.from());
        Service service = services.get(xml.to().service());
        if (service == null) {
            throw doc.problem(at + "/to[1]", "unknown service [" + xml.to().service() + "]; services: " + services.keySet());
        }
        Optional<Integer> port = Optional.ofNullable(xml.to().port());
        Optional<Protocol> protocol = Optional.ofNullable(xml.to().protocol()).map(Protocol::ofDocument);
        Set<Protocol> reached = reached(at + "/to[1]", service, port, protocol);
        List<TimeWindow> windows = new ArrayList<>();
        List<WindowXml> windowList = orEmpty(xml.windows());
        for (int i = 0; i < windowList.size(); i++) {
            windows.add(window(at + "/time-window[" + (i + 1) + "]", windowList.get(i)));
        }
        ConnectionLimits limits = limits(at, answer, xml.limits());
        Qualifications qualifications = qualifications(at, answer, xml.qualifications(), reached);
        return new ChannelRule(xml.name(), answer, sides, source, sources, service, port, protocol, windows, limits, qualifications);
    }

    private List<IdentityEntry> sources(String at, FromXml from) throws XmlDocumentException {
        if ((from.identity() == null) == (from.group() == null)) {
            throw doc.problem(at, "name exactly one of identity and group");
        }
        if (from.identity() != null) {
            IdentityEntry identity = identities.get(from.identity());
            if (identity == null) {
                throw doc.problem(at, "unknown identity [" + from.identity() + "]; identities: " + identities.keySet());
            }
            return List.of(identity);
        }
        List<IdentityEntry> members = groups.get(from.group());
        if (members == null) {
            throw doc.problem(at, "unknown group [" + from.group() + "]; groups: " + groups.keySet());
        }
        return members;
    }

    /** The protocols of the service's ports the rule can reach; a rule that reaches none is a mistake. */
    private Set<Protocol> reached(String at, Service service, Optional<Integer> port, Optional<Protocol> protocol) throws XmlDocumentException {
        if (port.isPresent() && !service.ports().containsKey(port.get())) {
            throw doc.problem(at, "service [" + service.name() + "] has no port " + port.get() + "; its ports: " + sorted(service.ports().keySet()));
        }
        Set<Protocol> reached = EnumSet.noneOf(Protocol.class);
        service.ports().forEach((number, speaks) -> {
            if (port.map(number::equals).orElse(true) && protocol.map(speaks::equals).orElse(true)) {
                reached.add(speaks);
            }
        });
        if (reached.isEmpty()) {
            throw doc.problem(at, "service [" + service.name() + "] has no " + protocol.get().documentName() + " port"
                    + port.map(p -> " " + p).orElse(""));
        }
        return reached;
    }

    private TimeWindow window(String at, WindowXml xml) throws XmlDocumentException {
        ZoneId zone;
        try {
            zone = ZoneId.of(xml.zone());
        } catch (DateTimeException e) {
            throw doc.problem(at, "unknown time zone [" + xml.zone() + "]");
        }
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (String day : xml.days().trim().split("\\s+")) {
            days.add(Arrays.stream(DayOfWeek.values()).filter(d -> d.name().startsWith(day)).findFirst().orElseThrow());
        }
        try {
            return new TimeWindow(days, LocalTime.parse(xml.from()), LocalTime.parse(xml.to()), zone);
        } catch (IllegalArgumentException e) {
            throw doc.problem(at, e.getMessage());
        }
    }

    private ConnectionLimits limits(String at, Answer answer, LimitsXml xml) throws XmlDocumentException {
        if (xml == null) {
            return ConnectionLimits.NONE;
        }
        if (answer == Answer.DENY) {
            throw doc.problem(at + "/limits[1]", "a deny rule takes no limits");
        }
        if (xml.perSource() == null && xml.perRule() == null) {
            throw doc.problem(at + "/limits[1]", "name per-source, per-rule or both");
        }
        return new ConnectionLimits(xml.perSource() == null ? 0 : xml.perSource(), xml.perRule() == null ? 0 : xml.perRule());
    }

    private Qualifications qualifications(String at, Answer answer, QualificationsXml xml, Set<Protocol> reached) throws XmlDocumentException {
        if (answer != Answer.QUALIFIED_ENABLE) {
            if (xml != null) {
                throw doc.problem(at + "/qualifications[1]", "only a qualified-enable rule takes qualifications");
            }
            return Qualifications.NONE;
        }
        if (xml == null) {
            throw doc.problem(at, "a qualified-enable rule needs its <qualifications>");
        }
        String where = at + "/qualifications[1]";
        List<CommandFilter.HttpCommand> http = new ArrayList<>();
        List<HttpXml> httpList = orEmpty(xml.http());
        for (int i = 0; i < httpList.size(); i++) {
            try {
                http.add(new CommandFilter.HttpCommand(Set.of(httpList.get(i).methods().trim().split("\\s+")),
                        PathPattern.parse(httpList.get(i).path())));
            } catch (IllegalArgumentException e) {
                throw doc.problem(where + "/http[" + (i + 1) + "]", e.getMessage());
            }
        }
        Set<String> lines = new LinkedHashSet<>();
        orEmpty(xml.lines()).forEach(l -> lines.addAll(List.of(l.commands().trim().split("\\s+"))));
        CommandFilter commands = CommandFilter.of(http, lines);
        if (!commands.isUnrestricted()) {
            fitsProtocols(where, reached, !http.isEmpty(), !lines.isEmpty());
        }
        return new Qualifications(xml.mustEncrypt(), AuditLevel.valueOf(xml.audit().toUpperCase(Locale.ROOT)), commands);
    }

    /**
     * Commands listed must cover every protocol the rule reaches, so that listing HTTP commands
     * never leaves a line port of the same rule open, and must not name a protocol it cannot reach.
     */
    private void fitsProtocols(String at, Set<Protocol> reached, boolean http, boolean line) throws XmlDocumentException {
        if (reached.contains(Protocol.TCP)) {
            throw doc.problem(at, "the rule reaches a tcp port, whose commands cannot be filtered; name the protocol in <to> or list no commands");
        }
        if (reached.contains(Protocol.HTTP) != http) {
            throw doc.problem(at, http ? "http commands, but the rule reaches no http port"
                    : "the rule reaches an http port but lists no http commands; name the protocol in <to> or list them");
        }
        if (reached.contains(Protocol.LINE) != line) {
            throw doc.problem(at, line ? "line commands, but the rule reaches no line port"
                    : "the rule reaches a line port but lists no line commands; name the protocol in <to> or list them");
        }
    }

    private static List<Integer> sorted(Set<Integer> numbers) {
        return numbers.stream().sorted().toList();
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
