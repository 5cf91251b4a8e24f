package org.gatehouse.channels.tunnel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.gatehouse.channels.tunnel.ReplayWindow.Verdict;
import org.junit.jupiter.api.Test;

class ReplayWindowTest {
    private final ReplayWindow window = new ReplayWindow(64);

    private Verdict offer(long sequence) {
        Verdict verdict = window.check(sequence);
        if (verdict == Verdict.NEW) {
            window.accept(sequence);
        }
        return verdict;
    }

    @Test
    void inOrderNumbersAreNewOnceEach() {
        for (long s = 0; s < 1000; s++) {
            assertEquals(Verdict.NEW, offer(s), "sequence " + s);
            assertEquals(Verdict.REPLAYED, offer(s), "sequence " + s + " again");
        }
    }

    @Test
    void reorderedWithinTheWindowIsAcceptedOnce() {
        assertEquals(Verdict.NEW, offer(100));
        assertEquals(Verdict.NEW, offer(40), "63 behind the highest: the window's last slot");
        assertEquals(Verdict.NEW, offer(99));
        assertEquals(Verdict.NEW, offer(37 + 26));
        assertEquals(Verdict.REPLAYED, offer(40));
        assertEquals(Verdict.REPLAYED, offer(99));
        assertEquals(Verdict.REPLAYED, offer(100));
        assertEquals(Verdict.NEW, offer(98));
    }

    @Test
    void belowTheWindowIsTooOld() {
        assertEquals(Verdict.NEW, offer(100));
        assertEquals(Verdict.TOO_OLD, offer(36), "64 behind the highest");
        assertEquals(Verdict.TOO_OLD, offer(0));
        assertEquals(Verdict.TOO_OLD, offer(-1), "a negative number is never new");
        assertEquals(Verdict.NEW, offer(37), "63 behind is still inside");
    }

    @Test
    void aJumpBeyondTheWindowForgetsWhatWasSeenButOldNumbersStayRefused() {
        assertEquals(Verdict.NEW, offer(5));
        assertEquals(Verdict.NEW, offer(5 + 64));
        assertEquals(Verdict.TOO_OLD, offer(5));
        assertEquals(Verdict.NEW, offer(5 + 64 + 1000));
        assertEquals(Verdict.TOO_OLD, offer(5 + 64));
        assertEquals(Verdict.NEW, offer(5 + 1000 + 1), "inside the window after the jump, never seen");
        assertEquals(Verdict.REPLAYED, offer(5 + 1000 + 1));
    }

    @Test
    void slotsReusedAfterTheWindowMovedAreClear() {
        for (long s = 0; s < 64; s += 2) {
            offer(s);
        }
        assertEquals(Verdict.NEW, offer(64 + 10), "its slot held 10, which was seen");
        assertEquals(Verdict.NEW, offer(64 + 1));
        assertEquals(Verdict.NEW, offer(64 + 2), "slot of 2, cleared as the window moved past it");
    }

    @Test
    void acceptingANumberThatIsNotNewIsABug() {
        offer(3);
        assertThrows(IllegalStateException.class, () -> window.accept(3));
    }

    @Test
    void windowSizesOutsideTheStepsAreRefused() {
        assertEquals("a replay window of 64 to 4096 frames in steps of 64, got 100",
                assertThrows(IllegalArgumentException.class, () -> new ReplayWindow(100)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ReplayWindow(0));
        assertEquals(Verdict.NEW, new ReplayWindow(128).check(0));
    }
}
