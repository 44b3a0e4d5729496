package io.freelock.benchmarks;

import java.util.function.Consumer;
import java.util.function.Supplier;

import org.jctools.queues.MessagePassingQueue;
import org.openjdk.jmh.infra.Blackhole;

import io.freelock.queue.ConcurrentQueue;

/**
 * A queue's batch calls, ours ({@link ConcurrentQueue#fill}, {@link ConcurrentQueue#drain}) or JCTools'
 * ({@link MessagePassingQueue#fill}, {@link MessagePassingQueue#drain}), behind one type so that one harness runs
 * both. A fork uses one subclass only, so the calls are monomorphic.
 */
abstract class BatchChannel {

    /** The producer's supplier (ours and JCTools' interface at once): always the same preallocated element. */
    static final class Source implements Supplier<Integer>, MessagePassingQueue.Supplier<Integer> {
        static final Source INSTANCE = new Source();

        @Override
        public Integer get() {
            return Transfer.ELEMENT;
        }
    }

    /** The consumer's sink (both interfaces): hands every element to JMH's Blackhole, so none is dead code. */
    static final class Sink implements Consumer<Integer>, MessagePassingQueue.Consumer<Integer> {
        private final Blackhole blackhole;

        Sink(Blackhole blackhole) {
            this.blackhole = blackhole;
        }

        @Override
        public void accept(Integer e) {
            blackhole.consume(e);
        }
    }

    /** The suffix of a queue name that selects the relaxed batch calls: see {@link #of(String, int)}. */
    static final String RELAXED = "-relaxed";

    /** @return how many elements were added, at most {@code limit} */
    abstract int fill(int limit);

    /** @return how many elements were taken, at most {@code limit} */
    abstract int drain(Sink sink, int limit);

    /**
     * @param name a {@link Queues} name; with {@link #RELAXED} after the name of one of ours, that queue through its
     *        relaxed batch calls ({@link ConcurrentQueue#relaxedFill}, {@link ConcurrentQueue#relaxedDrain}), which
     *        stop where a slot is midway, as JCTools' fill and drain do
     */
    static BatchChannel of(String name, int capacity) {
        if (name.endsWith(RELAXED)) {
            Object queue = Queues.create(name.substring(0, name.length() - RELAXED.length()), capacity);
            if (!(queue instanceof ConcurrentQueue)) {
                throw new IllegalArgumentException(name + ": only our queues have relaxed batch calls");
            }
            return new OursRelaxed((ConcurrentQueue<Integer>) queue);
        }
        Object queue = Queues.create(name, capacity);
        if (queue instanceof ConcurrentQueue) {
            return new Ours((ConcurrentQueue<Integer>) queue);
        }
        if (queue instanceof MessagePassingQueue) {
            return new JCTools((MessagePassingQueue<Integer>) queue);
        }
        throw new IllegalArgumentException(name + " has no batch calls");
    }

    private static final class Ours extends BatchChannel {
        private final ConcurrentQueue<Integer> queue;

        Ours(ConcurrentQueue<Integer> queue) {
            this.queue = queue;
        }

        @Override
        int fill(int limit) {
            return queue.fill(Source.INSTANCE, limit);
        }

        @Override
        int drain(Sink sink, int limit) {
            return queue.drain(sink, limit);
        }
    }

    private static final class OursRelaxed extends BatchChannel {
        private final ConcurrentQueue<Integer> queue;

        OursRelaxed(ConcurrentQueue<Integer> queue) {
            this.queue = queue;
        }

        @Override
        int fill(int limit) {
            return queue.relaxedFill(Source.INSTANCE, limit);
        }

        @Override
        int drain(Sink sink, int limit) {
            return queue.relaxedDrain(sink, limit);
        }
    }

    private static final class JCTools extends BatchChannel {
        private final MessagePassingQueue<Integer> queue;

        JCTools(MessagePassingQueue<Integer> queue) {
            this.queue = queue;
        }

        @Override
        int fill(int limit) {
            return queue.fill(Source.INSTANCE, limit);
        }

        @Override
        int drain(Sink sink, int limit) {
            return queue.drain(sink, limit);
        }
    }
}
