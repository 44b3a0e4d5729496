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
    /** The longest pause between two checks of a condition. */
    private static final long MAX_PAUSE_MILLIS = 10;

    private Await() {
    }

    /**
     * @param what what the test waits for, for the failure message
     * @throws AssertionError if {@code condition} does not hold within {@value #DEADLINE_SECONDS} s
     */
    public static void until(String what, BooleanSupplier condition) {
        until(what, DEADLINE_SECONDS, condition);
    }

    /**
     * As {@link #until(String, BooleanSupplier)}, with a deadline of its own: for a wait on another process, which
     * starts a JVM of its own first.
     *
     * @throws AssertionError if {@code condition} does not hold within {@code seconds}
     */
    public static void until(String what, long seconds, BooleanSupplier condition) {
        long start = System.nanoTime();
        long deadline = start + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("gave up after " + seconds + " s waiting for " + what);
            }
            backOff(start, what);
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
        long start = System.nanoTime();
        long deadline = start + TimeUnit.SECONDS.toNanos(DEADLINE_SECONDS);
        while (true) {
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
                backOff(start, what);
            }
        }
    }

    /** As {@link #result(String, Supplier, Predicate)}, retrying while {@code attempt} throws any of {@code notYet}. */
    @SafeVarargs
    public static <T> T result(String what, Supplier<T> attempt, Class<? extends RuntimeException>... notYet) {
        return result(what, attempt, failure -> Arrays.stream(notYet).anyMatch(c -> c.isInstance(failure)));
    }

    /**
     * Spins for the first millisecond of a wait, so that a condition about to hold is seen at once; then sleeps
     * between checks, longer the longer the wait (up to {@value #MAX_PAUSE_MILLIS} ms), so that a check that costs a
     * request or a scan (a page of the container's web server, say) is not made thousands of times a second.
     */
    private static void backOff(long start, String what) {
        long waited = System.nanoTime() - start;
        if (waited < TimeUnit.MILLISECONDS.toNanos(1)) {
            Thread.onSpinWait();
            return;
        }
        try {
            // back-off between checks, not a wait for the condition
            Thread.sleep(Math.min(MAX_PAUSE_MILLIS, 1 + TimeUnit.NANOSECONDS.toMillis(waited) / 100));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting for " + what, e);
        }
    }
}
