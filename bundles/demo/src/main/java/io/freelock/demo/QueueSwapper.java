package io.freelock.demo;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

import io.freelock.queue.ManagedQueue;
import io.freelock.queue.QueueManager;
import io.freelock.queue.QueueSpec;

/**
 * Moves one managed queue from driver to driver while it is in use, the two ways a running system does: an
 * operator's swap ({@link QueueManager#swap}) to the driver after the current one in its list, so that the queue
 * visits them all, and the bundle of the driver the queue is on stopped and, half an interval later, started again.
 * The two ways alternate. Each swap is one line, and so is each swap the manager refuses, with its reason: a refusal
 * is part of the show, not a failure.
 *
 * <p>Every bundle it stopped it starts again before {@link #close} returns. An operator's swap pins the queue to a
 * driver; {@link #restoreSpec} gives the queue back the spec it had, so that the manager chooses its driver again.
 */
final class QueueSwapper implements AutoCloseable {

    /** Finds the bundle that registers a driver; in the demo, the framework's bundles, in tests a fake. */
    interface DriverBundles {
        /** @return the bundle that registers the live driver called {@code driver}, or null if none is live */
        DriverBundle bundleOf(String driver);
    }

    /** A bundle that registers a queue driver. */
    interface DriverBundle {
        /** @return its symbolic name */
        String name();

        void stop() throws Exception;

        void start() throws Exception;
    }

    /** How long the queue may take to move after a bundle stopped or started before the swapper says it did not. */
    private static final long SETTLE_NANOS = TimeUnit.SECONDS.toNanos(2);

    private final QueueManager manager;
    private final ManagedQueue<?> queue;
    private final QueueSpec found;
    private final List<String> drivers;
    private final DriverBundles bundles;
    private final Consumer<String> out;
    private final CountDownLatch closing = new CountDownLatch(1);

    // Used by one thread at a time: the swapper's thread, then (after joining it) the one that closes.
    private Thread thread;
    private boolean byOperator = true;
    private DriverBundle stopped;
    private int attempts;
    private volatile long swaps;
    private volatile long refused;

    /**
     * @param drivers the drivers operator swaps cycle through, in this order
     * @param out told one line per swap or refusal
     */
    QueueSwapper(QueueManager manager, ManagedQueue<?> queue, List<String> drivers, DriverBundles bundles,
            Consumer<String> out) {
        this.manager = Objects.requireNonNull(manager, "manager");
        this.queue = Objects.requireNonNull(queue, "queue");
        this.found = queue.spec();
        this.drivers = List.copyOf(drivers);
        this.bundles = Objects.requireNonNull(bundles, "bundles");
        this.out = Objects.requireNonNull(out, "out");
    }

    /**
     * Swaps on a thread of its own until {@link #close}: the first swap half an interval from now, then one every
     * interval, and a bundle it stopped is started again half an interval after it stopped.
     */
    void start(long intervalMillis) {
        if (intervalMillis <= 0) {
            throw new IllegalArgumentException("swap interval must be positive, not " + intervalMillis);
        }
        long half = TimeUnit.MILLISECONDS.toNanos(intervalMillis) / 2;
        thread = new Thread(() -> swapEvery(half), "demo-swapper-" + queue.name());
        thread.start();
    }

    private void swapEvery(long half) {
        long next = System.nanoTime();
        try {
            for (long tick = 1; ; tick++) {
                next += half;
                long wait = next - System.nanoTime();
                if (wait < 0) { // the last step took longer than the pause after it: keep the pauses, not the clock
                    next -= wait;
                    wait = 0;
                }
                if (closing.await(wait, TimeUnit.NANOSECONDS)) {
                    return;
                }
                if (stopped != null) {
                    restartStopped();
                } else if (tick % 2 == 1) {
                    swapNext();
                }
            }
        } catch (InterruptedException e) {
            // only close() stops the swapper; whatever it stopped, close() starts again
        } catch (RuntimeException e) {
            out.accept("swapper failed, no more swaps: " + e);
        }
    }

    /** Stops swapping and starts again whatever bundle it stopped. */
    @Override
    public void close() {
        closing.countDown();
        if (thread != null) {
            joinUninterruptibly(thread);
        }
        restartStopped();
    }

    /** @return swaps made: the queue moved, by an operator swap or by a bundle stopping or starting */
    long swaps() {
        return swaps;
    }

    /** @return swaps refused: by the manager, or a bundle that could not be stopped or started */
    long refused() {
        return refused;
    }

