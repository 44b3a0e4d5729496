package io.freelock.queue.testkit;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Waits in tests for a condition or a result with a deadline, never for a fixed time: the condition is polled (the
 * call retried), with a short back-off, until it holds or the deadline passes, and then the test fails saying what
 * it waited for.
 */
public final class Await {

    /** How long a condition may take before the test gives up; a deadline, never a measured time. */
    public static final long DEADLINE_SECONDS = 60;

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
            backOff(round, what);
        }
    }

    /**
     * Calls {@code attempt} until it returns, as long as what it throws is a "not yet" ({@code notYet} says which
     * failures are), failing the test after {@value #DEADLINE_SECONDS} s with the last refusal; any other failure
     * ends the wait at once.
     *
     * @param what what the test waits for, for the failure message
     * @return what {@code attempt} returned
     */
    public static <T> T result(String what, Supplier<T> attempt, Predicate<? super RuntimeException> notYet) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEADLINE_SECONDS);
        for (int round = 0; ; round++) {
            try {
                return attempt.get();
            } catch (RuntimeException failure) {
                if (!notYet.test(failure)) {
                    throw failure;
                }
                if (System.nanoTime() - deadline > 0) {
                    throw new AssertionError("gave up after " + DEADLINE_SECONDS + " s waiting for " + what
                            + "; last: " + failure.getMessage(), failure);
                }
                backOff(round, what);
            }
        }
    }

    /** As {@link #result(String, Supplier, Predicate)}, retrying while {@code attempt} throws any of {@code notYet}. */
    @SafeVarargs
    public static <T> T result(String what, Supplier<T> attempt, Class<? extends RuntimeException>... notYet) {
        return result(what, attempt, failure -> Arrays.stream(notYet).anyMatch(c -> c.isInstance(failure)));
    }

    private static void backOff(int round, String what) {
        if (round < 1_000) {
            Thread.onSpinWait();
            return;
        }
        try {
            Thread.sleep(1); // back-off between checks, not a wait for the condition
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting for " + what, e);
        }
    }
}
