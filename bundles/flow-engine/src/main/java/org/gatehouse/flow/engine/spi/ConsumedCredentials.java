package org.gatehouse.flow.engine.spi;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.gatehouse.sdk.message.Header;

/**
 * The credentials a built-in step consumed from the client's request, which the element keeps from
 * the upstream (docs/data-plane.md "Consumed credentials"). Later steps still see the request as
 * the client sent it; when the message is forwarded, the engine removes every header field equal
 * (name in any case, same value) to one listed here, every cookie of a listed name from every
 * {@code Cookie} field, and every query parameter whose decoded name is listed. A field a later
 * step set with a value of its own is kept.
 *
 * <pre>{@code
 * ConsumedCredentials consumed = ConsumedCredentials.none()
 *         .plus(ConsumedCredentials.headerFields(List.of(new Header("Authorization", "Basic YWxpY2U6cHc="))));
 * }</pre>
 *
 * @param headerFields    header fields exactly as the client sent them
 * @param cookies         cookie names
 * @param queryParameters query parameter names, decoded
 */
public record ConsumedCredentials(List<Header> headerFields, Set<String> cookies, Set<String> queryParameters) {
    private static final ConsumedCredentials NONE = new ConsumedCredentials(List.of(), Set.of(), Set.of());

    public ConsumedCredentials {
        headerFields = List.copyOf(headerFields);
        cookies = Set.copyOf(cookies);
        queryParameters = Set.copyOf(queryParameters);
    }

    /** Nothing consumed: the request is forwarded as the steps left it. */
    public static ConsumedCredentials none() {
        return NONE;
    }

    public static ConsumedCredentials headerFields(List<Header> fields) {
        return new ConsumedCredentials(fields, Set.of(), Set.of());
    }

    public static ConsumedCredentials cookie(String name) {
        return new ConsumedCredentials(List.of(), Set.of(name), Set.of());
    }

    public static ConsumedCredentials queryParameter(String name) {
        return new ConsumedCredentials(List.of(), Set.of(), Set.of(name));
    }

    public boolean isEmpty() {
        return headerFields.isEmpty() && cookies.isEmpty() && queryParameters.isEmpty();
    }

    /** Both: what this and {@code other} consumed. */
    public ConsumedCredentials plus(ConsumedCredentials other) {
        if (other.isEmpty()) {
            return this;
        }
        if (isEmpty()) {
            return other;
        }
        List<Header> fields = new ArrayList<>(headerFields);
        other.headerFields.stream().filter(f -> !fields.contains(f)).forEach(fields::add);
        Set<String> names = new LinkedHashSet<>(cookies);
        names.addAll(other.cookies);
        Set<String> parameters = new LinkedHashSet<>(queryParameters);
        parameters.addAll(other.queryParameters);
        return new ConsumedCredentials(fields, names, parameters);
    }
}
