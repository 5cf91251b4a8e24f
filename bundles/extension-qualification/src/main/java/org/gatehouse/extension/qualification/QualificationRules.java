package org.gatehouse.extension.qualification;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.gatehouse.extension.qualification.internal.rules.RulesDocumentReader;
import org.gatehouse.policy.schemas.XmlDocumentException;

/**
 * The ordered qualification rules of an element, read from an
 * {@code urn:gatehouse:qualification-rules:1} document. The first rule that matches answers;
 * when none matches the file is denied.
 *
 * <pre>{@code
 * QualificationRules rules = QualificationRules.read(Path.of("conf/qualification-rules.xml"));
 * }</pre>
 */
public final class QualificationRules {
    /** No rules at all: every file is denied with "no qualification rule matched". */
    public static final QualificationRules NONE = new QualificationRules(List.of());

    private final List<QualificationRule> rules;

    /** Rules in evaluation order; names must be unique. */
    public QualificationRules(List<QualificationRule> rules) {
        this.rules = List.copyOf(rules);
        long distinct = this.rules.stream().map(QualificationRule::name).distinct().count();
        if (distinct != this.rules.size()) {
            throw new IllegalArgumentException("rule names must be unique: " + this.rules.stream().map(QualificationRule::name).toList());
        }
    }

    /** Reads and validates a rules document; errors name the file, line:column and element path. */
    public static QualificationRules read(Path file) throws XmlDocumentException {
        return RulesDocumentReader.read(file);
    }

    /** Reads and validates a rules document held in memory, naming it {@code source} in errors. */
    public static QualificationRules parse(String source, byte[] content) throws XmlDocumentException {
        return RulesDocumentReader.parse(source, content);
    }

    /** The rules in evaluation order. */
    public List<QualificationRule> rules() {
        return rules;
    }

    /** The first rule that matches, if any. */
    public Optional<QualificationRule> firstMatch(QualificationRule.Candidate candidate) {
        return rules.stream().filter(r -> r.matches(candidate)).findFirst();
    }
}
