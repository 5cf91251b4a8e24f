package org.gatehouse.extension.descriptor;

import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlElementWrapper;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlProperty;
import java.util.List;

/**
 * The descriptor exactly as the XML has it, bound by Jackson after schema validation; converted
 * to the SDK model by {@link BladeletDescriptorReader}. Lists the schema allows to be empty bind
 * to null, hence the {@code orEmpty} accessors.
 */
record DescriptorDocument(@JacksonXmlElementWrapper(useWrapping = false)
                          @JacksonXmlProperty(localName = "bladelet") List<BladeletElement> bladelets) {

    List<BladeletElement> bladeletsOrEmpty() {
        return bladelets == null ? List.of() : bladelets;
    }

    record BladeletElement(String name, String kind, @JacksonXmlProperty(localName = "class") String className,
                           String description, BodyElement body,
                           @JacksonXmlElementWrapper(useWrapping = false)
                           @JacksonXmlProperty(localName = "parameter") List<ParameterElement> parameters) {

        List<ParameterElement> parametersOrEmpty() {
            return parameters == null ? List.of() : parameters;
        }
    }

    record BodyElement(@JacksonXmlProperty(localName = "max-bytes") int maxBytes) {}

    record ParameterElement(String name, String type, String description, boolean required,
                            @JacksonXmlProperty(localName = "default") String defaultValue,
                            String pattern, String min, String max, boolean secret,
                            @JacksonXmlElementWrapper(useWrapping = false)
                            @JacksonXmlProperty(localName = "allowed-value") List<String> allowedValues) {

        List<String> allowedValuesOrEmpty() {
            return allowedValues == null ? List.of() : allowedValues;
        }
    }
}
