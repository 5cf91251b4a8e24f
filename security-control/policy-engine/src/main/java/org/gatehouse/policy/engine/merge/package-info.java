/** The merge of extension policies against the system policy (docs/policy-language.md "The merge"). */
package org.gatehouse.policy.engine.merge;
