package io.freelock.stress.jcstress;

import java.util.function.Consumer;
import java.util.function.Supplier;

import io.freelock.queue.ConcurrentQueue;
import io.freelock.queue.michaelscott.MichaelScottQueue;
import io.freelock.queue.michaelscott.SpscLinkedQueue;
import io.freelock.queue.mpsc.MpscChunkedQueue;
import io.freelock.queue.spsc.SpscRingQueue;
import io.freelock.queue.vyukov.VyukovQueue;

/**
 * What every test's state shares: one queue of {@link Item}s, made fresh for each trial by the nested class that
 * names the implementation, and the helpers that turn what came out of it into an int a result can hold. A
 * sequence of elements is recorded as its values' decimal digits in order: 1, 2, 3 is 123, nothing is 0, and
 * any torn element makes the whole record {@link Item#TORN}.
 */
public abstract class QueueState {

    protected final ConcurrentQueue<Item> queue;
    /** The prefilled elements, by value (for remove(Object), which finds Items by identity); null elsewhere. */
    private final Item[] prefilled = new Item[10];

    protected QueueState(ConcurrentQueue<Item> queue, int... prefill) {
        this.queue = queue;
        for (int value : prefill) {
            prefilled[value] = new Item(value);
            if (!queue.offer(prefilled[value])) {
                throw new IllegalStateException("a fresh queue refused prefill element " + value);
            }
        }
    }

    /** A ring of the given capacity, for several producers and consumers. */
    protected static ConcurrentQueue<Item> vyukov(int capacity) {
        return new VyukovQueue<>(capacity);
    }

    /** A ring of the given capacity, for one producer and one consumer. */
    protected static ConcurrentQueue<Item> spscRing(int capacity) {
        return new SpscRingQueue<>(capacity);
    }

    /** An unbounded list, for several producers and consumers. */
    protected static ConcurrentQueue<Item> michaelScott() {
        return new MichaelScottQueue<>();
    }

    /** An unbounded list, for one producer and one consumer. */
    protected static ConcurrentQueue<Item> spscLinked() {
        return new SpscLinkedQueue<>();
    }

    /** An unbounded chunked queue, for several producers and one consumer. */
    protected static ConcurrentQueue<Item> mpsc() {
        return new MpscChunkedQueue<>();
    }

    /** @return 1 if the queue took a new element of this value, 0 if it refused */
    protected final int offer(int value) {
        return queue.offer(new Item(value)) ? 1 : 0;
    }

    /** @return what {@link Item#read} makes of a poll */
    protected final int poll() {
        return Item.read(queue.poll());
    }

    /** @return what {@link Item#read} makes of a relaxed poll */
    protected final int relaxedPoll() {
        return Item.read(queue.relaxedPoll());
    }

    /** @return the digits of what two polls returned, nothing for a null; {@link Item#TORN} if either was torn */
    protected final int pollTwice() {
        int digits = 0;
        for (int i = 0; i < 2; i++) {
            int value = poll();
            if (value == Item.TORN) {
                return Item.TORN;
            }
            if (value != Item.NONE) {
                digits = digits * 10 + value;
            }
        }
        return digits;
    }

    /** @return what {@link Item#read} makes of a peek */
    protected final int peek() {
        return Item.read(queue.peek());
    }

    /** @return 1 if the queue removed the prefilled element of this value, 0 if it was not there */
    protected final int remove(int value) {
        return queue.remove(prefilled[value]) ? 1 : 0;
    }

    /** Polls until the queue is empty: for arbiters, which run after the actors. @return the digits polled */
    protected final int rest() {
        Digits digits = new Digits();
        for (Item item = queue.poll(); item != null; item = queue.poll()) {
            digits.accept(item);
        }
        return digits.value();
    }

    /** @return the digits of what one drain with a generous limit handed over */
    protected final int drain() {
        return drain(10);
    }

    /** @return the digits of what one drain of up to {@code limit} handed over */
    protected final int drain(int limit) {
        Digits digits = new Digits();
        int drained = queue.drain(digits, limit);
        return drained == digits.count ? digits.value() : Item.TORN;
    }

    /** @return the digits of what one relaxed drain with a generous limit handed over */
    protected final int relaxedDrain() {
        Digits digits = new Digits();
        int drained = queue.relaxedDrain(digits, 10);
        return drained == digits.count ? digits.value() : Item.TORN;
    }

    /** @return the digits of what one walk of the queue's iterator yielded */
    protected final int iterate() {
        Digits digits = new Digits();
        queue.iterator().forEachRemaining(digits);
        return digits.value();
    }

    /** @return how many of the elements {@code first, first + 1, ...} one fill of up to {@code count} added */
    protected final int fill(int first, int count) {
        return queue.fill(from(first), count);
    }

    /** @return how many of the elements {@code first, first + 1, ...} one relaxed fill of up to {@code count} added */
    protected final int relaxedFill(int first, int count) {
        return queue.relaxedFill(from(first), count);
    }

    /** @return a supplier of new elements {@code first, first + 1, ...} */
    private static Supplier<Item> from(int first) {
        int[] next = {first};
        return () -> new Item(next[0]++);
    }

    /** Collects elements as decimal digits. */
    private static final class Digits implements Consumer<Item> {
        private int digits;
        private int count;
        private boolean torn;

        @Override
        public void accept(Item item) {
            int value = Item.read(item);
            torn |= value < 1;
            digits = digits * 10 + value;
            count++;
        }

        int value() {
            return torn ? Item.TORN : digits;
        }
    }
}
