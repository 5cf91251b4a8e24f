/**
 * Install qualification's configuration as content in force (docs/management.md "Qualification
 * and trust"): the qualification rules, the signature database and the trusted publisher
 * certificates, read from the in-force ledger, checked before any of it is shown, and rendered as
 * the rules, hashes and publishers a change adds, removes or changes.
 */
package org.gatehouse.management.qualification;
