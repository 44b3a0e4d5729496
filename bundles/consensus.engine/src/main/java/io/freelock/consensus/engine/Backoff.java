package io.freelock.consensus.engine;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * Exponential backoff with full jitter for a thread that lost a compare-and-swap: after the k-th loss in a row it
 * waits a random time in {@code [0, min(max, base * 2^(k-1))]}. The random part spreads threads that lost to the
 * same winner, so they do not collide again on the next attempt; the cap bounds the wait. Short waits spin (a park
 * costs more than they do), longer ones park. Immutable and thread-safe.
 */
final class Backoff {

    /** Below this many nanoseconds a wait spins rather than parks. */
    private static final long SPIN_LIMIT_NANOS = 2_000;

    private final long baseNanos;
    private final long maxNanos;

    Backoff(long baseNanos, long maxNanos) {
        if (baseNanos < 1 || maxNanos < baseNanos) {
            throw new IllegalArgumentException("backoff needs 1 <= base (" + baseNanos + ") <= max (" + maxNanos + ")");
        }
        this.baseNanos = baseNanos;
        this.maxNanos = maxNanos;
    }

    /** @return the longest wait after {@code losses} losses in a row */
    long ceilingNanos(int losses) {
        int doublings = Math.min(Math.max(losses - 1, 0), 62 - (63 - Long.numberOfLeadingZeros(baseNanos)));
        return Math.min(maxNanos, baseNanos << doublings);
    }

    /** Waits after the {@code losses}-th lost compare-and-swap in a row. */
    void pause(int losses) {
        long wait = ThreadLocalRandom.current().nextLong(ceilingNanos(losses) + 1);
        if (wait < SPIN_LIMIT_NANOS) {
            long end = System.nanoTime() + wait;
            while (System.nanoTime() - end < 0) {
                Thread.onSpinWait();
            }
        } else {
            LockSupport.parkNanos(wait);
        }
    }
}
