package io.freelock.queue.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import io.freelock.queue.ManagedQueue;
import io.freelock.queue.QueueSpec;
import io.freelock.queue.testkit.Await;

/**
 * A spec that allows more threads than an older stage can take is pending until that stage is done with: a
 * second consumer never meets a single-consumer ring, and a second producer never makes the single producer's
 * stages look left while it is inside one.
 */
class WideningTest {

    private final HotSwapQueueManager manager = new HotSwapQueueManager();
    private final Drivers drivers = new Drivers(manager).bindAll();

    @Test
    void moreConsumersWaitUntilTheSingleConsumerRingIsDrained() {
        ManagedQueue<Long> queue = manager.open("q", QueueSpec.parse("queue:spsc"));
        assertEquals("spsc", queue.driver());
        for (long i = 0; i < 10; i++) {
            queue.offer(i);
        }

        IllegalStateException pending = assertThrows(IllegalStateException.class,
                () -> manager.respecify("q", QueueSpec.parse("queue:spmc")));
        assertEquals("queue 'q' keeps spec queue:spsc until the elements still in its single-consumer queue are "
                + "taken; its producers now use vyukov, and queue:spmc takes effect by itself then", pending.getMessage());
        assertEquals(QueueSpec.parse("queue:spsc"), queue.spec(), "the old spec stays in force");
        assertEquals(pending.getMessage(), queue.pendingChange().orElseThrow());
        assertEquals("vyukov", queue.driver(), "producers moved at once");

        queue.offer(10L); // the producer's next call: it leaves the ring for vyukov
        for (long i = 0; i <= 10; i++) {
            assertEquals(i, queue.poll(), "in order across the swap");
        }
        Await.until("the wider spec to take effect", () -> queue.spec().equals(QueueSpec.parse("queue:spmc")));
        assertTrue(queue.pendingChange().isEmpty());
    }

    @Test
    void moreProducersWaitForTheSingleProducersNextCall() {
        ManagedQueue<Long> queue = manager.open("q", QueueSpec.parse("queue:spsc"));
        queue.offer(1L);

        assertThrows(IllegalStateException.class, () -> manager.respecify("q", QueueSpec.parse("queue:mpsc")));
        assertEquals(QueueSpec.parse("queue:spsc"), queue.spec());
        assertEquals(1L, queue.poll());
        assertNull(queue.poll(), "the single producer has not said it left the ring: nothing newer can be there");
        assertEquals(QueueSpec.parse("queue:spsc"), queue.spec(), "it might still be inside the ring");

        queue.offer(2L); // its next call goes the multi-producer way, and marks the ring left
        Await.until("the wider spec to take effect", () -> queue.spec().equals(QueueSpec.parse("queue:mpsc")));
        assertEquals(2L, queue.poll());
    }

    @Test
    void aWideningThatNoOlderStageStandsInTakesEffectAtOnce() {
        ManagedQueue<Long> queue = manager.open("q", QueueSpec.parse("queue:mpsc"));
        assertEquals("vyukov", queue.driver());
        manager.respecify("q", QueueSpec.parse("queue:mpmc")); // vyukov takes several consumers: nothing to wait for
        assertEquals(QueueSpec.parse("queue:mpmc"), queue.spec());
        assertTrue(queue.pendingChange().isEmpty());
    }

    /**
     * The defect as it was found: the spec widened from spsc to spmc while consumers polled, and the ring's
     * single-consumer poll was then raced by two consumers (loss and duplicates). Now the second consumer starts
     * when the wider spec is in force, as the API tells hosts to, and every element arrives exactly once.
     */
    @Test
    void aSecondConsumerStartedOnceTheWiderSpecIsInForceLosesAndDuplicatesNothing() throws Exception {
        for (int round = 0; round < 6; round++) {
            ManagedQueue<Long> queue = manager.open("round" + round, QueueSpec.parse("queue:spsc"));
            long total = 65_536;
            AtomicBoolean widened = new AtomicBoolean();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            List<List<Long>> taken = List.of(new ArrayList<>(), new ArrayList<>());
            Thread producer = new Thread(() -> {
                for (long i = 0; i < total; ) {
                    if (queue.offer(i)) {
                        i++;
                    }
                    if (i == total / 4 && widened.compareAndSet(false, true)) {
                        try {
                            manager.respecify(queue.name(), QueueSpec.parse("queue:spmc"));
                        } catch (IllegalStateException pendingUntilDrained) {
                            // expected: the ring still holds elements; it takes effect by itself
                        }
                    }
                }
            });
            AtomicLong received = new AtomicLong();
            Thread first = consumer(queue, taken.get(0), received, total, failure);
            producer.start();
            first.start();
            Await.until("the wider spec", () -> queue.spec().consumers() == QueueSpec.Access.MULTI);
            Thread second = consumer(queue, taken.get(1), received, total, failure);
            second.start();
            producer.join();
            first.join();
            second.join();
            if (failure.get() != null) {
                throw new AssertionError(failure.get());
            }
            Set<Long> all = new HashSet<>();
            for (List<Long> one : taken) {
                for (int i = 1; i < one.size(); i++) {
                    assertTrue(one.get(i - 1) < one.get(i), "each consumer sees the producer's order");
                }
                one.forEach(e -> assertTrue(all.add(e), "duplicate " + e));
            }
            assertEquals(total, all.size(), "round " + round + ": every element exactly once");
            assertTrue(queue.isEmpty());
        }
    }

    private static Thread consumer(ManagedQueue<Long> queue, List<Long> taken, AtomicLong received, long total,
            AtomicReference<Throwable> failure) {
        return new Thread(() -> {
            try {
                while (received.get() < total && failure.get() == null) {
                    Long e = queue.poll();
                    if (e != null) {
                        taken.add(e);
                        received.incrementAndGet();
                    }
                }
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            }
        });
    }
}
