package io.freelock.queue.testkit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.freelock.queue.ConcurrentQueue;

/**
 * Moves numbered elements from producer threads to consumer threads through one queue and checks what
 * arrived: every element exactly once, and each producer's elements in the order it sent them as seen
 * by every consumer. An element is {@code producer << 32 | sequence}. It reports failures as
 * {@link AssertionError} and needs no test framework, so that tests inside the OSGi container use it too.
 */
public final class Exchange {

    /** How long an exchange may take before the test gives up; a deadline, never a measured time. */
    public static final long DEADLINE_SECONDS = 120;

    private final Queue<Long> queue;
    private final int producers;
    private final long perProducer;
    private final AtomicLong received = new AtomicLong();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEADLINE_SECONDS);
    /** Whether a supplier dawdles now and then: what a producer that stays inside a fill looks like. */
    private final boolean slowSuppliers;
    /**
     * Whether elements move by the relaxed calls, retried: relaxedOffer and relaxedPoll, or in batches relaxedFill and
     * relaxedDrain.
     */
    private final boolean relaxed;

    private Exchange(Queue<Long> queue, int producers, long perProducer, boolean slowSuppliers, boolean relaxed) {
        this.queue = queue;
        this.producers = producers;
        this.perProducer = perProducer;
        this.slowSuppliers = slowSuppliers;
        this.relaxed = relaxed;
    }

    /**
     * Runs {@code producers} producer and {@code consumers} consumer threads until each producer's
     * {@code perProducer} elements have all been received, then checks them.
     *
     * @param batch whether to move elements with {@code fill}/{@code drain} instead of {@code offer}/{@code poll}
     * @return the number of elements moved
     */
    public static long run(ConcurrentQueue<Long> queue, int producers, int consumers, long perProducer,
            boolean batch) throws InterruptedException {
        return new Exchange(queue, producers, perProducer, false, false).go(consumers, batch, null);
    }

    /**
     * Runs {@code observer} on the test thread while one producer and one consumer move elements through the
     * queue, then checks the exchange as {@link #run} does.
     */
    public static long runWhile(ConcurrentQueue<Long> queue, Runnable observer) throws InterruptedException {
        return new Exchange(queue, 1, 200_000, false, false).go(1, false, observer);
    }

    /**
     * Runs the exchange in batches, as {@link #run} does with {@code batch}, with suppliers that spin for about
     * 20 microseconds before every 64th element, so that producers are often caught inside a fill.
     */
    public static long runWithSlowSuppliers(ConcurrentQueue<Long> queue, int producers, int consumers,
            long perProducer) throws InterruptedException {
        return new Exchange(queue, producers, perProducer, true, false).go(consumers, true, null);
    }

    /**
     * Runs the exchange as {@link #run} does, offer by offer and poll by poll, while the calling thread walks the
     * queue over and over until every element has arrived: each walk must yield no null, and each producer's
     * elements in the order sent, as the consumers must see them too.
     */
    public static long runWhileWalked(ConcurrentQueue<Long> queue, int producers, int consumers, long perProducer)
            throws InterruptedException {
        Exchange exchange = new Exchange(queue, producers, perProducer, false, false);
        return exchange.go(consumers, false, exchange::walkUntilReceived);
    }

    /**
     * Runs the exchange as {@link #run} does, with {@link ConcurrentQueue#relaxedOffer} and
     * {@link ConcurrentQueue#relaxedPoll} (or, with {@code batch}, {@link ConcurrentQueue#relaxedFill} and
     * {@link ConcurrentQueue#relaxedDrain}) retried where {@code run} uses offer and poll (fill and drain).
     */
    public static long runRelaxed(ConcurrentQueue<Long> queue, int producers, int consumers, long perProducer,
            boolean batch) throws InterruptedException {
        return new Exchange(queue, producers, perProducer, false, true).go(consumers, batch, null);
    }

    /** Runs the exchange over any {@link Queue}, for queues that are not a {@link ConcurrentQueue}. */
    public static long run(Queue<Long> queue, int producers, int consumers, long perProducer)
            throws InterruptedException {
        return new Exchange(queue, producers, perProducer, false, false).go(consumers, false, null);
    }

    private long go(int consumers, boolean batch, Runnable observer) throws InterruptedException {
        List<Thread> threads = new ArrayList<>();
        List<BitSet[]> seenByConsumer = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            int producer = p;
            threads.add(new Thread(guard(() -> produce(producer, batch)), "producer-" + p));
        }
        for (int c = 0; c < consumers; c++) {
            BitSet[] seen = new BitSet[producers];
            seenByConsumer.add(seen);
            threads.add(new Thread(guard(() -> consume(seen, batch)), "consumer-" + c));
        }
        threads.forEach(Thread::start);
        if (observer != null) {
            guard(observer).run();
        }
        for (Thread thread : threads) {
            thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            if (thread.isAlive()) {
                failure.compareAndSet(null, new AssertionError(thread.getName() + " still running after "
                        + DEADLINE_SECONDS + " s; received " + received.get() + " of " + total()));
                threads.forEach(Thread::interrupt);
            }
        }
        Throwable failed = failure.get();
        if (failed instanceof AssertionError) {
            throw (AssertionError) failed;
        }
        if (failed != null) {
            throw new AssertionError("a worker failed", failed);
        }
        checkExactlyOnce(seenByConsumer);
        return total();
    }

    private long total() {
        return producers * perProducer;
    }

    private Runnable guard(Runnable body) {
        return () -> {
            try {
                body.run();
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            }
        };
    }

    private boolean running() {
        if (failure.get() != null || Thread.currentThread().isInterrupted()) {
            return false;
        }
        if (System.nanoTime() - deadline > 0) {
            failure.compareAndSet(null, new AssertionError("gave up after " + DEADLINE_SECONDS
                    + " s; received " + received.get() + " of " + total()));
            return false;
        }
        return true;
    }

    @SuppressWarnings("unchecked")
    private void produce(int producer, boolean batch) {
        long base = (long) producer << 32;
        long sequence = 0;
        while (sequence < perProducer && running()) {
            if (batch) {
                long[] next = {sequence};
                int limit = (int) Math.min(64, perProducer - sequence);
                Supplier<Long> supplier = () -> {
                    if (slowSuppliers && (next[0] & 63) == 0) {
                        dawdle();
                    }
                    return base | next[0]++;
                };
                ConcurrentQueue<Long> batches = (ConcurrentQueue<Long>) queue;
                sequence += relaxed ? batches.relaxedFill(supplier, limit) : batches.fill(supplier, limit);
            } else if (relaxed ? ((ConcurrentQueue<Long>) queue).relaxedOffer(base | sequence)
                    : queue.offer(base | sequence)) {
                sequence++;
                continue;
            }
            Thread.onSpinWait();
        }
    }

    private static void dawdle() {
        long until = System.nanoTime() + 20_000;
        while (System.nanoTime() - until < 0) {
            Thread.onSpinWait();
        }
    }

    /** The walker of {@link #runWhileWalked}: at least one walk, then more while the exchange runs. */
    private void walkUntilReceived() {
        do {
            long[] last = new long[producers];
            Arrays.fill(last, -1);
            for (Long element : queue) {
                if (element == null) {
                    throw new AssertionError("a walk yielded null");
                }
                checkOrder(last, element, "a walk");
            }
        } while (received.get() < total() && running());
    }

    /**
     * Checks that {@code element} was sent by one of the producers and comes after the last element seen from the
     * same producer, then records it as that last one.
     *
     * @return the element's producer
     */
    private int checkOrder(long[] last, long element, String seenBy) {
        int producer = (int) (element >>> 32);
        long sequence = element & 0xFFFF_FFFFL;
        if (producer >= producers || sequence >= perProducer) {
            throw new AssertionError(seenBy + " saw an element nobody sent: " + Long.toHexString(element));
        }
        if (sequence <= last[producer]) {
            throw new AssertionError(seenBy + ": producer " + producer + "'s order broken: " + sequence + " after "
                    + last[producer]);
        }
        last[producer] = sequence;
        return producer;
    }

    @SuppressWarnings("unchecked")
    private void consume(BitSet[] seen, boolean batch) {
        long[] last = new long[producers];
        Arrays.fill(last, -1);
        for (int p = 0; p < producers; p++) {
            seen[p] = new BitSet();
        }
        Consumer<Long> check = element -> {
            int producer = checkOrder(last, element, "a consumer");
            seen[producer].set((int) (element & 0xFFFF_FFFFL));
        };
        while (received.get() < total() && running()) {
            int got;
            if (batch) {
                ConcurrentQueue<Long> batches = (ConcurrentQueue<Long>) queue;
                got = relaxed ? batches.relaxedDrain(check, 64) : batches.drain(check, 64);
            } else {
                Long element = relaxed ? ((ConcurrentQueue<Long>) queue).relaxedPoll() : queue.poll();
                got = element == null ? 0 : 1;
                if (element != null) {
                    check.accept(element);
                }
            }
            if (got == 0) {
                Thread.onSpinWait();
            } else {
                received.addAndGet(got);
            }
        }
    }

    private void checkExactlyOnce(List<BitSet[]> seenByConsumer) {
        for (int p = 0; p < producers; p++) {
            BitSet union = new BitSet();
            long count = 0;
            for (BitSet[] seen : seenByConsumer) {
                if (seen[p] == null) {
                    continue;
                }
                if (union.intersects(seen[p])) {
                    BitSet twice = (BitSet) union.clone();
                    twice.and(seen[p]);
                    throw new AssertionError("producer " + p + "'s element " + twice.nextSetBit(0) + " arrived twice");
                }
                union.or(seen[p]);
                count += seen[p].cardinality();
            }
            if (count != perProducer) {
                throw new AssertionError("received " + count + " of producer " + p + "'s " + perProducer
                        + " elements; first missing: " + union.nextClearBit(0));
            }
        }
        Long left = queue.poll();
        if (left != null) {
            throw new AssertionError("left over in the queue: " + Long.toHexString(left));
        }
    }
}
