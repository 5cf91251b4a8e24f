package org.gatehouse.flow.engine.internal.run;

/**
 * Whether a message's client is still there, as the data plane tells it
 * ({@link org.gatehouse.dataplane.spi.RequestHead#onClientGone}), and what to withdraw when it
 * goes: the message's place in an extension's queue. A message whose client has gone starts no
 * further step; a step already running is not interrupted (its answer is simply dropped).
 */
public final class ClientPresence {
    private boolean gone;
    private Runnable withdraw;

    /** The client went away: whatever waits on its behalf is withdrawn. May run on any thread. */
    public void leave() {
        Runnable action;
        synchronized (this) {
            gone = true;
            action = withdraw;
            withdraw = null;
        }
        if (action != null) {
            action.run();
        }
    }

    public synchronized boolean gone() {
        return gone;
    }

    /** Runs {@code action} if the client goes while the message waits; false (and nothing kept) when it has gone already. */
    synchronized boolean whileWaiting(Runnable action) {
        if (gone) {
            return false;
        }
        withdraw = action;
        return true;
    }

    synchronized void doneWaiting() {
        withdraw = null;
    }
}
