package org.gatehouse.flow.engine.internal.config;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.gatehouse.flow.engine.api.FlowConfigurationException;
import org.gatehouse.flow.engine.spi.CredentialLocation;
import org.gatehouse.flow.engine.internal.config.FlowsConfig.FlowDefinition;
import org.gatehouse.flow.engine.internal.config.FlowsConfig.HeaderCondition;
import org.gatehouse.flow.engine.internal.config.FlowsConfig.MatchDefinition;
import org.gatehouse.flow.engine.internal.config.FlowsConfig.MessageTypeDefinition;
import org.gatehouse.flow.engine.internal.config.FlowsConfig.MethodDefinition;
import org.gatehouse.flow.engine.internal.config.FlowsConfig.Settings;
import org.gatehouse.flow.engine.internal.config.FlowsConfig.StepDefinition;
import org.gatehouse.flow.engine.internal.config.FlowsDocument.FlowElement;
import org.gatehouse.flow.engine.internal.config.FlowsDocument.MatchElement;
import org.gatehouse.flow.engine.internal.config.FlowsDocument.MessageTypeElement;
import org.gatehouse.flow.engine.internal.config.FlowsDocument.MethodElement;
import org.gatehouse.flow.engine.internal.config.FlowsDocument.ParamElement;
import org.gatehouse.flow.engine.internal.config.FlowsDocument.SettingsElement;
import org.gatehouse.flow.engine.internal.config.FlowsDocument.StepElement;
import org.gatehouse.policy.schemas.GatehouseSchema;
import org.gatehouse.policy.schemas.XmlDocumentException;
import org.gatehouse.policy.schemas.XmlDocumentReader;
import org.gatehouse.sdk.descriptor.BladeletKind;

/**
 * Reads a flows document: the schema ({@link GatehouseSchema#FLOWS}) checks its shape and fills
 * defaults; then the checks the schema cannot make (regular expressions compile, addresses
 * parse, a parameter is given once, a header condition is not both absent and matched) report
 * {@code flows.xml [line:col] /flows/...: reason}. What the document names outside itself
 * (bladelets, extensions) is checked later, against what is installed. Thread-safe.
 */
public final class FlowsReader {
    private static final byte[] SETTINGS_ONLY = "<flows xmlns=\"urn:gatehouse:flows:1\"><settings/></flows>"
            .getBytes(StandardCharsets.UTF_8);

    private final XmlDocumentReader xml = XmlDocumentReader.forSchema(GatehouseSchema.FLOWS);
    private final Settings defaults;

    public FlowsReader() {
        try {
            // the schema is the one place defaults are written down
            defaults = settings(xml.read("defaults", SETTINGS_ONLY, FlowsDocument.class).settings());
        } catch (XmlDocumentException e) {
            throw new IllegalStateException("flows schema rejects an empty <settings/>: " + e.getMessage(), e);
        }
    }

    /** The settings of a document that has no {@code <settings>}, or of no document at all. */
    public Settings defaultSettings() {
        return defaults;
    }

    /**
     * Reads and checks a document.
     *
     * @throws XmlDocumentException when it is malformed or the schema rejects it
     * @throws FlowConfigurationException listing every other problem, each with its position
     */
    public FlowsConfig read(String source, byte[] content) throws XmlDocumentException, FlowConfigurationException {
        FlowsDocument doc = xml.read(source, content, FlowsDocument.class);
        DocumentWalk walk = DocumentWalk.of(content);
        List<String> errors = new ArrayList<>();
        Conversion conversion = new Conversion(source, walk, errors);
        List<MethodDefinition> methods = new ArrayList<>();
        conversion.methods(FlowsDocument.orEmpty(doc.authenticators()), BladeletKind.AUTHENTICATOR, methods);
        conversion.methods(FlowsDocument.orEmpty(doc.authorizers()), BladeletKind.AUTHORIZER, methods);
        List<MessageTypeDefinition> types = conversion.messageTypes(FlowsDocument.orEmpty(doc.messageTypes()));
        List<FlowDefinition> flows = conversion.flows(FlowsDocument.orEmpty(doc.flows()));
        if (!errors.isEmpty()) {
            throw new FlowConfigurationException(source, errors);
        }
        Settings settings = doc.settings() == null ? defaults : settings(doc.settings());
        return new FlowsConfig(source, new String(content, StandardCharsets.UTF_8), settings, methods, types, flows);
    }

    private static Settings settings(SettingsElement s) {
        return new Settings(s.stepTimeout(), s.stepThreads(), s.stepQueue(), s.extensionConcurrency(), s.extensionQueue(),
                s.quarantineFailures(), s.quarantineWindow(), s.runawayGrace(), s.runawayThreads(), s.bodyLimit());
    }

    /** One document's conversion to the model, collecting every problem on the way. */
    private static final class Conversion {
        private final String source;
        private final DocumentWalk walk;
        private final List<String> errors;

        Conversion(String source, DocumentWalk walk, List<String> errors) {
            this.source = source;
            this.walk = walk;
            this.errors = errors;
        }

        void methods(List<MethodElement> elements, BladeletKind kind, List<MethodDefinition> into) {
            for (int i = 0; i < elements.size(); i++) {
                MethodElement m = elements.get(i);
                String path = "/flows/" + kind.xmlName() + "[" + (i + 1) + "]";
                into.add(new MethodDefinition(m.name(), kind, m.bladelet(), Optional.ofNullable(m.extension()),
                        params(m.params(), path), walk.position(path)));
            }
        }

