/** Reading the system policy and extension policies from their XML documents. */
package org.gatehouse.policy.engine.xml;
