package io.freelock.queue.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import io.freelock.queue.ConcurrentQueue;
import io.freelock.queue.ManagedQueue;
import io.freelock.queue.QueueDriver;
import io.freelock.queue.QueueSpec;
import io.freelock.queue.testkit.QueueContract;
import io.freelock.queue.testkit.SwapRemovalContract;

/**
 * A managed queue passes the same ConcurrentQueue contract as the queues it wraps, on each kind of driver, and the
 * removal contract (on a single-consumer spec, from the consumer thread), across a swap too.
 */
class ManagedQueueContractTest {

    /**
     * The contracts on managed queues of one spec, opened from a manager of this test's own with some of the real
     * drivers bound. JUnit makes an instance per test, so each test has its own manager.
     */
    abstract static class OnADriver extends QueueContract implements SwapRemovalContract {
        final HotSwapQueueManager manager = new HotSwapQueueManager();
        final Drivers drivers = new Drivers(manager);
        private final AtomicInteger names = new AtomicInteger();

        /** @param bound the drivers bound before any queue is opened */
        OnADriver(long... bound) {
            drivers.bind(bound);
        }

        /** A driver whose queues are managed queues from {@link #manager}. */
        @Override
        protected QueueDriver driver() {
            return new QueueDriver() {
                @Override
                public <E> ConcurrentQueue<E> create(QueueSpec spec) {
                    return manager.open("q" + names.incrementAndGet(), spec);
                }
            };
        }

        @Override
        public <E> ConcurrentQueue<E> newRemovalQueue(int capacity) {
            return newQueue(capacity);
        }

        @Override
        public boolean singleConsumer() {
            return QueueSpec.parse(spec(8)).consumers() == QueueSpec.Access.SINGLE;
        }

        /** Moves the queue off its implementation, as an operator or a driver coming or going does. */
        @Override
        public void swap(ConcurrentQueue<?> queue) {
            ManagedQueue<?> managed = (ManagedQueue<?>) queue;
            String before = managed.driver();
            moveAway(managed);
            if (managed.driver().equals(before)) {
                throw new IllegalStateException("the queue stayed on " + before);
            }
        }

        /** Moves {@code queue} off the driver it is on. */
        abstract void moveAway(ManagedQueue<?> queue);
    }

    @Nested
    class OnVyukov extends OnADriver {
        OnVyukov() {
            super(Drivers.VYUKOV);
        }

        @Override
        void moveAway(ManagedQueue<?> queue) {
            drivers.unbind(Drivers.VYUKOV); // to the manager's fallback queue
        }

        @Override
        protected String spec(int capacity) {
            return "queue:mpmc?capacity=" + capacity;
        }

        @Test
        void runsOnVyukov() {
            assertEquals("vyukov", ((ManagedQueue<?>) newQueue(8)).driver());
        }
    }

    @Nested
    class OnSpscRing extends OnADriver {
        OnSpscRing() {
            super(Drivers.VYUKOV, Drivers.SPSC, Drivers.MICHAELSCOTT);
        }

        @Override
        void moveAway(ManagedQueue<?> queue) {
            manager.swap(queue.name(), "vyukov"); // through the spsc ring's front, redirected
        }

        @Override
        protected String spec(int capacity) {
            return "queue:spsc?capacity=" + capacity;
        }

        @Test
        void runsOnTheBestRankedMatch() {
            assertEquals("spsc", ((ManagedQueue<?>) newQueue(8)).driver());
        }
    }

    @Nested
    class OnMichaelScott extends OnADriver {
        OnMichaelScott() {
            super(Drivers.VYUKOV, Drivers.SPSC, Drivers.MICHAELSCOTT);
        }

        @Override
        void moveAway(ManagedQueue<?> queue) {
            drivers.unbind(Drivers.MICHAELSCOTT); // to the manager's fallback queue
        }

        @Override
        protected String spec(int capacity) {
            return "queue:mpmc?bounded=false";
        }
    }

    @Nested
    class OnMpsc extends OnADriver {
        OnMpsc() {
            super(Drivers.VYUKOV, Drivers.SPSC, Drivers.MICHAELSCOTT, Drivers.MPSC);
        }

        @Override
        void moveAway(ManagedQueue<?> queue) {
            manager.swap(queue.name(), "michaelscott");
        }

        @Override
        protected String spec(int capacity) {
            return "queue:mpsc?bounded=false";
        }

        @Test
        void runsOnMpscAboveMichaelScott() {
            assertEquals("mpsc", ((ManagedQueue<?>) newQueue(8)).driver());
        }
    }

    @Nested
    class OnTheFallback extends OnADriver {
        @Override
        void moveAway(ManagedQueue<?> queue) {
            drivers.bind(Drivers.MICHAELSCOTT); // a better driver arrives
        }

        @Override
        protected String spec(int capacity) {
            return "queue:mpmc?bounded=false";
        }
    }
}
