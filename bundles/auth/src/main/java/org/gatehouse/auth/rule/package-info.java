/**
 * The {@code rule} authorizer and its rule language (grammar in the module README, "The rule
 * language"): {@link org.gatehouse.auth.rule.RuleAuthorizer} permits when its expression holds.
 * {@link org.gatehouse.auth.rule.Rule#parse(String)} parses and type-checks a rule once, when the
 * flow loads, into a typed tree that is evaluated per message against a
 * {@link org.gatehouse.auth.rule.RuleInput} without look-ups by name; mistakes are
 * {@link org.gatehouse.auth.rule.RuleSyntaxException}s naming the column. Internal to the bundle,
 * not exported.
 */
package org.gatehouse.auth.rule;
