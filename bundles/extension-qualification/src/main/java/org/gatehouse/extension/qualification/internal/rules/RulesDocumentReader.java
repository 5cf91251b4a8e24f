package org.gatehouse.extension.qualification.internal.rules;

import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlElementWrapper;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlProperty;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.gatehouse.extension.qualification.Condition;
import org.gatehouse.extension.qualification.HashScope;
import org.gatehouse.extension.qualification.QualificationRule;
import org.gatehouse.extension.qualification.QualificationRules;
import org.gatehouse.extension.qualification.TimeWindow;
import org.gatehouse.extension.qualification.Verdict;
import org.gatehouse.policy.schemas.GatehouseSchema;
import org.gatehouse.policy.schemas.XmlDocument;
import org.gatehouse.policy.schemas.XmlDocumentException;
import org.gatehouse.policy.schemas.XmlDocumentReader;

/**
 * Reads an {@code urn:gatehouse:qualification-rules:1} document: the schema checks the form, this
 * class the one thing a schema cannot say (a conditional enable names conditions, the others none).
 */
public final class RulesDocumentReader {
    record Document(@JacksonXmlElementWrapper(useWrapping = false)
                    @JacksonXmlProperty(localName = "rule") List<Rule> rules) {}

    record Rule(String name, String answer, @JacksonXmlProperty(localName = "hash-scope") String hashScope,
                @JacksonXmlProperty(localName = "native-code") String nativeCode, Match match,
                @JacksonXmlElementWrapper(useWrapping = false)
                @JacksonXmlProperty(localName = "drop-permission") List<DropPermission> dropPermissions,
                @JacksonXmlElementWrapper(useWrapping = false)
                @JacksonXmlProperty(localName = "extra-audit") List<ExtraAudit> extraAudits,
                @JacksonXmlElementWrapper(useWrapping = false)
                @JacksonXmlProperty(localName = "time-limit") List<TimeLimit> timeLimits) {}

    record Match(@JacksonXmlElementWrapper(useWrapping = false)
                 @JacksonXmlProperty(localName = "reference-group") List<String> referenceGroups,
                 @JacksonXmlElementWrapper(useWrapping = false)
                 @JacksonXmlProperty(localName = "publisher") List<String> publishers,
                 @JacksonXmlElementWrapper(useWrapping = false)
                 @JacksonXmlProperty(localName = "uploader") List<String> uploaders,
                 @JacksonXmlElementWrapper(useWrapping = false)
                 @JacksonXmlProperty(localName = "time-window") List<Window> timeWindows) {}

    record Window(String days, String from, String to) {}

    record DropPermission(String type, String name, String note) {}

    record ExtraAudit(String note) {}

    record TimeLimit(String duration, String note) {}

    private static final XmlDocumentReader READER = XmlDocumentReader.forSchema(GatehouseSchema.QUALIFICATION_RULES);

    private RulesDocumentReader() {
    }

    public static QualificationRules read(Path file) throws XmlDocumentException {
        return toRules(READER.readDocument(file, Document.class));
    }

    public static QualificationRules parse(String source, byte[] content) throws XmlDocumentException {
        return toRules(READER.readDocument(source, content, Document.class));
    }

    private static QualificationRules toRules(XmlDocument<Document> read) throws XmlDocumentException {
        List<Rule> raw = read.model() == null ? List.of() : orEmpty(read.model().rules());
        List<QualificationRule> rules = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            try {
                rules.add(toRule(raw.get(i)));
            } catch (IllegalArgumentException e) {
                throw read.problem("/qualification-rules/rule[" + (i + 1) + "]", e.getMessage());
            }
        }
        return new QualificationRules(rules);
    }

    private static QualificationRule toRule(Rule rule) {
        Match match = rule.match() == null ? new Match(null, null, null, null) : rule.match();
        List<Condition> conditions = new ArrayList<>();
        orEmpty(rule.dropPermissions()).forEach(d -> conditions.add(Condition.dropPermission(d.type(), d.name(), d.note())));
        orEmpty(rule.extraAudits()).forEach(a -> conditions.add(Condition.extraAudit(a.note())));
        List<TimeLimit> limits = orEmpty(rule.timeLimits());
        if (limits.size() > 1) {
            throw new IllegalArgumentException("a rule has at most one time-limit, this one has " + limits.size());
        }
        limits.forEach(t -> conditions.add(Condition.timeLimit(limit(t.duration()), t.note())));
        return new QualificationRule(rule.name(), answer(rule.answer()), HashScope.valueOf(rule.hashScope().toUpperCase(Locale.ROOT)),
                orEmpty(match.referenceGroups()), orEmpty(match.publishers()), orEmpty(match.uploaders()),
                orEmpty(match.timeWindows()).stream().map(RulesDocumentReader::window).toList(), conditions,
                "allowed".equals(rule.nativeCode()));
    }

    /** The schema's {@code LimitDuration}: a count and a unit of s, m, h or d. */
    private static Duration limit(String text) {
        long count = Long.parseLong(text.substring(0, text.length() - 1));
        return switch (text.charAt(text.length() - 1)) {
            case 's' -> Duration.ofSeconds(count);
            case 'm' -> Duration.ofMinutes(count);
            case 'h' -> Duration.ofHours(count);
            case 'd' -> Duration.ofDays(count);
            default -> throw new IllegalArgumentException("time-limit duration [" + text + "] is not a count of s, m, h or d");
        };
    }

    private static Verdict answer(String answer) {
        return Verdict.valueOf(answer.toUpperCase(Locale.ROOT).replace('-', '_'));
    }

    private static TimeWindow window(Window w) {
        Set<DayOfWeek> days = Arrays.stream(w.days().trim().split("\\s+"))
                .map(RulesDocumentReader::day)
                .collect(Collectors.toSet());
        return new TimeWindow(days, LocalTime.parse(w.from()), LocalTime.parse(w.to()));
    }

    private static DayOfWeek day(String abbreviation) {
        return Arrays.stream(DayOfWeek.values())
                .filter(d -> d.name().startsWith(abbreviation))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown day [" + abbreviation + "]"));
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
