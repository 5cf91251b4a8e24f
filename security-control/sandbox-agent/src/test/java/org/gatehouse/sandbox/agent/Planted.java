package org.gatehouse.sandbox.agent;

/** Class bytes an extension tries to define inside the platform's loader (the test never loads it itself). */
final class Planted {
    private Planted() {
    }
}
