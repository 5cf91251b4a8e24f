/** The lifecycle of extensions: inspection of uploads, the framework side, the manager service and its activator. */
package org.gatehouse.extensions.internal.lifecycle;
