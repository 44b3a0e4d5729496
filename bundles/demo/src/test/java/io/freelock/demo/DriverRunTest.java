package io.freelock.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.AbstractQueue;
import java.util.Iterator;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** The demo's bookkeeping must catch what it claims to catch: a lost or a duplicated element. */
class DriverRunTest {

    private static DriverRun.Result runUntil(Queue<Long> queue, long received) throws InterruptedException {
        DriverRun run = new DriverRun("test", "queue:spsc", queue);
        run.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (run.received() < received && System.nanoTime() - deadline < 0) {
            Thread.onSpinWait();
        }
        assertTrue(run.received() >= received, "the run moved elements before the deadline");
        return run.finish();
    }

    @Test
    void aSoundQueueLosesNothing() throws InterruptedException {
        DriverRun.Result result = runUntil(new ConcurrentLinkedQueue<>(), 200_000);
        assertTrue(result.sent >= 200_000);
        assertEquals(result.sent, result.received);
        assertEquals(0, result.lost());
        assertEquals(0, result.outOfOrder);
        assertTrue(result.clean());
    }

    @Test
    void aQueueThatDropsElementsIsCaught() throws InterruptedException {
        DriverRun.Result result = runUntil(new Faulty(false), 200_000);
        assertTrue(result.lost() > 0, "lost " + result.lost());
        assertTrue(result.outOfOrder > 0, "a gap breaks the sequence");
        assertFalse(result.clean());
    }

    @Test
    void aQueueThatDuplicatesElementsIsCaught() throws InterruptedException {
        DriverRun.Result result = runUntil(new Faulty(true), 200_000);
        assertTrue(result.outOfOrder > 0, "a repeat breaks the sequence");
        assertFalse(result.clean());
    }

    /** Drops, or delivers twice, every 1000th element. */
    private static final class Faulty extends AbstractQueue<Long> {
        private final Queue<Long> inner = new ConcurrentLinkedQueue<>();
        private final boolean duplicate;

        Faulty(boolean duplicate) {
            this.duplicate = duplicate;
        }

        @Override
        public boolean offer(Long e) {
            if (e % 1000 == 999) {
                if (!duplicate) {
                    return true; // acknowledged, never delivered
                }
                inner.offer(e);
            }
            return inner.offer(e);
        }

        @Override
        public Long poll() {
            return inner.poll();
        }

        @Override
        public Long peek() {
            return inner.peek();
        }

        @Override
        public Iterator<Long> iterator() {
            return inner.iterator();
        }

        @Override
        public int size() {
            return inner.size();
        }
    }
}
