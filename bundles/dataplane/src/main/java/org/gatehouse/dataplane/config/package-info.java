/**
 * The immutable model of {@code conf/element.xml}, bound by the schema reader, plus the checks
 * the schema cannot express. Private to this bundle.
 */
package org.gatehouse.dataplane.config;
