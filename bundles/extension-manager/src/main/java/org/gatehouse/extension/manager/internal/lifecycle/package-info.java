/** The lifecycle of extensions: inspection of uploads, the framework side, the manager service, its component and the start check. */
package org.gatehouse.extension.manager.internal.lifecycle;
