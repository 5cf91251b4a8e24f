/**
 * One test PKI (Bouncy Castle) for every module's TLS and signature tests:
 * {@link org.gatehouse.test.support.pki.TestPki} makes certificate authorities that issue server,
 * client and plain certificates, CRLs, key and trust stores, PEM files and signed jars;
 * {@link org.gatehouse.test.support.pki.TlsFolder} writes the usual set of TLS files for a listener
 * and its clients. Test scope only: nothing here is fit for a real key.
 */
package org.gatehouse.test.support.pki;
