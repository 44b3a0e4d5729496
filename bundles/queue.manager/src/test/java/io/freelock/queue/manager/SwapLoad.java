package io.freelock.queue.manager;

import java.util.concurrent.atomic.AtomicReference;

import io.freelock.queue.ManagedQueue;
import io.freelock.queue.testkit.Exchange;

/**
 * Traffic for swap tests: runs swap steps on a thread of their own while producers and consumers exchange over
 * and over (each exchange checked by {@link Exchange} for loss, duplicates and order) until the swapper is done,
 * so every swap meets traffic.
 */
final class SwapLoad {

    private final ManagedQueue<Long> queue;
    private final int producers;
    private final int consumers;
    private final boolean batch;
    private final boolean relaxed;

    SwapLoad(ManagedQueue<Long> queue, int producers, int consumers, boolean batch) {
        this(queue, producers, consumers, batch, false);
    }

    /** @param relaxed whether the exchanges use the relaxed calls ({@link Exchange#runRelaxed}) */
    SwapLoad(ManagedQueue<Long> queue, int producers, int consumers, boolean batch, boolean relaxed) {
        this.queue = queue;
        this.producers = producers;
        this.consumers = consumers;
        this.batch = batch;
        this.relaxed = relaxed;
    }

    ManagedQueue<Long> queue() {
        return queue;
    }

    /** @return the exchanges run, each of 20,000 elements per producer */
    int whileSwapping(int rounds, Runnable step) throws InterruptedException {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread swapper = new Thread(() -> {
            try {
                for (int i = 0; i < rounds; i++) {
                    // let the producers put something in first, so the swap has elements to carry, and the
                    // consumers catch up with earlier swaps, so that swaps are not refused for too many stages
                    // in use (bounded: between two exchanges the queue is empty for a moment)
                    HotSwapQueue<Long> managed = HotSwapQueue.behind(queue);
                    for (int spins = 0; spins < 1_000_000 && (queue.isEmpty() || managed.retiredStages() > 2); spins++) {
                        Thread.onSpinWait();
                    }
                    step.run();
                }
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "swapper");
        swapper.start();
        int exchanges = 0;
        do {
            if (relaxed) {
                Exchange.runRelaxed(queue, producers, consumers, 20_000, batch);
            } else {
                Exchange.run(queue, producers, consumers, 20_000, batch);
            }
            exchanges++;
        } while (swapper.isAlive());
        swapper.join();
        if (failure.get() != null) {
            throw new AssertionError("the swapper failed", failure.get());
        }
        return exchanges;
    }
}
