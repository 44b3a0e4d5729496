package io.freelock.benchmarks.variants;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.AbstractQueue;
import java.util.Iterator;
import java.util.Objects;

import io.freelock.queue.ConcurrentQueue;

/**
 * Experiment for issue 12: where the managed queue's one-thread cost on a single-producer driver comes from. Each
 * class here is the fast path of the rewritten {@code HotSwapQueue} (after e71e53a) over one stage and a bare driver
 * queue, with one thing taken away, so that what each thing costs can be read off one run next to the real managed
 * queue and the bare queue. Only {@code offer} and {@code poll} are kept, and the stage is never swapped, so the
 * slow paths reduce to the producer's first call recording its stage.
 * <ul>
 * <li>{@link Copy}: the fast path as it is (volatile {@code head} and {@code tail}, the stage's {@code limited}
 * flag read opaquely, the switch on its exit, the producer's plain {@code producerStage}, the volatile meter read
 * after every success): should measure as the real managed queue, as a check on the copy;</li>
 * <li>{@link NoSwitch}: the exit tested by two comparisons instead of a {@code switch} on the enum (which javac
 * compiles to a lookup in a synthetic {@code $SwitchMap} array: a static load, the ordinal, a bounds check);</li>
 * <li>{@link Lean}: both of these;</li>
 * <li>{@link CachedProducer}: not a cut but a candidate fix: the single producer's fast path reads only fields of
 * the managed queue (its driver queue cached next to {@code producerStage});</li>
 * <li>{@link NoMeter}: without the meter read (the no-op meter the queue has while no metrics registry is live);</li>
 * <li>{@link PlainEnds}: {@code head}, {@code tail} and {@code limited} as plain fields, which a real manager cannot
 * do (a producer could then miss a swap forever): the price of the reads that let it see a swap;</li>
 * <li>{@link NoVolatile}: {@link PlainEnds} without the meter, so no volatile read at all is left;</li>
 * <li>{@link Forward}: nothing but a final field holding the driver queue: the floor for any wrapper.</li>
 * </ul>
 *
 * @param <E> the element type
 */
public final class ManagedFastPath {

    enum Exit { SOLE, CLOSED, COUNTED }

    interface Meter {
        Meter NONE = new Meter() {
            @Override
            public void offered(long elements) {
            }

            @Override
            public void polled(long elements) {
            }
        };

        void offered(long elements);

        void polled(long elements);
    }

    static final class Stage<E> {
        private static final VarHandle LIMITED;

