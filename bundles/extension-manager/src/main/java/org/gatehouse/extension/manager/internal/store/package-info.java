/** The extension store on disk: records, jars and policies, the journal, and recovery at start. */
package org.gatehouse.extension.manager.internal.store;
