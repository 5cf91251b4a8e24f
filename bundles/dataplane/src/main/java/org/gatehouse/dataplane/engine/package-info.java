/** Running a configuration: binding, live reconfiguration, file watching, the DS component. */
package org.gatehouse.dataplane.engine;
