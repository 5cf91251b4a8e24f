package org.gatehouse.flow.engine.internal.config;

import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlElementWrapper;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlProperty;
import java.time.Duration;
import java.util.List;

/**
 * The flows document exactly as the XML has it, bound by Jackson after schema validation (so
 * defaults are filled in); {@link FlowsReader} turns it into {@link FlowsConfig}. Lists the schema
 * allows to be empty bind to null. The {@code <credentials>} children are read by
 * {@link DocumentWalk}, which keeps their order across element names.
 */
record FlowsDocument(SettingsElement settings,
                     @JacksonXmlElementWrapper(useWrapping = false)
                     @JacksonXmlProperty(localName = "authenticator") List<MethodElement> authenticators,
                     @JacksonXmlElementWrapper(useWrapping = false)
                     @JacksonXmlProperty(localName = "authorizer") List<MethodElement> authorizers,
                     @JacksonXmlElementWrapper(useWrapping = false)
                     @JacksonXmlProperty(localName = "message-type") List<MessageTypeElement> messageTypes,
                     @JacksonXmlElementWrapper(useWrapping = false)
                     @JacksonXmlProperty(localName = "flow") List<FlowElement> flows) {

    record SettingsElement(@JacksonXmlProperty(localName = "step-timeout") Duration stepTimeout,
                           @JacksonXmlProperty(localName = "step-threads") int stepThreads,
                           @JacksonXmlProperty(localName = "step-queue") int stepQueue,
                           @JacksonXmlProperty(localName = "extension-concurrency") int extensionConcurrency,
                           @JacksonXmlProperty(localName = "extension-queue") int extensionQueue,
                           @JacksonXmlProperty(localName = "quarantine-failures") int quarantineFailures,
                           @JacksonXmlProperty(localName = "quarantine-window") Duration quarantineWindow,
                           @JacksonXmlProperty(localName = "runaway-grace") Duration runawayGrace,
                           @JacksonXmlProperty(localName = "runaway-threads") int runawayThreads,
                           @JacksonXmlProperty(localName = "body-limit") int bodyLimit) {
    }

    record ParamElement(String name, String value) {
    }

    record MethodElement(String name, String bladelet, String extension,
                         @JacksonXmlElementWrapper(useWrapping = false)
                         @JacksonXmlProperty(localName = "param") List<ParamElement> params) {
    }

    record HeaderElement(String name, String regex, Boolean present) {
    }

    record MatchElement(String listener, String host, String methods,
                        @JacksonXmlProperty(localName = "path-prefix") String pathPrefix,
                        @JacksonXmlProperty(localName = "path-regex") String pathRegex,
                        String source,
                        @JacksonXmlElementWrapper(useWrapping = false)
                        @JacksonXmlProperty(localName = "header") List<HeaderElement> headers,
                        @JacksonXmlElementWrapper(useWrapping = false)
                        @JacksonXmlProperty(localName = "body-regex") List<String> bodyRegexes,
                        @JacksonXmlElementWrapper(useWrapping = false)
                        @JacksonXmlProperty(localName = "body-token") List<String> bodyTokens) {
    }

    record MessageTypeElement(String name, String flow,
                              @JacksonXmlElementWrapper(useWrapping = false)
                              @JacksonXmlProperty(localName = "match") List<MatchElement> matches) {
    }

    record StepElement(String bladelet, String extension, String name, Duration timeout,
                       @JacksonXmlElementWrapper(useWrapping = false)
                       @JacksonXmlProperty(localName = "param") List<ParamElement> params) {
    }

    record FlowElement(String name, @JacksonXmlProperty(localName = "step-timeout") Duration stepTimeout,
                       @JacksonXmlElementWrapper(useWrapping = false)
                       @JacksonXmlProperty(localName = "step") List<StepElement> steps) {
    }

    static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
