package io.freelock.queue.internal;

/**
 * One round of waiting for another thread to finish a window of a few instructions: a producer between its claim
 * and its store, a consumer between its claim and its release. While that thread runs, a spin sees it finish
 * soonest. But with more busy threads than cores it may have been preempted inside the window, and then spinning
 * only burns the time slice it needs; so after {@link #SPINS} rounds the waiter yields the processor between looks.
 */
public final class Pause {

    /** Rounds of {@link Thread#onSpinWait()} before a waiter starts to yield. */
    public static final int SPINS = 256;

    private Pause() {
    }

    /**
     * Waits one round: a spin while {@code round} is below {@link #SPINS}, a {@link Thread#yield()} after.
     *
     * @param round 0 on a waiter's first round, then what the previous call returned
     * @return the round to pass next time
     */
    public static int next(int round) {
        if (round < SPINS) {
            Thread.onSpinWait();
            return round + 1;
        }
        Thread.yield();
        return round;
    }
}
