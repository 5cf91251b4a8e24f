package org.gatehouse.flow.engine.internal.run;

/**
 * One place in one generation of the flows document ({@code flow:orders/2}, {@code method:corp-ldap}):
 * the key of the bladelet instances built for it. Re-resolving the same document after an
 * extension starts keeps the keys, so instances survive; a new document retires them all.
 */
public record PlaceKey(long generation, String place) {
}
