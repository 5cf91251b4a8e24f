/**
 * Commands (docs/management.md "Commands", "The command journal"): every change the API makes is
 * a {@link org.gatehouse.management.command.Command} with one canonical form, run one at a time by
 * the {@link org.gatehouse.management.command.CommandBook}, and each of its states is forced to
 * disk in the append-only {@link org.gatehouse.management.command.CommandJournal} before the next
 * step. At open, a command left in progress is recorded done or aborted from what the stores it
 * changes hold, or stays in progress until they can tell. Internal to the bundle, not exported.
 */
package org.gatehouse.management.command;
