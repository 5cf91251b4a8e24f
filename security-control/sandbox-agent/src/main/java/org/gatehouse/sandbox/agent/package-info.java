/**
 * The enforcement Java agent: instruments the JDK's and Felix's sensitive entry points so that
 * each calls the sandbox bridge first. Nothing here is an API; the jar is used only through
 * {@code -javaagent}.
 */
package org.gatehouse.sandbox.agent;
