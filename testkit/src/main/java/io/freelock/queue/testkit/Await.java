package io.freelock.queue.testkit;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Waits in tests for a condition with a deadline, never for a fixed time: the condition is polled, with a
 * short back-off, until it holds or the deadline passes, and then the test fails saying what it waited for.
 */
public final class Await {

    /** How long a condition may take before the test gives up; a deadline, never a measured time. */
    public static final long DEADLINE_SECONDS = 30;

    private Await() {
    }

    /**
     * @param what what the test waits for, for the failure message
     * @throws AssertionError if {@code condition} does not hold within {@value #DEADLINE_SECONDS} s
     */
    public static void until(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEADLINE_SECONDS);
        for (int round = 0; !condition.getAsBoolean(); round++) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("gave up after " + DEADLINE_SECONDS + " s waiting for " + what);
            }
            if (round < 1_000) {
                Thread.onSpinWait();
            } else {
                try {
                    Thread.sleep(1); // back-off between checks, not a wait for the condition
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted waiting for " + what, e);
                }
            }
        }
    }
}
