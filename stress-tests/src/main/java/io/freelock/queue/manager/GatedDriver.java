package io.freelock.queue.manager;

import java.util.AbstractQueue;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import io.freelock.queue.ClosableQueue;
import io.freelock.queue.ConcurrentQueue;
import io.freelock.queue.QueueDriver;
import io.freelock.queue.QueueSpec;
import io.freelock.queue.spsc.SpscRingQueue;
import io.freelock.queue.vyukov.VyukovQueue;

/**
 * A driver named {@code gated} (or as told) whose queues can hold a chosen thread at a chosen call, to put a race's
 * steps in a fixed order: a thread held in a stage queue's {@code size()}, {@code offer} or {@code closeProducers()}
 * is a thread preempted at that point, which the real drivers allow anywhere. Its queue is an SPSC ring, a Vyukov
 * ring (not closable, so a multi-producer stage on it is counted) or the manager's own closable fallback queue, by
 * {@link Kind}; it delegates everything to it, and at most holds a thread first. With no gate set it is just another
 * driver: the Lincheck tests use it to swap to the fallback queue by an operator's swap.
 */
public final class GatedDriver implements QueueDriver {

    /** Which queue the driver makes, and so which exit its stages get. */
    public enum Kind {
        /** SpscRingQueue, for a single-producer spec: a SOLE stage. */
        SPSC("single", "single"),
        /** VyukovQueue, which is not closable: a COUNTED stage for several producers. */
        VYUKOV("multi", "multi"),
        /** The manager's FallbackQueue, which is closable: a CLOSED stage for several producers. */
        CLOSABLE("multi", "multi");

        final String producers;
        final String consumers;

        Kind(String producers, String consumers) {
            this.producers = producers;
            this.consumers = consumers;
        }
    }

    /** A point where one call waits until released. */
    public static final class Gate {
        private final BooleanSupplier when;
        private final CountDownLatch reached = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);

        Gate(BooleanSupplier when) {
            this.when = when;
        }

        void pass() {
            if (reached.getCount() > 0 && when.getAsBoolean()) {
                reached.countDown();
                await(released);
            }
        }

        /** Waits until a call is held here. */
        public void awaitReached() {
            await(reached);
        }

        public void release() {
            released.countDown();
        }

        private static void await(CountDownLatch latch) {
            try {
                if (!latch.await(10, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("gate not reached or released within 10 s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private final Kind kind;
    private final String name;
    /** What the driver declares as {@code queue.bounded}; a CLOSABLE driver's fallback queue can be either. */
    private final boolean bounded;
    private volatile Gate sizeGate;
    private volatile Gate offerGate;
    private volatile Gate closeGate;

    public GatedDriver(Kind kind) {
        this(kind, "gated");
    }

    /** A driver of that kind registered under another name; with no gate set, it is just another driver. */
    public GatedDriver(Kind kind, String name) {
        this(kind, name, true);
    }

    /** As above, declaring unbounded queues if {@code bounded} is false (only a CLOSABLE driver's can be). */
    public GatedDriver(Kind kind, String name, boolean bounded) {
        if (!bounded && kind != Kind.CLOSABLE) {
            throw new IllegalArgumentException(kind + " queues are bounded");
        }
        this.kind = kind;
        this.name = name;
        this.bounded = bounded;
    }

    /** From now on, the first {@code size()} on a queue of this driver for which {@code when} holds waits. */
    public Gate holdSize(BooleanSupplier when) {
        Gate gate = new Gate(when);
        sizeGate = gate;
        return gate;
    }

    /** From now on, the first {@code offer} on a queue of this driver for which {@code when} holds waits. */
    public Gate holdOffer(BooleanSupplier when) {
        Gate gate = new Gate(when);
        offerGate = gate;
        return gate;
    }

    /**
     * From now on, the first {@code closeProducers()} on a queue of this driver for which {@code when} holds waits
     * before it closes: the swap that retires a closable stage calls it after publishing the new tail.
     */
    public Gate holdClose(BooleanSupplier when) {
        Gate gate = new Gate(when);
        closeGate = gate;
        return gate;
    }

    @Override
    public Map<String, Object> declaredProperties() {
        Map<String, Object> properties = new HashMap<>();
        properties.put(DRIVER_NAME, name);
        properties.put(PRODUCERS, kind.producers);
        properties.put(CONSUMERS, kind.consumers);
        properties.put(BOUNDED, bounded);
        return properties;
    }

    @Override
    public <E> ConcurrentQueue<E> create(QueueSpec spec) {
        spec.requireMatch(declaredProperties());
        return switch (kind) {
            case SPSC -> new Gated<>(new SpscRingQueue<>(spec.capacity()));
            case VYUKOV -> new Gated<>(new VyukovQueue<>(spec.capacity()));
            case CLOSABLE -> new GatedClosable<>(FallbackQueue.forSpec(spec));
        };
    }

    private class Gated<E> extends AbstractQueue<E> implements ConcurrentQueue<E> {
        final ConcurrentQueue<E> queue;

        Gated(ConcurrentQueue<E> queue) {
            this.queue = queue;
        }

        @Override
        public boolean offer(E e) {
            Gate gate = offerGate;
            if (gate != null) {
                gate.pass();
            }
            return queue.offer(e);
        }

        @Override
        public int size() {
            Gate gate = sizeGate;
            if (gate != null) {
                gate.pass();
            }
            return queue.size();
        }

        @Override
        public int fill(Supplier<? extends E> supplier, int limit) {
            return queue.fill(supplier, limit);
        }

        @Override
        public E poll() {
            return queue.poll();
        }

        @Override
        public E peek() {
            return queue.peek();
        }

        @Override
        public boolean isEmpty() {
            return queue.isEmpty();
        }

        @Override
        public Iterator<E> iterator() {
            return queue.iterator();
        }

        @Override
        public boolean remove(Object o) {
            return queue.remove(o);
        }

        @Override
        public int capacity() {
            return queue.capacity();
        }
    }

    private final class GatedClosable<E> extends Gated<E> implements ClosableQueue<E> {
        GatedClosable(ClosableQueue<E> queue) {
            super(queue);
        }

        @Override
        public void closeProducers() {
            Gate gate = closeGate;
            if (gate != null) {
                gate.pass();
            }
            ((ClosableQueue<E>) queue).closeProducers();
        }

        @Override
        public boolean producersClosed() {
            return ((ClosableQueue<E>) queue).producersClosed();
        }
    }
}
