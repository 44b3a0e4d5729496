package io.freelock.stress.lincheck;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The sequential specifications the Lincheck tests check the queues against: {@link java.util.Queue}'s offer,
 * poll, peek, remove(Object), size and isEmpty on an {@link ArrayDeque}, bounded or not. Lincheck finds a specification's
 * operations by the test's method names and parameter types, and compares states with equals and hashCode.
 */
final class QueueSpecs {

    private QueueSpecs() {
    }

    /** A FIFO queue that refuses an offer once it holds {@code capacity} elements; -1 for no bound. */
    abstract static class Fifo {
        private final ArrayDeque<Integer> elements = new ArrayDeque<>();
        private final int capacity;

        Fifo(int capacity) {
            this.capacity = capacity;
        }

        public boolean offer(int element) {
            if (elements.size() == capacity) {
                return false;
            }
            elements.addLast(element);
            return true;
        }

        public Integer poll() {
            return elements.pollFirst();
        }

        public Integer peek() {
            return elements.peekFirst();
        }

        /** {@code remove(Object)}: the first equal element, if there is one. */
        public boolean remove(int element) {
            return elements.removeFirstOccurrence(element);
        }

        public int size() {
            return elements.size();
        }

        public boolean isEmpty() {
            return elements.isEmpty();
        }

        private List<Integer> state() {
            return new ArrayList<>(elements);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Fifo && ((Fifo) o).capacity == capacity && ((Fifo) o).state().equals(state());
        }

        @Override
        public int hashCode() {
            return state().hashCode();
        }
    }

    /** The rings under test are made with capacity 2: every few operations cross the full or the empty edge. */
    public static final class BoundedTwo extends Fifo {
        public BoundedTwo() {
            super(2);
        }
    }

    /**
     * A managed queue of capacity 2 under swaps: a swap changes the implementation behind the queue, not what it
     * holds or accepts, so sequentially it does nothing. A subclass may start with elements in it, for a test whose
     * queue holds them before the checked execution.
     */
    public static class BoundedTwoWithSwaps extends Fifo {
        public BoundedTwoWithSwaps() {
            super(2);
        }

        /** For a test whose queue holds {@code initial} before the checked execution starts. */
        protected BoundedTwoWithSwaps(int... initial) {
            super(2);
            for (int e : initial) {
                offer(e);
            }
        }

        public void swap() {
            // the elements, their order and the capacity stay as they are
        }

        /** A managed queue's size() is an estimate under concurrency; the test checks only its bounds. */
        public void sizeWithinBounds() {
            // always within [0, 2] here
        }
    }

    /**
     * The SPSC ring of capacity 2 with removal: a removed element's place still counts against the capacity until
     * the consumer passes it, which it does at once when the place is the head, and otherwise on its next poll or
     * peek that reaches it (the ring marks the slot, so that the producer never writes into the middle).
     */
    public static final class BoundedTwoWithRemovedPlaces {
        /** The places from the head on: an element, or null for a removed element's place. */
        private final List<Integer> places = new ArrayList<>();

        public boolean offer(int element) {
            if (places.size() == 2) {
                return false;
            }
            places.add(element);
            return true;
        }

        public Integer poll() {
            passRemoved();
            return places.isEmpty() ? null : places.remove(0);
        }

        public Integer peek() {
            passRemoved();
            return places.isEmpty() ? null : places.get(0);
        }

        public boolean remove(int element) {
            int at = places.indexOf(element);
            if (at < 0) {
                return false;
            }
            places.set(at, null);
            passRemoved();
            return true;
        }

        public int size() {
            return (int) places.stream().filter(e -> e != null).count();
        }

        public boolean isEmpty() {
            return size() == 0;
        }

        private void passRemoved() {
            while (!places.isEmpty() && places.get(0) == null) {
                places.remove(0);
            }
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof BoundedTwoWithRemovedPlaces && ((BoundedTwoWithRemovedPlaces) o).places.equals(places);
        }

        @Override
        public int hashCode() {
            return places.hashCode();
        }
    }

    /** For the linked queues. */
    public static final class Unbounded extends Fifo {
        public Unbounded() {
            super(-1);
        }
    }

    /** An unbounded managed queue under swaps, which change nothing it holds or accepts (as BoundedTwoWithSwaps). */
    public static class UnboundedWithSwaps extends Fifo {
        public UnboundedWithSwaps() {
            super(-1);
        }

        /** For a test whose queue holds {@code initial} before the checked execution starts. */
        protected UnboundedWithSwaps(int... initial) {
            super(-1);
            for (int e : initial) {
                offer(e);
            }
        }

        public void swap() {
            // the elements and their order stay as they are
        }
    }
}
