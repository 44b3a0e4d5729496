package io.freelock.queue.michaelscott;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import io.freelock.queue.ClosableQueue;
import io.freelock.queue.testkit.Exchange;

/**
 * A close racing producers: several producer threads offer (or fill) numbered elements while consumer threads
 * take them, and the test thread closes the queue once about half of them are in. Each producer records which of
 * its elements the queue took (offer true, or among the first {@code n} its supplier gave to a fill that returned
 * {@code n}) and which it refused; each consumer takes until {@code producersClosed() && isEmpty()}, which must
 * mean that nothing will ever be taken again. Then: every taken element was delivered exactly once, no refused
 * element ever appeared, each producer's elements came out in order, and the queue is empty for good. An element
 * is {@code producer << 32 | attempt}, a fresh number for every attempt, so a refused one cannot hide behind a
 * later retry. Waits are deadlines on conditions ({@link Exchange#DEADLINE_SECONDS}), never sleeps.
 *
 * <p>(The same class is in the Vyukov bundle's tests; it would belong in the shared testkit.)
 */
final class CloseRace {

    private final ClosableQueue<Long> queue;
    private final int producers;
    private final long perProducer;
    private final boolean batch;
    private final boolean supplierOnlyForWhatIsAdded;
    private final AtomicLong accepted = new AtomicLong();
    /** Producers that stopped short because the queue was closed under them. */
    private final AtomicLong shutOut = new AtomicLong();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Exchange.DEADLINE_SECONDS);

    /** Per producer: the attempts the queue took, and those it refused; each written by its producer alone. */
    private final BitSet[] taken;
    private final BitSet[] refused;

    private CloseRace(ClosableQueue<Long> queue, int producers, long perProducer, boolean batch,
            boolean supplierOnlyForWhatIsAdded) {
        this.queue = queue;
        this.producers = producers;
        this.perProducer = perProducer;
        this.batch = batch;
        this.supplierOnlyForWhatIsAdded = supplierOnlyForWhatIsAdded;
        this.taken = new BitSet[producers];
        this.refused = new BitSet[producers];
    }

    /**
     * Runs the race and checks it, throwing {@link AssertionError} on any failure.
     *
     * @param batch whether producers fill and consumers drain, in batches of up to 64, instead of offer and poll
     * @param supplierOnlyForWhatIsAdded whether a fill racing the close must never call its supplier for an element
     *        it does not add (a ring, which claims before it asks); if not, such elements are only checked to
     *        never appear
     * @return how many elements the queue took before the close
     */
    static long run(ClosableQueue<Long> queue, int producers, int consumers, long perProducer, boolean batch,
            boolean supplierOnlyForWhatIsAdded) throws InterruptedException {
        return new CloseRace(queue, producers, perProducer, batch, supplierOnlyForWhatIsAdded).go(consumers);
    }

    private long go(int consumers) throws InterruptedException {
        List<Thread> threads = new ArrayList<>();
        List<BitSet[]> seenByConsumer = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            int producer = p;
            taken[p] = new BitSet();
            refused[p] = new BitSet();
            threads.add(new Thread(guard(() -> produce(producer)), "producer-" + p));
        }
        for (int c = 0; c < consumers; c++) {
            BitSet[] seen = new BitSet[producers];
            for (int p = 0; p < producers; p++) {
                seen[p] = new BitSet();
            }
            seenByConsumer.add(seen);
            threads.add(new Thread(guard(() -> consume(seen)), "consumer-" + c));
        }
        threads.forEach(Thread::start);
        try {
            long half = producers * perProducer / 2;
            while (accepted.get() < half && running()) {
                Thread.onSpinWait();
            }
        } finally {
            queue.closeProducers(); // also on a failure, so that every thread ends
        }
        for (Thread thread : threads) {
            thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            if (thread.isAlive()) {
                failure.compareAndSet(null, new AssertionError(thread.getName() + " still running after "
                        + Exchange.DEADLINE_SECONDS + " s"));
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
        check(seenByConsumer);
        return accepted.get();
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
            failure.compareAndSet(null, new AssertionError("gave up after " + Exchange.DEADLINE_SECONDS + " s"));
            return false;
        }
        return true;
    }

    private void produce(int producer) {
        long base = (long) producer << 32;
        long[] attempt = {0};
        long added = 0;
        while (added < perProducer && running()) {
            int got;
            int limit = batch ? (int) Math.min(64, perProducer - added) : 1;
            if (batch) {
                long first = attempt[0];
                got = queue.fill(() -> base | attempt[0]++, limit);
                long supplied = attempt[0] - first;
                if (supplierOnlyForWhatIsAdded && supplied != got) {
                    throw new AssertionError("producer " + producer + ": the supplier gave " + supplied
                            + " elements to a fill that added " + got);
                }
                taken[producer].set((int) first, (int) (first + got));
                refused[producer].set((int) (first + got), (int) (first + supplied));
            } else {
                long element = base | attempt[0];
                got = queue.offer(element) ? 1 : 0;
                (got == 1 ? taken : refused)[producer].set((int) attempt[0]);
                attempt[0]++;
            }
            added += got;
            accepted.addAndGet(got);
            if (got < limit) {
                if (queue.producersClosed()) {
                    break;
                }
                Thread.onSpinWait(); // a full ring: try again
            }
        }
        if (added < perProducer && running()) {
            shutOut.incrementAndGet();
            // Closed: it stays closed, for offer and fill alike, and fill asks the supplier for nothing.
            for (int i = 0; i < 10; i++) {
                if (queue.offer(base | attempt[0]++)) {
                    throw new AssertionError("producer " + producer + ": an offer after the close returned true");
                }
                int filled = queue.fill(() -> {
                    throw new AssertionError("a fill after the close called its supplier");
                }, 10);
                if (filled != 0) {
                    throw new AssertionError("producer " + producer + ": a fill after the close added " + filled);
                }
            }
        }
    }

    private void consume(BitSet[] seen) {
        long[] last = new long[producers];
        Arrays.fill(last, -1);
        Consumer<Long> check = element -> {
            int producer = (int) (element >>> 32);
            long attempt = element & 0xFFFF_FFFFL;
            if (producer >= producers) {
                throw new AssertionError("an element nobody sent: " + Long.toHexString(element));
            }
            if (attempt <= last[producer]) {
                throw new AssertionError("producer " + producer + "'s order broken: " + attempt + " after "
                        + last[producer]);
            }
            last[producer] = attempt;
            seen[producer].set((int) attempt);
        };
        while (running()) {
            int got;
            if (batch) {
                got = queue.drain(check, 64);
            } else {
                Long element = queue.poll();
                got = element == null ? 0 : 1;
                if (element != null) {
                    check.accept(element);
                }
            }
            if (got == 0) {
                // Closed and empty: the contract says nothing will ever be taken again, which check() verifies.
                if (queue.producersClosed() && queue.isEmpty()) {
                    return;
                }
                Thread.onSpinWait();
            }
        }
    }

    private void check(List<BitSet[]> seenByConsumer) {
        for (int p = 0; p < producers; p++) {
            BitSet union = new BitSet();
            for (BitSet[] seen : seenByConsumer) {
                if (union.intersects(seen[p])) {
                    BitSet twice = (BitSet) union.clone();
                    twice.and(seen[p]);
                    throw new AssertionError("producer " + p + "'s element " + twice.nextSetBit(0) + " arrived twice");
                }
                union.or(seen[p]);
            }
            BitSet refusedButSeen = (BitSet) union.clone();
            refusedButSeen.and(refused[p]);
            if (!refusedButSeen.isEmpty()) {
                throw new AssertionError("producer " + p + "'s element " + refusedButSeen.nextSetBit(0)
                        + " was refused, yet delivered");
            }
            BitSet takenButLost = (BitSet) taken[p].clone();
            takenButLost.andNot(union);
            if (!takenButLost.isEmpty()) {
                throw new AssertionError("producer " + p + "'s element " + takenButLost.nextSetBit(0)
                        + " was taken, but not delivered before the closed queue said it was empty; "
                        + taken[p].cardinality() + " taken, " + union.cardinality() + " delivered");
            }
        }
        if (!queue.producersClosed()) {
            throw new AssertionError("the queue does not say it is closed");
        }
        Long left = queue.poll();
        if (left != null) {
            throw new AssertionError("left over after the closed queue said it was empty: " + Long.toHexString(left));
        }
        if (!queue.isEmpty() || queue.size() != 0 || queue.iterator().hasNext()) {
            throw new AssertionError("the closed, drained queue is not empty: size " + queue.size());
        }
        if (shutOut.get() == 0) {
            throw new AssertionError("every producer finished before the close: it did not race them");
        }
    }
}
