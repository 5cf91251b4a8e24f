/** Policy snapshots, decisions and the engine that swaps snapshots atomically (docs/policy-language.md "Decisions", "Runtime swap"). */
package org.gatehouse.policy.engine.decision;
