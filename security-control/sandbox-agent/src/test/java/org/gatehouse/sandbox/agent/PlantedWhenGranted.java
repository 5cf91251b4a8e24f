package org.gatehouse.sandbox.agent;

/** Class bytes defined inside the platform's loader once the test grants it (the test never loads it itself). */
final class PlantedWhenGranted {
    private PlantedWhenGranted() {
    }
}