        List<MessageTypeDefinition> messageTypes(List<MessageTypeElement> elements) {
            List<MessageTypeDefinition> types = new ArrayList<>();
            for (int i = 0; i < elements.size(); i++) {
                MessageTypeElement t = elements.get(i);
                String path = "/flows/message-type[" + (i + 1) + "]";
                List<MatchDefinition> matches = new ArrayList<>();
                List<MatchElement> matchElements = FlowsDocument.orEmpty(t.matches());
                for (int j = 0; j < matchElements.size(); j++) {
                    matches.add(match(matchElements.get(j), path + "/match[" + (j + 1) + "]"));
                }
                List<CredentialLocation> credentials = walk.credentials(path);
                checkCredentials(credentials, path);
                types.add(new MessageTypeDefinition(t.name(), t.flow(), matches, credentials, walk.position(path)));
            }
            return types;
        }

        private void checkCredentials(List<CredentialLocation> credentials, String typePath) {
            Map<String, Integer> seen = new HashMap<>();
            for (CredentialLocation location : credentials) {
                int index = seen.merge(location.kind(), 1, Integer::sum);
                if ("header".equals(location.attribute("source")) && location.attribute("header") == null) {
                    error(typePath + "/credentials[1]/" + location.kind() + "[" + index + "]",
                            "source=\"header\" needs the header attribute naming the header");
                }
            }
        }

        private MatchDefinition match(MatchElement m, String path) {
            // an element with no attributes and no children may bind to null
            MatchElement e = m == null ? new MatchElement(null, null, null, null, null, null, null, null, null) : m;
            List<HeaderCondition> headers = new ArrayList<>();
            List<FlowsDocument.HeaderElement> headerElements = FlowsDocument.orEmpty(e.headers());
            for (int k = 0; k < headerElements.size(); k++) {
                headers.add(header(headerElements.get(k), path + "/header[" + (k + 1) + "]"));
            }
            checkRegex(e.pathRegex(), path, "path-regex");
            List<String> bodyRegexes = FlowsDocument.orEmpty(e.bodyRegexes());
            for (int k = 0; k < bodyRegexes.size(); k++) {
                checkRegex(bodyRegexes.get(k), path + "/body-regex[" + (k + 1) + "]", "body-regex");
            }
            List<String> sources = words(e.source());
            for (String s : sources) {
                try {
                    AddressBlock.parse(s);
                } catch (IllegalArgumentException ex) {
                    error(path, "source " + ex.getMessage());
                }
            }
            return new MatchDefinition(words(e.listener()), words(e.host()), words(e.methods()),
                    Optional.ofNullable(e.pathPrefix()), Optional.ofNullable(e.pathRegex()), sources, headers, bodyRegexes,
                    FlowsDocument.orEmpty(e.bodyTokens()), walk.position(path));
        }

        private HeaderCondition header(FlowsDocument.HeaderElement h, String path) {
            boolean present = h.present() == null || h.present();
            if (!present && h.regex() != null) {
                error(path, "header '" + h.name() + "' cannot be both absent (present=\"false\") and match regex '" + h.regex() + "'");
            }
            checkRegex(h.regex(), path, "regex");
            return new HeaderCondition(h.name(), Optional.ofNullable(h.regex()), present);
        }

        List<FlowDefinition> flows(List<FlowElement> elements) {
            List<FlowDefinition> flows = new ArrayList<>();
            for (int i = 0; i < elements.size(); i++) {
                FlowElement f = elements.get(i);
                String path = "/flows/flow[" + (i + 1) + "]";
                List<StepDefinition> steps = new ArrayList<>();
                List<StepElement> stepElements = FlowsDocument.orEmpty(f.steps());
                for (int j = 0; j < stepElements.size(); j++) {
                    StepElement s = stepElements.get(j);
                    String stepPath = path + "/step[" + (j + 1) + "]";
                    String name = s.name() != null ? s.name() : f.name() + "/" + (j + 1);
                    if (steps.stream().anyMatch(earlier -> earlier.name().equals(name))) {
                        error(stepPath, "step name '" + name + "' is used twice in flow '" + f.name() + "'");
                    }
                    steps.add(new StepDefinition(name, s.bladelet(), Optional.ofNullable(s.extension()),
                            Optional.ofNullable(s.timeout()), params(s.params(), stepPath), walk.position(stepPath)));
                }
                flows.add(new FlowDefinition(f.name(), Optional.ofNullable(f.stepTimeout()), steps, walk.position(path)));
            }
            return flows;
        }

        private Map<String, String> params(List<ParamElement> params, String path) {
            Map<String, String> values = new LinkedHashMap<>();
            List<ParamElement> list = FlowsDocument.orEmpty(params);
            for (int i = 0; i < list.size(); i++) {
                ParamElement p = list.get(i);
                if (values.putIfAbsent(p.name(), p.value() == null ? "" : p.value()) != null) {
                    error(path + "/param[" + (i + 1) + "]", "parameter '" + p.name() + "' is given twice");
                }
            }
            return values;
        }

        private void checkRegex(String regex, String path, String what) {
            if (regex == null) {
                return;
            }
            try {
                Pattern.compile(regex);
            } catch (PatternSyntaxException e) {
                error(path, what + " '" + regex + "' is not a regular expression: " + e.getDescription() + " at index " + e.getIndex());
            }
        }

        private void error(String path, String reason) {
            errors.add(walk.position(path).describe(source, reason));
        }

        private static List<String> words(String text) {
            return text == null || text.isBlank() ? List.of() : Arrays.asList(text.trim().split("\\s+"));
        }
    }
}
