package io.freelock.queue.internal;

/**
 * One round of waiting for another thread to finish a window of a few instructions: a producer between its claim
 * and its store, a consumer between its claim and its release. While that thread runs, re-reading at once sees it
 * finish soonest. But with more busy threads than cores it may have been preempted inside the window, and then
 * spinning only burns the time slice it needs; so after {@link #SPINS} rounds the waiter yields the processor
 * between looks.
 *
 * <p>The spin is a plain busy loop, without {@link Thread#onSpinWait()}: on current x86 cores its pause instruction
 * stalls for over a hundred cycles, longer than the window waited for, and the waiter then sees the other thread's
 * store late on every element. Measured on the Vyukov ring, two producers and one consumer on two cores, 5 forks
 * in one run: 17.1 and 17.9 elements/us with {@code onSpinWait}, 25.7 and 28.0 without, JCTools'
 * {@code MpmcArrayQueue} (which also spins without it) 22.1 and 23.4.
 */
public final class Pause {

    /** Busy rounds before a waiter starts to yield: some microseconds, far beyond a window whose owner runs. */
    public static final int SPINS = 4096;

    private Pause() {
    }

    /**
     * Waits one round: returns at once (the caller's re-read is the spin) while {@code round} is below
     * {@link #SPINS}, and yields with {@link Thread#yield()} after.
     *
     * @param round 0 on a waiter's first round, then what the previous call returned
     * @return the round to pass next time
     */
    public static int next(int round) {
        if (round < SPINS) {
            return round + 1;
        }
        Thread.yield();
        return round;
    }
}
