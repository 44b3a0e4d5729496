package io.freelock.queue.testkit;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import io.freelock.queue.ConcurrentQueue;

/**
 * A producer held between claiming its place and writing its element: on a thread of its own it fills one element
 * from a supplier that is called once the place is claimed and returns only when the test lets it go, so that a
 * test can check what other calls do at a claimed, unwritten position (wait for it, skip it, count it).
 *
 * <pre>{@code
 * StalledProducer<String> slow = StalledProducer.start(queue, "slow", () -> false);
 * try {
 *     slow.awaitClaimed();
 *     ... calls on the queue while the place is claimed ...
 * } finally {
 *     slow.release();
 * }
 * assertEquals(1, slow.finish()); // what its fill returned
 * }</pre>
 *
 * @param <E> the element type
 */
public final class StalledProducer<E> {

    private final CountDownLatch claimed = new CountDownLatch(1);
    private final AtomicBoolean released = new AtomicBoolean();
    private final AtomicReference<Object> outcome = new AtomicReference<>();
    /** Set if the hold ended at the deadline, neither released nor let go by its condition: {@link #finish()} fails. */
    private final AtomicBoolean heldToDeadline = new AtomicBoolean();
    private final Thread thread;

    private StalledProducer(ConcurrentQueue<E> queue, E element, BooleanSupplier goOn) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Await.DEADLINE_SECONDS);
        thread = new Thread(() -> {
            try {
                outcome.set(queue.fill(() -> {
                    claimed.countDown();
                    // held until released, until goOn holds, or until the deadline (then finish() fails the test)
                    while (!released.get() && !goOn.getAsBoolean()) {
                        if (System.nanoTime() - deadline >= 0) {
                            heldToDeadline.set(true);
                            break;
                        }
                        Thread.yield(); // two cores: leave one to the thread the test watches
                    }
                    return element;
                }, 1));
            } catch (Throwable t) {
                outcome.set(t);
            }
        }, "stalled-producer");
    }

    /**
     * Starts a producer that fills {@code element} into {@code queue} and, once its place is claimed, holds it until
     * {@link #release()} or until {@code goOn} holds (checked over and over while held; for example, "the test thread
     * is seen waiting inside poll"), whichever comes first.
     */
    public static <E> StalledProducer<E> start(ConcurrentQueue<E> queue, E element, BooleanSupplier goOn) {
        StalledProducer<E> producer = new StalledProducer<>(queue, element, goOn);
        producer.thread.start();
        return producer;
    }

    /**
     * A {@code goOn} condition for {@link #start}: the producer goes on once the test has seen a thread reach the
     * code that should wait for it, so that releasing it earlier cannot let a test pass without that wait.
     *
     * @return a condition that holds while {@code thread} runs code of the class named {@code className}: in its
     *         method {@code method}, or in any of its methods if {@code method} is null
     */
    public static BooleanSupplier whenRunning(Thread thread, String className, String method) {
        return () -> {
            for (StackTraceElement frame : thread.getStackTrace()) {
                boolean inMethod = method == null || frame.getMethodName().equals(method);
                if (inMethod && frame.getClassName().equals(className)) {
                    return true;
                }
            }
            return false;
        };
    }

    /**
     * Returns once the supplier has been called: the producer's place is claimed and its element not yet written.
     *
     * @throws AssertionError if that does not happen within {@value Await#DEADLINE_SECONDS} s
     */
    public void awaitClaimed() throws InterruptedException {
        if (!claimed.await(Await.DEADLINE_SECONDS, TimeUnit.SECONDS)) {
            throw new AssertionError("the stalled producer's supplier was not called within "
                    + Await.DEADLINE_SECONDS + " s");
        }
    }

    /** Lets the producer write its element and return; calling it again does nothing. */
    public void release() {
        released.set(true);
    }

    /**
     * Releases the producer and waits for its fill to return.
     *
     * @return what the fill returned (an {@link Integer}) or threw
     * @throws AssertionError if the producer is still running after {@value Await#DEADLINE_SECONDS} s, or if its
     *         hold ended at the deadline: its condition to go on never held, so the test did not see what it waited
     *         for (a condition that names code the test thread never runs, for example)
     */
    public Object finish() throws InterruptedException {
        release();
        thread.join(TimeUnit.SECONDS.toMillis(Await.DEADLINE_SECONDS));
        if (thread.isAlive()) {
            throw new AssertionError("the stalled producer's fill did not return within "
                    + Await.DEADLINE_SECONDS + " s of its release");
        }
        if (heldToDeadline.get()) {
            throw new AssertionError("the stalled producer was held until its " + Await.DEADLINE_SECONDS
                    + " s deadline: it was not released and its condition to go on never held");
        }
        return outcome.get();
    }
}
