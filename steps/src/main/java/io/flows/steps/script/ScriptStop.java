package io.flows.steps.script;

/**
 * Lets another thread stop an evaluation while it runs, e.g. when its step times out or its execution is
 * cancelled: the evaluation is stopped like one over its CPU deadline, so the thread running it is free at once
 * instead of when the script gives up by itself. One per step attempt; stopping before or after the evaluation
 * is harmless.
 */
public final class ScriptStop {

    private Watchdog.Run running;
    private boolean stopped;

    public synchronized void stop() {
        stopped = true;
        if (running != null) {
            running.stop();
        }
    }

    synchronized void attach(Watchdog.Run run) {
        running = run;
        if (stopped) {
            run.stop();
        }
    }

    synchronized void detach() {
        running = null;
    }
}
