/**
 * Files of the conf folder edited by hand while the element runs, or while it was stopped, become
 * commands awaiting confirmation (docs/management.md "Hand edits"): {@link
 * org.gatehouse.management.confedit.HandEditDesk} sees a file that differs from its content in
 * force and submits it as a {@code conf.edit} command; {@link
 * org.gatehouse.management.confedit.ConfEditChange} renders what it would change and, once
 * confirmed, puts the content seen in force through the path a change over the API takes.
 */
package org.gatehouse.management.confedit;
