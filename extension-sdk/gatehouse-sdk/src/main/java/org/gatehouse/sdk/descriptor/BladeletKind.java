package org.gatehouse.sdk.descriptor;

import java.util.Arrays;
import java.util.stream.Collectors;
import org.gatehouse.sdk.auth.Authenticator;
import org.gatehouse.sdk.auth.Authorizer;
import org.gatehouse.sdk.bladelet.Bladelet;

/** The three kinds of bladelet (docs/extensions.md "What an extension is"), each with the interface its class must implement. */
public enum BladeletKind {
    /** A flow step: {@link Bladelet}. */
    STEP("step", Bladelet.class),
    /** An authentication method: {@link Authenticator}. */
    AUTHENTICATOR("authenticator", Authenticator.class),
    /** An authorization method: {@link Authorizer}. */
    AUTHORIZER("authorizer", Authorizer.class);

    private final String xmlName;
    private final Class<?> contract;

    BladeletKind(String xmlName, Class<?> contract) {
        this.xmlName = xmlName;
        this.contract = contract;
    }

    /** The name used in the descriptor's {@code kind} attribute. */
    public String xmlName() {
        return xmlName;
    }

    /** The interface a bladelet of this kind implements. */
    public Class<?> contract() {
        return contract;
    }

    /** The kind of that descriptor name. */
    public static BladeletKind fromXmlName(String name) {
        for (BladeletKind kind : values()) {
            if (kind.xmlName.equals(name)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("bladelet kind '" + name + "' is not one of "
                + Arrays.stream(values()).map(BladeletKind::xmlName).collect(Collectors.toList()));
    }
}
