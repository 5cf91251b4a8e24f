package org.gatehouse.itest.sandbox;

/**
 * A class whose bytes the extension tries to define inside the platform's class loader through a
 * leaked {@code Lookup}; never loaded from the class path by the tests, so a second definition
 * would fail and shows whether the first one happened.
 */
public final class SmuggledClass {
    private SmuggledClass() {
    }
}
