package io.freelock.queue.testkit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import io.freelock.queue.ClosableQueue;

/**
 * A close racing producers: several producer threads offer (or fill) numbered elements while consumer threads
 * take them, and the test thread closes the queue once half of {@code producers * perProducer} are in. Producers go
 * on until the close refuses them (up to {@link #CAP} times {@code perProducer} each, then they wait for it), so
 * that the close always races them even when the test thread is slow to get a core. Each producer records which of
 * its elements the queue took (offer true, or among the first {@code n} its supplier gave to a fill that returned
 * {@code n}) and which it refused; each consumer takes until {@code producersClosed() && isEmpty()}, which must
 * mean that nothing will ever be taken again. Then: every taken element was delivered exactly once, no refused
 * element ever appeared, each producer's elements came out in order, and the queue is empty for good. An element
 * is {@code producer << 32 | attempt}, a fresh number for every attempt, so a refused one cannot hide behind a
 * later retry. Once a consumer has seen {@code isEmpty()} true after the close, no consumer may take anything
 * more: a poll or drain that began after that is checked to find nothing. Waits are deadlines on conditions
 * ({@link Exchange#DEADLINE_SECONDS}), never sleeps.
 *
 * <p>It can also mix filling and offering producers, and draining and polling consumers, in one race. It reports
 * failures as {@link AssertionError} and needs no test framework, like {@link Exchange}.
 */
public final class CloseRace {

    /**
     * How many times {@code perProducer} a producer adds at most before it stops and waits for the close: enough
     * that a test thread kept off the cores for a while still closes while producers run, bounded so that the
     * queue cannot grow without limit meanwhile.
     */
    private static final long CAP = 4;

    private final ClosableQueue<Long> queue;
    private final int producers;
    /** Producers {@code 0 .. fillers - 1} fill; the others offer. */
    private final int fillers;
    /** Consumers {@code 0 .. drainers - 1} drain; the others poll. */
    private final int drainers;
    private final long perProducer;
    private final boolean supplierOnlyForWhatIsAdded;
    /** Set once a consumer has seen the closed queue empty: from then on nothing may be taken. */
    private final AtomicBoolean emptyForGood = new AtomicBoolean();
    private final AtomicLong accepted = new AtomicLong();
    /** Producers that stopped short because the queue was closed under them. */
    private final AtomicLong shutOut = new AtomicLong();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Exchange.DEADLINE_SECONDS);

    /** Per producer: the attempts the queue took, and those it refused; each written by its producer alone. */
    private final BitSet[] taken;
    private final BitSet[] refused;

    private CloseRace(ClosableQueue<Long> queue, int fillers, int offerers, int drainers, long perProducer,
            boolean supplierOnlyForWhatIsAdded) {
        this.queue = queue;
        this.producers = fillers + offerers;
        this.fillers = fillers;
        this.drainers = drainers;
        this.perProducer = perProducer;
        this.supplierOnlyForWhatIsAdded = supplierOnlyForWhatIsAdded;
        this.taken = new BitSet[producers];
        this.refused = new BitSet[producers];
    }

    /**
     * Runs the race and checks it, throwing {@link AssertionError} on any failure.
     *
     * @param batch whether producers fill (up to 64 or 150 at a time) and consumers drain (up to 64), instead of
     *        offer and poll
     * @param supplierOnlyForWhatIsAdded whether a fill racing the close must never call its supplier for an element
     *        it does not add (a ring, which claims before it asks; a linked queue whose fill batches begun before
     *        the close complete); if not, such elements are only checked to never appear
     * @return how many elements the queue took before the close
     */
    public static long run(ClosableQueue<Long> queue, int producers, int consumers, long perProducer, boolean batch,
            boolean supplierOnlyForWhatIsAdded) throws InterruptedException {
        return batch ? run(queue, producers, 0, consumers, 0, perProducer, supplierOnlyForWhatIsAdded)
                : run(queue, 0, producers, 0, consumers, perProducer, supplierOnlyForWhatIsAdded);
    }

    /**
     * Runs a mixed race: filling and offering producers, draining and polling consumers.
     *
     * @return how many elements the queue took before the close
     */
    public static long run(ClosableQueue<Long> queue, int fillers, int offerers, int drainers, int pollers,
            long perProducer, boolean supplierOnlyForWhatIsAdded) throws InterruptedException {
        return new CloseRace(queue, fillers, offerers, drainers, perProducer, supplierOnlyForWhatIsAdded)
                .go(drainers + pollers);
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
            boolean drain = c < drainers;
            threads.add(new Thread(guard(() -> consume(seen, drain)), "consumer-" + c));
        }
        threads.forEach(Thread::start);
        try {
            long half = closeAt();
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

    /** @return how many elements the queue takes before the closing thread closes it: half of what is planned */
    private long closeAt() {
        return producers * perProducer / 2;
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
        boolean batch = producer < fillers;
        long base = (long) producer << 32;
        long[] attempt = {0};
        long added = 0;
        long cap = CAP * perProducer;
        boolean closedUnder = false;
        while (added < cap && running()) {
            int got;
            // Odd producers fill up to 150, in more than one batch, so that a close can land between batches too.
            int limit = batch ? (int) Math.min(producer % 2 == 0 ? 64 : 150, cap - added) : 1;
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
            if (accepted.addAndGet(got) >= closeAt()) {
                // Past the point the closing thread waits for: let it run. On two busy cores it could otherwise be
                // kept off them until every producer reached its cap, and the close would race nobody.
                Thread.yield();
            }
            if (got < limit) {
                if (queue.producersClosed()) {
                    closedUnder = true;
                    break;
                }
                Thread.onSpinWait(); // a full ring: try again
            }
        }
        if (!closedUnder) {
            // At the cap (or out of time): wait for the close, without racing it.
            while (!queue.producersClosed() && running()) {
                Thread.onSpinWait();
            }
            return;
        }
        if (running()) {
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

    private void consume(BitSet[] seen, boolean batch) {
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
            // Read before the take: if it is set, some consumer saw the closed queue empty before this take began.
            boolean afterEmptyForGood = emptyForGood.get();
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
            if (got != 0 && afterEmptyForGood) {
                throw new AssertionError(Thread.currentThread().getName() + " took " + got
                        + " after a consumer had seen the closed queue empty");
            }
            if (got == 0) {
                // Closed and empty: the contract says nothing will ever be taken again, which the check above
                // (for the other consumers, still taking) and check() verify.
                if (queue.producersClosed() && queue.isEmpty()) {
                    emptyForGood.set(true);
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
