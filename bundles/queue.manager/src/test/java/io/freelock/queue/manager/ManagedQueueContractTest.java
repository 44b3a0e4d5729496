package io.freelock.queue.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import io.freelock.queue.ConcurrentQueue;
import io.freelock.queue.QueueDriver;
import io.freelock.queue.QueueSpec;
import io.freelock.queue.testkit.QueueContract;
import io.freelock.queue.testkit.RemovalContract;

/**
 * A managed queue passes the same ConcurrentQueue contract as the queues it wraps, on each kind of driver, and the
 * removal contract where its stages remove (on a single-consumer spec, from the consumer thread).
 */
class ManagedQueueContractTest {

    /** A driver whose queues are managed queues opened from a manager with the real drivers bound. */
    private static QueueDriver managing(long... drivers) {
        HotSwapQueueManager manager = new HotSwapQueueManager();
        new Drivers(manager).bind(drivers);
        AtomicInteger names = new AtomicInteger();
        return new QueueDriver() {
            @Override
            public <E> ConcurrentQueue<E> create(QueueSpec spec) {
                return manager.open("q" + names.incrementAndGet(), spec);
            }
        };
    }

    /**
     * The contracts on a managed queue of one spec: removal too, on the consumer thread where the spec has a single
     * consumer.
     */
    abstract static class OnADriver extends QueueContract implements RemovalContract {
        @Override
        public <E> ConcurrentQueue<E> newRemovalQueue(int capacity) {
            return newQueue(capacity);
        }

        @Override
        public boolean singleConsumer() {
            return QueueSpec.parse(spec(8)).consumers() == QueueSpec.Access.SINGLE;
        }
    }

    @Nested
    class OnVyukov extends OnADriver {
        @Override
        protected QueueDriver driver() {
            return managing(Drivers.VYUKOV);
        }

        @Override
        protected String spec(int capacity) {
            return "queue:mpmc?capacity=" + capacity;
        }

        @Test
        void runsOnVyukov() {
            assertEquals("vyukov", ((io.freelock.queue.ManagedQueue<?>) newQueue(8)).driver());
        }
    }

    @Nested
    class OnSpscRing extends OnADriver {
        @Override
        protected QueueDriver driver() {
            return managing(Drivers.VYUKOV, Drivers.SPSC, Drivers.MICHAELSCOTT);
        }

        @Override
        protected String spec(int capacity) {
            return "queue:spsc?capacity=" + capacity;
        }

        @Test
        void runsOnTheBestRankedMatch() {
            assertEquals("spsc", ((io.freelock.queue.ManagedQueue<?>) newQueue(8)).driver());
        }
    }

    @Nested
    class OnMichaelScott extends OnADriver {
        @Override
        protected QueueDriver driver() {
            return managing(Drivers.VYUKOV, Drivers.SPSC, Drivers.MICHAELSCOTT);
        }

        @Override
        protected String spec(int capacity) {
            return "queue:mpmc?bounded=false";
        }
    }

    @Nested
    class OnMpsc extends OnADriver {
        @Override
        protected QueueDriver driver() {
            return managing(Drivers.VYUKOV, Drivers.SPSC, Drivers.MICHAELSCOTT, Drivers.MPSC);
        }

        @Override
        protected String spec(int capacity) {
            return "queue:mpsc?bounded=false";
        }

        @Test
        void runsOnMpscAboveMichaelScott() {
            assertEquals("mpsc", ((io.freelock.queue.ManagedQueue<?>) newQueue(8)).driver());
        }
    }

    @Nested
    class OnTheFallback extends OnADriver {
        @Override
        protected QueueDriver driver() {
            return managing();
        }

        @Override
        protected String spec(int capacity) {
            return "queue:mpmc?bounded=false";
        }
    }
}
