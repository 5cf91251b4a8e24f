/**
 * Reading the qualification rules behind {@code org.gatehouse.extension.qualification.QualificationRules}:
 * {@link org.gatehouse.extension.qualification.internal.rules.RulesDocumentReader} reads an {@code
 * urn:gatehouse:qualification-rules:1} document, checked against its schema and then for what the
 * schema cannot say (a conditional enable names conditions, the other decisions none). Matching
 * an upload against the rules is {@code QualificationRules}' own. Internal to the bundle, not exported.
 */
package org.gatehouse.extension.qualification.internal.rules;
