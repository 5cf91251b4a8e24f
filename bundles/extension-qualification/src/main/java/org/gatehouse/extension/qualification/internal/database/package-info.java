/**
 * Storage of the signature database behind {@code org.gatehouse.extension.qualification.SignatureDatabase}:
 * {@link org.gatehouse.extension.qualification.internal.database.SignatureDatabaseDocument} reads and writes
 * the {@code urn:gatehouse:signature-database:1} document, and {@link
 * org.gatehouse.extension.qualification.internal.database.AtomicFileReplacement} replaces the file so that a
 * crash leaves either the old or the new content. Internal to the bundle, not exported.
 */
package org.gatehouse.extension.qualification.internal.database;
