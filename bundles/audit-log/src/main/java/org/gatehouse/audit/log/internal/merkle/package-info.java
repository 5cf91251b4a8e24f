/**
 * The Merkle tree of the audit log as RFC 9162 (Certificate Transparency 2.0) section 2.1 defines
 * it, over SHA-256: {@link org.gatehouse.audit.log.internal.merkle.TreeHashes} (leaf and node
 * hashes), {@link org.gatehouse.audit.log.internal.merkle.MerkleTree} (tree heads, inclusion and
 * consistency proofs) and {@link org.gatehouse.audit.log.internal.merkle.ProofVerification} (the
 * RFC's verification of both). Written here because no maintained library of the build's
 * repositories offers it. Internal to the bundle, not exported; callers use the proof records of
 * {@code org.gatehouse.audit.log}.
 */
package org.gatehouse.audit.log.internal.merkle;
