package io.freelock.queue.testkit;

import java.util.AbstractQueue;
import java.util.Iterator;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;

import org.junit.jupiter.api.Nested;

import io.freelock.queue.ConcurrentQueue;

/**
 * The removal contract checked against the JDK's own concurrent queues, unbounded and bounded: each of its clauses
 * states what they do, so a clause that failed here would be asking for something the Collection contract does not.
 */
class JdkQueuesKeepTheRemovalContractTest {

    @Nested
    class OnConcurrentLinkedQueue implements RemovalContract {
        @Override
        public <E> ConcurrentQueue<E> newRemovalQueue(int capacity) {
            return new Adapted<>(new ConcurrentLinkedQueue<>(), ConcurrentQueue.UNBOUNDED_CAPACITY);
        }

        @Override
        public boolean singleConsumer() {
            return false;
        }
    }

    /** The single-consumer form of the racing clauses, which holds for any queue used that way. */
    @Nested
    class OnConcurrentLinkedQueueWithOneConsumer extends OnConcurrentLinkedQueue {
        @Override
        public boolean singleConsumer() {
            return true;
        }
    }

    @Nested
    class OnArrayBlockingQueue implements RemovalContract {
        @Override
        public <E> ConcurrentQueue<E> newRemovalQueue(int capacity) {
            return new Adapted<>(new ArrayBlockingQueue<>(capacity), capacity);
        }

        @Override
        public boolean singleConsumer() {
            return false;
        }
    }

    /** A JDK queue seen as a {@link ConcurrentQueue}: every call forwarded, fill one offer at a time. */
    private static final class Adapted<E> extends AbstractQueue<E> implements ConcurrentQueue<E> {
        private final Queue<E> queue;
        private final int capacity;

        Adapted(Queue<E> queue, int capacity) {
            this.queue = queue;
            this.capacity = capacity;
        }

        @Override
        public int capacity() {
            return capacity;
        }

        @Override
        public int fill(Supplier<? extends E> supplier, int limit) {
            Objects.requireNonNull(supplier, "null supplier");
            int added = 0;
            while (added < limit && (capacity < 0 || queue.size() < capacity) && queue.offer(supplier.get())) {
                added++;
            }
            return added;
        }

        @Override
        public boolean offer(E e) {
            return queue.offer(e);
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
        public Iterator<E> iterator() {
            return queue.iterator();
        }

        @Override
        public int size() {
            return queue.size();
        }

        @Override
        public boolean remove(Object o) {
            return queue.remove(o);
        }

        @Override
        public boolean removeIf(java.util.function.Predicate<? super E> filter) {
            return queue.removeIf(filter);
        }
    }
}