        static {
            try {
                LIMITED = MethodHandles.lookup().findVarHandle(Stage.class, "limited", boolean.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        final ConcurrentQueue<E> queue;
        final Exit exit;
        volatile Stage<E> next;
        private boolean limited;

        Stage(ConcurrentQueue<E> queue, Exit exit) {
            this.queue = queue;
            this.exit = exit;
        }

        boolean limited() {
            return (boolean) LIMITED.getOpaque(this);
        }

        boolean plainLimited() {
            return limited;
        }
    }

    private ManagedFastPath() {
    }

    /** The rewritten fast path, copied. */
    public static final class Copy<E> extends Base<E> {
        private volatile Stage<E> head;
        private volatile Stage<E> tail;
        private Stage<E> producerStage;
        private volatile boolean soleStagesBehind;
        private volatile Meter meter = Meter.NONE;

        public Copy(ConcurrentQueue<E> queue, boolean singleProducer) {
            super(queue);
            Stage<E> first = new Stage<>(queue, singleProducer ? Exit.SOLE : Exit.CLOSED);
            head = first;
            tail = first;
        }

        @Override
        public boolean offer(E e) {
            Objects.requireNonNull(e, "null element");
            Stage<E> stage = tail;
            if (fastForProducer(stage)) {
                if (stage.queue.offer(e)) {
                    meter.offered(1);
                    return true;
                }
                if (stage.next == null) {
                    return false;
                }
            }
            producerStage = stage; // the slow path, reduced to what it does on the first call of a never-swapped queue
            if (stage.queue.offer(e)) {
                meter.offered(1);
                return true;
            }
            return false;
        }

        private boolean fastForProducer(Stage<E> stage) {
            if (stage.limited()) {
                return false;
            }
            switch (stage.exit) {
                case SOLE:
                    return stage == producerStage;
                case CLOSED:
                    return !soleStagesBehind;
                default:
                    return false;
            }
        }

        @Override
        public E poll() {
            Stage<E> stage = head;
            E e = stage.queue.poll();
            if (e != null) {
                meter.polled(1);
                return e;
            }
            return stage.next == null ? null : e;
        }
    }

    /** {@link Copy} with the exit tested by comparisons instead of a switch (no synthetic switch-map array). */
    public static final class NoSwitch<E> extends Base<E> {
        private volatile Stage<E> head;
        private volatile Stage<E> tail;
        private Stage<E> producerStage;
        private volatile boolean soleStagesBehind;
        private volatile Meter meter = Meter.NONE;

        public NoSwitch(ConcurrentQueue<E> queue, boolean singleProducer) {
            super(queue);
            Stage<E> first = new Stage<>(queue, singleProducer ? Exit.SOLE : Exit.CLOSED);
            head = first;
            tail = first;
        }

        @Override
        public boolean offer(E e) {
            Objects.requireNonNull(e, "null element");
            Stage<E> stage = tail;
            if (fastForProducer(stage)) {
                if (stage.queue.offer(e)) {
                    meter.offered(1);
                    return true;
                }
                if (stage.next == null) {
                    return false;
                }
            }
            producerStage = stage; // the slow path, reduced to what it does on the first call of a never-swapped queue
            if (stage.queue.offer(e)) {
                meter.offered(1);
                return true;
            }
            return false;
        }

        private boolean fastForProducer(Stage<E> stage) {
            if (stage.limited()) {
                return false;
            }
            Exit exit = stage.exit;
            if (exit == Exit.SOLE) {
                return stage == producerStage;
            }
            return exit == Exit.CLOSED && !soleStagesBehind;
        }

        @Override
        public E poll() {
            Stage<E> stage = head;
            E e = stage.queue.poll();
            if (e != null) {
                meter.polled(1);
                return e;
            }
            return stage.next == null ? null : e;
        }
    }

    /** {@link NoSwitch} without the meter. */
    public static final class Lean<E> extends Base<E> {
        private volatile Stage<E> head;
        private volatile Stage<E> tail;
        private Stage<E> producerStage;
        private volatile boolean soleStagesBehind;

        public Lean(ConcurrentQueue<E> queue, boolean singleProducer) {
            super(queue);
            Stage<E> first = new Stage<>(queue, singleProducer ? Exit.SOLE : Exit.CLOSED);
            head = first;
            tail = first;
        }

        @Override
        public boolean offer(E e) {
            Objects.requireNonNull(e, "null element");
            Stage<E> stage = tail;
            if (fastForProducer(stage)) {
                if (stage.queue.offer(e)) {
                    return true;
                }
                if (stage.next == null) {
                    return false;
                }
            }
            producerStage = stage; // the slow path, reduced to what it does on the first call of a never-swapped queue
            if (stage.queue.offer(e)) {
                return true;
            }
            return false;
        }

        private boolean fastForProducer(Stage<E> stage) {
            if (stage.limited()) {
                return false;
            }
            Exit exit = stage.exit;
            if (exit == Exit.SOLE) {
                return stage == producerStage;
            }
            return exit == Exit.CLOSED && !soleStagesBehind;
        }

        @Override
        public E poll() {
            Stage<E> stage = head;
            E e = stage.queue.poll();
            if (e != null) {
                return e;
            }
            return stage.next == null ? null : e;
        }
    }

    /**
     * {@link Copy} where the single producer also keeps, in plain fields of the queue next to
     * {@code producerStage}, that stage's driver queue and whether it found the stage unlimited (a stage's
     * {@code limited} only ever goes from true to false), so that its fast path reads {@code tail} and fields of
     * the managed queue only, not the stage's {@code limited}, {@code exit} and {@code queue}.
     */
    public static final class CachedProducer<E> extends Base<E> {
        private volatile Stage<E> head;
        private volatile Stage<E> tail;
        private Stage<E> producerStage;
        private ConcurrentQueue<E> producerQueue;
        private boolean producerFast;
        private volatile boolean soleStagesBehind;
        private volatile Meter meter = Meter.NONE;

        public CachedProducer(ConcurrentQueue<E> queue, boolean singleProducer) {
            super(queue);
            Stage<E> first = new Stage<>(queue, singleProducer ? Exit.SOLE : Exit.CLOSED);
            head = first;
            tail = first;
        }

        @Override
        public boolean offer(E e) {
            Objects.requireNonNull(e, "null element");
            Stage<E> stage = tail;
            if (stage == producerStage && producerFast) {
                if (producerQueue.offer(e)) {
                    meter.offered(1);
                    return true;
                }
                if (stage.next == null) {
                    return false;
                }
            } else if (stage.exit == Exit.CLOSED && !stage.limited() && !soleStagesBehind) {
                if (stage.queue.offer(e)) {
                    meter.offered(1);
                    return true;
                }
                if (stage.next == null) {
                    return false;
                }
            }
            producerStage = stage; // the slow path, reduced to what it does on a never-swapped queue
            producerQueue = stage.queue;
            producerFast = stage.exit == Exit.SOLE && !stage.limited();
            if (stage.queue.offer(e)) {
                meter.offered(1);
                return true;
            }
            return false;
        }

        @Override
        public E poll() {
            Stage<E> stage = head;
            E e = stage.queue.poll();
            if (e != null) {
                meter.polled(1);
                return e;
            }
            return stage.next == null ? null : e;
        }
    }

    /** {@link Copy} without the meter. */
    public static final class NoMeter<E> extends Base<E> {
        private volatile Stage<E> head;
        private volatile Stage<E> tail;
        private Stage<E> producerStage;
        private volatile boolean soleStagesBehind;

        public NoMeter(ConcurrentQueue<E> queue, boolean singleProducer) {
            super(queue);
            Stage<E> first = new Stage<>(queue, singleProducer ? Exit.SOLE : Exit.CLOSED);
            head = first;
            tail = first;
        }

        @Override
        public boolean offer(E e) {
            Objects.requireNonNull(e, "null element");
            Stage<E> stage = tail;
            if (fastForProducer(stage)) {
                if (stage.queue.offer(e)) {
                    return true;
                }
                if (stage.next == null) {
                    return false;
                }
            }
            producerStage = stage;
            return stage.queue.offer(e);
        }

        private boolean fastForProducer(Stage<E> stage) {
            if (stage.limited()) {
                return false;
            }
            switch (stage.exit) {
                case SOLE:
                    return stage == producerStage;
                case CLOSED:
                    return !soleStagesBehind;
                default:
                    return false;
            }
        }

        @Override
        public E poll() {
            Stage<E> stage = head;
            E e = stage.queue.poll();
            if (e != null) {
                return e;
            }
            return stage.next == null ? null : e;
        }
    }

    /** {@link Copy} with plain {@code head}, {@code tail} and {@code limited}: not a correct manager. */
    public static final class PlainEnds<E> extends Base<E> {
        private Stage<E> head;
        private Stage<E> tail;
        private Stage<E> producerStage;
        private volatile boolean soleStagesBehind;
        private volatile Meter meter = Meter.NONE;

        public PlainEnds(ConcurrentQueue<E> queue, boolean singleProducer) {
            super(queue);
            Stage<E> first = new Stage<>(queue, singleProducer ? Exit.SOLE : Exit.CLOSED);
            head = first;
            tail = first;
        }

        @Override
        public boolean offer(E e) {
            Objects.requireNonNull(e, "null element");
            Stage<E> stage = tail;
            if (fastForProducer(stage)) {
                if (stage.queue.offer(e)) {
                    meter.offered(1);
                    return true;
                }
                if (stage.next == null) {
                    return false;
                }
            }
            producerStage = stage;
            if (stage.queue.offer(e)) {
                meter.offered(1);
                return true;
            }
            return false;
        }

        private boolean fastForProducer(Stage<E> stage) {
            if (stage.plainLimited()) {
                return false;
            }
            switch (stage.exit) {
                case SOLE:
                    return stage == producerStage;
                case CLOSED:
                    return !soleStagesBehind;
                default:
                    return false;
            }
        }

        @Override
        public E poll() {
            Stage<E> stage = head;
            E e = stage.queue.poll();
            if (e != null) {
                meter.polled(1);
                return e;
            }
            return stage.next == null ? null : e;
        }
    }

    /** {@link PlainEnds} without the meter: no volatile read left on the fast path; not a correct manager. */
    public static final class NoVolatile<E> extends Base<E> {
        private Stage<E> head;
        private Stage<E> tail;
        private Stage<E> producerStage;
        private volatile boolean soleStagesBehind;

        public NoVolatile(ConcurrentQueue<E> queue, boolean singleProducer) {
            super(queue);
            Stage<E> first = new Stage<>(queue, singleProducer ? Exit.SOLE : Exit.CLOSED);
            head = first;
            tail = first;
        }

        @Override
        public boolean offer(E e) {
            Objects.requireNonNull(e, "null element");
            Stage<E> stage = tail;
            if (fastForProducer(stage)) {
                if (stage.queue.offer(e)) {
                    return true;
                }
                if (stage.next == null) {
                    return false;
                }
            }
            producerStage = stage;
            if (stage.queue.offer(e)) {
                return true;
            }
            return false;
        }

        private boolean fastForProducer(Stage<E> stage) {
            if (stage.plainLimited()) {
                return false;
            }
            switch (stage.exit) {
                case SOLE:
                    return stage == producerStage;
                case CLOSED:
                    return !soleStagesBehind;
                default:
                    return false;
            }
        }

        @Override
        public E poll() {
            Stage<E> stage = head;
            E e = stage.queue.poll();
            if (e != null) {
                return e;
            }
            return stage.next == null ? null : e;
        }
    }

    /** A final field and nothing else. */
    public static final class Forward<E> extends Base<E> {
        public Forward(ConcurrentQueue<E> queue) {
            super(queue);
        }

        @Override
        public boolean offer(E e) {
            return driver.offer(e);
        }

        @Override
        public E poll() {
            return driver.poll();
        }
    }

    /** What the experiments share off the hot path. */
    abstract static class Base<E> extends AbstractQueue<E> {
        final ConcurrentQueue<E> driver;

        Base(ConcurrentQueue<E> driver) {
            this.driver = driver;
        }

        @Override
        public E peek() {
            return driver.peek();
        }

        @Override
        public int size() {
            return driver.size();
        }

        @Override
        public Iterator<E> iterator() {
            throw new UnsupportedOperationException("an experiment: offer and poll only");
        }
    }
}
