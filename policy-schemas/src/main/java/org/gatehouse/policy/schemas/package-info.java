/**
 * The XML schemas of every document Gatehouse reads, and the one reader that validates a
 * document against its schema before binding it to an immutable model.
 *
 * <pre>{@code
 * ElementConfig config = XmlDocumentReader.forSchema(GatehouseSchema.ELEMENT)
 *         .read(Path.of("conf/element.xml"), ElementConfig.class);
 * }</pre>
 */
@Export
@Version("1.3.0")
package org.gatehouse.policy.schemas;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
