package io.flows.steps.script;

/**
 * Lets another thread stop an evaluation while it runs, e.g. when its step times out or its execution is
 * cancelled: the evaluation is stopped like one over its CPU deadline, so the thread running it is free at once
 * instead of when the script gives up by itself. It also ends the evaluation's wait for a sandbox context (all
 * busy) and the making of a fresh one, which on a cold engine takes seconds. One per step attempt; stopping
 * before or after the evaluation is harmless.
 */
public final class ScriptStop {

    /** What stopping does to the evaluation now: stop its run, wake its wait for a context. */
    private Runnable onStop;
    private boolean stopped;

    public void stop() {
        Runnable action;
        synchronized (this) {
            stopped = true;
            action = onStop;
        }
        // run outside the monitor: waking a wait takes the context pool's lock, whose holder may be attaching
        if (action != null) {
            action.run();
        }
    }

    synchronized boolean stopped() {
        return stopped;
    }

    void attach(Watchdog.Run run) {
        attach(run::stop);
    }

    /** {@code action} runs when the stop comes, at once when it already came. */
    void attach(Runnable action) {
        boolean now;
        synchronized (this) {
            onStop = action;
            now = stopped;
        }
        if (now) {
            action.run();
        }
    }

    synchronized void detach() {
        onStop = null;
    }
}
