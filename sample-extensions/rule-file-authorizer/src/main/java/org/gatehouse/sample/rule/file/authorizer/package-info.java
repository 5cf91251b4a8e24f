/**
 * The rule-file-authorizer sample: {@link org.gatehouse.sample.rule.file.authorizer.RuleFileAuthorizer}, an
 * authorizer that permits or denies identities HTTP methods on path patterns from a rules file of
 * the extension's data folder. Private to the bundle: nothing here is exported.
 */
package org.gatehouse.sample.rule.file.authorizer;
