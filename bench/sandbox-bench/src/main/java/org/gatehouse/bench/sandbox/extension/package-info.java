/**
 * The code of the benchmarks' extension: tiny sensitive operations behind JDK functional
 * interfaces, so the benchmark can call them without naming a class of this package. These classes
 * are defined a second time by {@code ExtensionClassLoader}, which stands for an extension bundle's
 * class loader; the copies on the benchmark's own class path are never called.
 */
package org.gatehouse.bench.sandbox.extension;