    /** @return one line: how many swaps there were and how many were refused */
    String summaryLine() {
        return String.format("swapper: %d swaps of queue '%s', %d refused", swaps, queue.name(), refused);
    }

    /**
     * Swaps the queue the next way: an operator's swap and a bundle stopped take turns.
     *
     * @return whether the queue moved
     */
    boolean swapNext() {
        boolean operator = byOperator;
        byOperator = !byOperator;
        return operator ? swapByOperator() : swapByStoppingBundle();
    }

    private boolean swapByOperator() {
        int n = ++attempts;
        String from = queue.driver();
        String to = after(from);
        String what = String.format("%s %s -> %s (operator)", queue.name(), from, to);
        if (to.equals(from)) {
            return refused(n, what, "no other driver to swap to");
        }
        int held = queue.size();
        try {
            manager.swap(queue.name(), to);
        } catch (IllegalArgumentException | IllegalStateException e) {
            return refused(n, what, e.getMessage());
        }
        return swapped(n, what, held);
    }

    private boolean swapByStoppingBundle() {
        int n = ++attempts;
        String from = queue.driver();
        DriverBundle bundle = bundles.bundleOf(from);
        if (bundle == null) {
            return refused(n, String.format("%s %s (stopping its bundle)", queue.name(), from),
                    "no live driver '" + from + "' to stop");
        }
        int held = queue.size();
        long before = queue.stats().swaps();
        try {
            bundle.stop();
        } catch (Exception e) {
            return refused(n, String.format("%s %s (bundle %s stopped)", queue.name(), from, bundle.name()),
                    "could not stop it: " + e);
        }
        stopped = bundle;
        boolean moved = movedSince(before);
        return moved(n, String.format("%s %s -> %s (bundle %s stopped)", queue.name(), from, queue.driver(),
                bundle.name()), held, moved);
    }

    /**
     * Starts the bundle {@link #swapNext} stopped, if it stopped one and has not started it yet.
     *
     * @return whether the queue moved
     */
    boolean restartStopped() {
        DriverBundle bundle = stopped;
        if (bundle == null) {
            return false;
        }
        stopped = null;
        int n = ++attempts;
        String from = queue.driver();
        int held = queue.size();
        long before = queue.stats().swaps();
        try {
            bundle.start();
        } catch (Exception e) {
            return refused(n, String.format("%s %s (bundle %s started)", queue.name(), from, bundle.name()),
                    "could not start it: " + e);
        }
        boolean moved = movedSince(before);
        return moved(n, String.format("%s %s -> %s (bundle %s started)", queue.name(), from, queue.driver(),
                bundle.name()), held, moved);
    }

    /**
     * Gives the queue back the spec it had when this swapper was made, if an operator swap pinned it to a driver
     * since, so that the manager picks its driver again and a later {@code open} with that spec finds it. Call it
     * once the queue is empty: then no capacity stands in the way.
     *
     * @return the line that says what happened, or empty if the spec had not changed
     */
    String restoreSpec() {
        if (queue.spec().equals(found)) {
            return "";
        }
        String from = queue.driver();
        try {
            manager.respecify(queue.name(), found);
        } catch (IllegalArgumentException | IllegalStateException e) {
            return String.format("queue '%s' keeps spec %s: %s", queue.name(), queue.spec(), e.getMessage());
        }
        return String.format("queue '%s' given back its spec %s: %s -> %s", queue.name(), found, from, queue.driver());
    }

    /** @return the driver after {@code current} in the list; the first if {@code current} is not in it */
    private String after(String current) {
        if (drivers.isEmpty()) {
            return current;
        }
        int at = drivers.indexOf(current);
        return drivers.get((at + 1) % drivers.size()); // at == -1: the first
    }

    /** Waits, up to a deadline, for the manager to move the queue after a bundle stopped or started. */
    private boolean movedSince(long swapsBefore) {
        long deadline = System.nanoTime() + SETTLE_NANOS;
        while (queue.stats().swaps() == swapsBefore) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
        return true;
    }

    private boolean moved(int n, String what, int held, boolean moved) {
        if (moved) {
            return swapped(n, what, held);
        }
        out.accept(String.format("swap %d: %s, but the queue did not move", n, what));
        return false;
    }

    private boolean swapped(int n, String what, int held) {
        swaps++;
        out.accept(String.format("swap %d: %s, %,d elements in flight", n, what, held));
        return true;
    }

    private boolean refused(int n, String what, String why) {
        refused++;
        out.accept(String.format("swap %d refused: %s: %s", n, what, why));
        return false;
    }

    private static void joinUninterruptibly(Thread thread) {
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
