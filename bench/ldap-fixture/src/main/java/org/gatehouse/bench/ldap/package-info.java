/**
 * The directory {@code bench/run --part auth} authenticates against: {@link
 * org.gatehouse.bench.ldap.BenchDirectory} runs UnboundID's in-memory LDAP server on 127.0.0.1,
 * holding the users and nested groups of a {@link org.gatehouse.bench.ldap.DirectoryLayout}, and
 * writes its port to a file once it accepts connections. Benchmark tooling only, not part of the
 * element: no TLS, no account locking, and no use as a fixture for the element's correctness
 * (bundles/auth's own tests cover that).
 */
package org.gatehouse.bench.ldap;
