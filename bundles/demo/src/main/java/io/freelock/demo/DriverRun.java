package io.freelock.demo;

import java.util.Queue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One producer and one consumer thread moving numbered elements through one queue, counting what went
 * in, what came out, and what came out of order. The consumer checks that each element is the one after
 * the last, so a lost element and a duplicate both show up, and after the producer stops it drains what
 * is left before anything is called lost.
 */
final class DriverRun {

    /** How long the consumer keeps draining after the producer stopped before the rest counts as lost. */
    private static final long DRAIN_NANOS = TimeUnit.SECONDS.toNanos(10);

    /** What one run moved. */
    static final class Result {
        final String driver;
        final String spec;
        final long sent;
        final long received;
        final long outOfOrder;

        Result(String driver, String spec, long sent, long received, long outOfOrder) {
            this.driver = driver;
            this.spec = spec;
            this.sent = sent;
            this.received = received;
            this.outOfOrder = outOfOrder;
        }

        /** A duplicate makes more arrive than was sent; it shows as out of order, not as a negative loss. */
        long lost() {
            return Math.max(0, sent - received);
        }

        boolean clean() {
            return lost() == 0 && outOfOrder == 0;
        }
    }

    private final String driver;
    private final String spec;
    private final Queue<Long> queue;
    private final AtomicLong sent = new AtomicLong();     // written by the producer only
    private final AtomicLong received = new AtomicLong(); // written by the consumer only
    private volatile boolean producing = true;            // cleared by finish()
    private volatile boolean produced;                    // set by the producer after its final count
    private long outOfOrder;                               // the consumer's; read after join
    private final Thread producer;
    private final Thread consumer;

    DriverRun(String driver, String spec, Queue<Long> queue) {
        this.driver = driver;
        this.spec = spec;
        this.queue = queue;
        this.producer = new Thread(this::produce, "demo-producer-" + driver);
        this.consumer = new Thread(this::consume, "demo-consumer-" + driver);
    }

    void start() {
        consumer.start();
        producer.start();
    }

    long received() {
        return received.get();
    }

    /** Stops the producer, lets the consumer drain, and says what moved. */
    Result finish() throws InterruptedException {
        producing = false;
        producer.join();
        consumer.join();
        return new Result(driver, spec, sent.get(), received.get(), outOfOrder);
    }

    private void produce() {
        long next = 0;
        while (producing) {
            if (queue.offer(next)) {
                next++;
                if ((next & 1023) == 0) {
                    sent.lazySet(next); // progress only; the final count is set below
                }
            } else {
                Thread.onSpinWait();
            }
        }
        sent.set(next);
        produced = true; // after the final count, so a consumer that sees it reads the true total
    }

    private void consume() {
        long expected = 0;
        long count = 0;
        long drainDeadline = 0;
        while (true) {
            Long element = queue.poll();
            if (element != null) {
                if (element != expected) {
                    outOfOrder++;
                }
                expected = element + 1;
                received.lazySet(++count);
                continue;
            }
            if (!produced) {
                Thread.onSpinWait();
                continue;
            }
            if (count >= sent.get()) {
                break;
            }
            long now = System.nanoTime();
            if (drainDeadline == 0) {
                drainDeadline = now + DRAIN_NANOS;
            } else if (now - drainDeadline > 0) {
                break; // what is still missing is lost
            }
            Thread.onSpinWait();
        }
        received.set(count);
    }
}
