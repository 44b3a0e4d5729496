package io.freelock.queue.manager;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.AbstractQueue;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.freelock.queue.ClosableQueue;
import io.freelock.queue.ConcurrentQueue;
import io.freelock.queue.CountingQueue;
import io.freelock.queue.FrontQueue;
import io.freelock.queue.ManagedQueue;
import io.freelock.queue.QueueSpec;
import io.freelock.queue.internal.Batches;

/**
 * A managed queue: a chain of {@link Stage}s, each the queue one driver made. Producers add to the newest stage
 * ({@link #tail}); consumers take from the oldest one not yet finished ({@link #head}) and move on only when it
 * is retired, empty and no producer can add to it any more (see {@link Stage}). So every element a producer
 * added before a swap is taken before any it added after: no loss, no duplicate, each producer's order kept, and
 * a producer never waits: a swap only points new offers elsewhere.
 *
 * <p><b>The fast paths</b> cost a read of {@code head} or {@code tail} and a comparison or two on top of the
 * stage's own queue. A consumer takes from the head stage's queue directly; only when that is empty does it look
 * at whether the stage is finished. A producer adds to the tail stage's queue directly when the tail is
 * <ul>
 * <li>for a single producer ({@link Stage.Exit#SOLE}): the stage it used last ({@link #producerStage}, a plain
 * field only the producer touches), so it has nothing to leave;</li>
 * <li>for several producers on a closable queue ({@link Stage.Exit#CLOSED}): any stage, since a swap closes it;
 * a refused offer then looks for a successor;</li>
 * </ul>
 * and the stage is not {@linkplain Stage#limited() limited}. Everything else (a stage change, a counted stage, a
 * stage that must keep the whole chain within its capacity) takes the slow path, which is exact.
 *
 * <p>No evacuation: a retired stage is drained where it is, by the consumers, in order, also when its driver has
 * gone. Nothing is ever copied, sealed or waited for by the manager, so a slow producer or an idle consumer
 * cannot hold the manager up. The driver's queue object keeps working after its bundle stops; the classes it
 * needs are loaded when the stage is made (see HotSwapQueueManager), while the bundle is surely resolved.
 *
 * <p>Swaps and spec changes are called by the manager under its lock; offer, poll and the rest are lock-free
 * apart from what the stage's own queue does.
 *
 * @param <E> the element type
 */
final class HotSwapQueue<E> extends AbstractQueue<E> implements ManagedQueue<E> {

    private static final VarHandle HEAD;

    static {
        try {
            HEAD = MethodHandles.lookup().findVarHandle(HotSwapQueue.class, "head", Stage.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final String name;
    /** The oldest stage consumers may still find elements in; moved forward by CAS, past finished stages only. */
    private volatile Stage<E> head;
    /** The stage producers add to; replaced by a swap. */
    private volatile Stage<E> tail;
    /**
     * The single producer's own record of the stage it adds to: plain, because only the producer reads or writes
     * it (a hand-over of the producer role to another thread carries a happens-before edge, as the spec's
     * single-producer contract demands). Null until it first adds, and after it left a single-producer era.
     */
    private Stage<E> producerStage;
    /**
     * The single producer's fast way in: {@link #producerStage} once the producer found it no longer
     * {@linkplain Stage#limited() limited} (which never turns back), else null. Plain, the producer's own like
     * {@link #producerStage}; one comparison with {@link #tail} then stands for the whole fast-path check.
     */
    private Stage<E> soleFastStage;
    /**
     * Set by a swap from a single-producer stage to a multi-producer one while the spec in force still says
     * single producer (a widening is pending): the producer's next offer, which goes the multi-producer way, must
     * then mark the single-producer stages it leaves.
     */
    private volatile boolean soleStagesBehind;

    /** The spec in force; written under the manager's lock. */
    private volatile QueueSpec spec;
    /** What open or respecify last asked for, before any operator swap pinned a driver; under the lock. */
    private volatile QueueSpec declared;
    /** A wider spec waiting for older stages to finish, or null; under the lock. */
    private volatile QueueSpec pending;
    /** Why a move is deferred (a pending spec, or a better driver the queue does not fit yet), or null. */
    private volatile String deferred;

    private volatile long swaps;      // written under the manager's lock
    private volatile long carried;    // written under the manager's lock
    /** When a consumer first found nothing because an older stage held it up; 0 when no gap is open. */
    private final AtomicLong gapStart = new AtomicLong();
    private final AtomicLong longestGap = new AtomicLong();
    /*
     * Traffic counts, for metrics. A stage whose queue counts its own traffic (a CountingQueue: the rings) costs
     * the hot path nothing: its counts are read when asked for. Only a stage whose queue keeps no count is
     * counted per call, and only while someone reports the counts (metering).
     */
    /** Whether calls on uncounted stages are counted; set while a metrics registry reports this queue. */
    private volatile boolean metering;
    private final LongAdder uncountedOffered = new LongAdder();
    private final LongAdder uncountedPolled = new LongAdder();
    /** The final counts of the counted stages dropped from the chain, added by whoever dropped each. */
    private final AtomicLong droppedAdded = new AtomicLong();
    private final AtomicLong droppedRemoved = new AtomicLong();
    /** The highest totals reported so far: a total read while a stage is being dropped may come out low. */
    private final AtomicLong offeredReported = new AtomicLong();
    private final AtomicLong polledReported = new AtomicLong();

    /**
     * The driver's face for this queue, if its first driver made one ({@link FrontQueue}): what hosts are handed
     * instead of this object. Set by {@link #begin} before the queue is published; redirected at the first swap.
     */
    private FrontQueue<E> front;

    /** A queue without a stage yet: {@link #begin} gives it its first before anyone else sees it. */
    HotSwapQueue(String name, QueueSpec spec) {
        this.name = name;
        this.spec = spec;
        this.declared = spec;
    }

    /**
     * Gives the queue its first stage, and the front that stands for it if the driver made one (whose
     * {@link FrontQueue#own()} is then the stage's queue); before the queue is published.
     */
    void begin(Stage<E> first, FrontQueue<E> front) {
        this.front = front;
        this.head = first;
        this.tail = first;
    }

    /** @return what hosts are handed for this queue: the driver's front if it made one (for good), else this queue */
    ManagedQueue<E> face() {
        return front != null ? front : this;
    }

    /** @return the manager's queue behind {@code queue}, a face a manager handed out */
    static <E> HotSwapQueue<E> behind(ManagedQueue<E> queue) {
        return (HotSwapQueue<E>) (queue instanceof FrontQueue ? ((FrontQueue<E>) queue).behind() : queue);
    }

    // ---- producers ----

    @Override
    public boolean offer(E e) {
        return offer(e, true);
    }

    /**
     * {@inheritDoc}
     *
     * <p>The newest implementation's {@code relaxedOffer}; while a swap is under way, {@link #offer}.
     */
    @Override
    public boolean relaxedOffer(E e) {
        return offer(e, false);
    }

    /** {@link #offer} ({@code strict}) or {@link #relaxedOffer}; the slow way (a swap under way) is strict */
    private boolean offer(E e, boolean strict) {
        Objects.requireNonNull(e, "null element");
        Stage<E> stage = tail;
        if (fastForProducer(stage)) {
            if (strict ? stage.queue.offer(e) : stage.queue.relaxedOffer(e)) {
                offered(stage, 1);
                return true;
            }
            if (stage.next == null) {
                return false; // full, and still the newest stage: the queue was full
            }
        }
        return offerSlowly(e);
    }

    @Override
    public int fill(Supplier<? extends E> supplier, int limit) {
        return fill(supplier, limit, true);
    }

    /**
     * {@inheritDoc}
     *
     * <p>The newest implementation's {@code relaxedFill}; while a swap is under way, {@link #fill}.
     */
    @Override
    public int relaxedFill(Supplier<? extends E> supplier, int limit) {
        return fill(supplier, limit, false);
    }

    /** {@link #fill} ({@code strict}) or {@link #relaxedFill}; the slow way (a swap under way) is strict */
    private int fill(Supplier<? extends E> supplier, int limit, boolean strict) {
        Batches.check(supplier, "supplier", limit);
        Stage<E> stage = tail;
        int added = 0;
        if (fastForProducer(stage)) {
            added = strict ? stage.queue.fill(supplier, limit) : stage.queue.relaxedFill(supplier, limit);
            offered(stage, added);
            if (added == limit || stage.next == null) {
                return added;
            }
        }
        return added + fillSlowly(supplier, limit - added);
    }

    /** @return whether a producer may add to {@code stage}, just read from {@link #tail}, without more ado */
    private boolean fastForProducer(Stage<E> stage) {
        // Single producer: its own record says the tail is the stage it uses and unlimited. Several producers on a
        // closable stage: any of them may add while the stage is unlimited and no single-producer stage waits to
        // be left. Every other case goes the slow way.
        return stage == soleFastStage
                || stage.exit == Stage.Exit.CLOSED && !soleStagesBehind && !stage.limited();
    }

    private boolean offerSlowly(E e) {
        Stage<E> candidate = tail;
        for (;;) {
            Stage<E> stage = enter(candidate);
            if (stage.exit == Stage.Exit.COUNTED && !stage.enterProducer()) {
                // Retired between our read and our entry. Nobody enters it once next is set, so its successor,
                // published or not, is where this producer's elements go from now on.
                candidate = stage.next;
                continue;
            }
            boolean added;
            try {
                if (stage.limited() && reserve(stage, 1) == 0) {
                    candidate = newerTail(stage);
                    if (candidate == null) {
                        return false; // the stages together hold the capacity
                    }
                    continue; // retired meanwhile: its successor may have room
                }
                added = stage.queue.offer(e);
                if (!added && stage.limited()) {
                    stage.admitted.decrementAndGet(); // the room we reserved was not used
                }
            } finally {
                if (stage.exit == Stage.Exit.COUNTED) {
                    stage.exitProducer();
                }
            }
            if (added) {
                offered(stage, 1);
                return true;
            }
            candidate = newerTail(stage);
            if (candidate == null) {
                return false; // full, and the newest stage: the queue was full
            }
            // refused by a stage retired meanwhile (closed, or full and no longer the newest): go on in the tail
        }
    }

    /**
     * After {@code stage} refused an element: where to try next. A producer goes forward to a successor not yet
     * published as the tail only if nobody can add to the old stage any more (a counted stage, which nobody enters
     * once its next is set; a closed one): otherwise its next call could read the old tail, find room there and
     * add after what it added to the successor. Else it goes to the published tail.
     *
     * @return the stage to try next, or null if {@code stage} is still the tail: the queue was full
     */
    private Stage<E> newerTail(Stage<E> stage) {
        Stage<E> next = stage.next;
        if (next != null && (stage.exit == Stage.Exit.COUNTED
                || stage.exit == Stage.Exit.CLOSED && ((ClosableQueue<E>) stage.queue).producersClosed())) {
            return next;
        }
        Stage<E> newest = tail;
        return newest == stage ? null : newest;
    }

    private int fillSlowly(Supplier<? extends E> supplier, int limit) {
        int added = 0;
        Stage<E> candidate = tail;
        while (added < limit) {
            Stage<E> stage = enter(candidate);
            if (stage.exit == Stage.Exit.COUNTED && !stage.enterProducer()) {
                candidate = stage.next; // see offerSlowly
                continue;
            }
            int room = limit - added;
            int filled;
            try {
                if (stage.limited()) {
                    room = reserve(stage, room);
                }
                filled = room == 0 ? 0 : stage.queue.fill(supplier, room);
                if (filled < room && stage.limited()) {
                    stage.admitted.addAndGet(filled - room); // give back what the fill did not use
                }
            } finally {
                if (stage.exit == Stage.Exit.COUNTED) {
                    stage.exitProducer();
                }
            }
            offered(stage, filled);
            added += filled;
            if (filled < room || room == 0) {
                candidate = newerTail(stage);
                if (candidate == null) {
                    break; // full
                }
            }
        }
        return added;
    }

    /**
     * The producer's slow way in to {@code stage} (the tail, or a retired stage's successor): for a single
     * producer, marks every single-producer stage before it as left, since the producer is between two calls and
     * so in none of them.
     *
     * @return {@code stage}
     */
    private Stage<E> enter(Stage<E> stage) {
        if (stage.exit == Stage.Exit.SOLE) {
            if (stage != producerStage) {
                leaveSoleStagesBefore(stage);
                producerStage = stage;
            }
            soleFastStage = stage.limited() ? null : stage; // limited only ever turns false
        } else if (soleStagesBehind) {
            // Only the single producer can be here: the spec in force still says single producer.
            leaveSoleStagesBefore(stage);
            producerStage = null;
            soleFastStage = null;
        }
        return stage;
    }

    /**
     * Marks every single-producer stage from the head up to {@code stage} as left. Called by the single producer
     * only, between two of its calls: it is inside none of them, and no other thread ever adds to one. Stages it
     * never used are marked too, or consumers could not pass them. Nothing at or after {@code stage} is marked:
     * if the head has already passed {@code stage} (a closed stage that finished meanwhile), every stage before
     * it is finished and nothing is marked at all, since a stage after it may be the producer's next.
     */
    private void leaveSoleStagesBefore(Stage<E> stage) {
        List<Stage<E>> before = new ArrayList<>(2);
        for (Stage<E> s = head; s != stage; s = s.next) {
            if (s == null) {
                return; // the head passed the stage: see above
            }
            if (s.exit == Stage.Exit.SOLE) {
                before.add(s);
            }
        }
        before.forEach(Stage::leave);
    }

    /**
     * Reserves room in a {@linkplain Stage#limited() limited} stage: what its capacity leaves after the older
     * stages' elements and what producers have been let add to it so far. Older stages only shrink by now (their
     * producers have gone, or the single producer is here), and the admitted count only grows while the stage is
     * limited, so the queue never holds more than the stage's capacity; the price is an occasional refusal of
     * room a consumer freed a moment before.
     *
     * @return how much of {@code wanted} was reserved, 0 if none
     */
    private int reserve(Stage<E> stage, int wanted) {
        advancePastFinished();
        long older = 0;
        for (Stage<E> s = head; s != stage; s = s.next) {
            if (s == null) {
                break; // the head passed the stage: it is finished, and an offer to it will be refused
            }
            if (!s.producersGone()) {
                // A producer may still add to it (a foreign queue's producer still inside; for a closable one,
                // producersGone closes it first, so never): its size is not final, so no room yet.
                return 0;
            }
            older += s.queue.size();
        }
        if (older == 0) {
            // No older stage holds anything (the head reached this one and only its unlimit is missing, or the
            // older ones are empty and finishing): the stage's own bound is the queue's.
            stage.admitted.addAndGet(wanted);
            return wanted;
        }
        for (;;) {
            long admitted = stage.admitted.get();
            long room = stage.capacity - older - admitted;
            if (room <= 0) {
                return 0;
            }
            int granted = (int) Math.min(wanted, room);
            // volatile CAS: producers agree on who gets each unit of room
            if (stage.admitted.compareAndSet(admitted, admitted + granted)) {
                return granted;
            }
        }
    }

    // ---- consumers ----

    @Override
    public E poll() {
        return poll(true);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Each implementation in use is polled with its {@code relaxedPoll}.
     */
    @Override
    public E relaxedPoll() {
        return poll(false);
    }

    /** {@link #poll} ({@code strict}) or {@link #relaxedPoll} */
    private E poll(boolean strict) {
        Stage<E> stage = head;
        E e = strict ? stage.queue.poll() : stage.queue.relaxedPoll();
        if (e != null) {
            polled(stage, 1);
            return e;
        }
        return takeSlowly(stage, strict ? Take.POLL : Take.RELAXED_POLL);
    }

    @Override
    public E peek() {
        Stage<E> stage = head;
        E e = stage.queue.peek();
        return e != null ? e : takeSlowly(stage, Take.PEEK);
    }

    /** How {@link #takeSlowly} looks into a stage */
    private enum Take {
        POLL, RELAXED_POLL, PEEK;

        <E> E from(ConcurrentQueue<E> queue) {
            return switch (this) {
                case POLL -> queue.poll();
                case RELAXED_POLL -> queue.relaxedPoll();
                case PEEK -> queue.peek();
            };
        }
    }

    /**
     * The head stage answered null: move past it if it is finished and look in the next, else report the gap. A
     * relaxed poll's null from a stage that is not finished ends the call, as any null from it may.
     */
    private E takeSlowly(Stage<E> stage, Take take) {
        for (;;) {
            if (stage.next == null) {
                closeGap(); // the newest stage, and empty: the queue is empty, and no older stage holds anything up
                return null;
            }
            if (!stage.finished()) {
                openGap(); // a producer may still add to the retired stage: what is newer must wait for it
                return null;
            }
            advance(stage);
            stage = head;
            E e = take.from(stage.queue);
            if (e != null) {
                closeGap();
                if (take != Take.PEEK) {
                    polled(stage, 1);
                }
                return e;
            }
        }
    }

    @Override
    public int drain(Consumer<? super E> consumer, int limit) {
        return drain(consumer, limit, true);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Each implementation in use is drained with its {@code relaxedDrain}.
     */
    @Override
    public int relaxedDrain(Consumer<? super E> consumer, int limit) {
        return drain(consumer, limit, false);
    }

    /**
     * {@link #drain} ({@code strict}) or {@link #relaxedDrain}. A relaxed drain that stops short in a retired stage
     * stops there: the stage is not finished (an element is still being written to it), so nothing newer may pass it.
     */
    private int drain(Consumer<? super E> consumer, int limit, boolean strict) {
        Batches.check(consumer, "consumer", limit);
        Stage<E> stage = head;
        int drained = strict ? stage.queue.drain(consumer, limit) : stage.queue.relaxedDrain(consumer, limit);
        polled(stage, drained);
        while (drained < limit && stage.next != null) {
            if (!stage.finished()) {
                openGap();
                break;
            }
            advance(stage);
            stage = head;
            int more = strict ? stage.queue.drain(consumer, limit - drained)
                    : stage.queue.relaxedDrain(consumer, limit - drained);
            polled(stage, more);
            drained += more;
        }
        return drained;
    }

    /** Moves the head past {@code finished}, unless another thread did; the new head's producers are unlimited. */
    private void advance(Stage<E> finished) {
        Stage<E> next = finished.next;
        // volatile CAS: threads agree on one move past the finished stage; a loser reads the new head next
        if (HEAD.compareAndSet(this, finished, next)) {
            next.unlimit(); // no older stage holds anything now
            closeGap();
            dropped(finished);
        }
    }

    /** Moves the head past every finished stage; any thread may, since a finished stage is never used again. */
    void advancePastFinished() {
        for (Stage<E> stage = head; stage.finished(); stage = head) {
            advance(stage);
        }
    }

    private void openGap() {
        gapStart.compareAndSet(0, System.nanoTime());
    }

    private void closeGap() {
        long start = gapStart.get();
        if (start != 0 && gapStart.compareAndSet(start, 0)) {
            longestGap.accumulateAndGet(System.nanoTime() - start, Math::max);
        }
    }

    // ---- the manager's side, under its lock ----

    /** Points new offers at {@code next}; the current tail drains in place. */
    void swapTo(Stage<E> next) {
        if (front != null) {
            // Before the new tail is published (a volatile write below): a call that finds the new stage, or anything
            // added to it, then finds the front redirected too. Calls that miss it still work on the first stage,
            // which drains in place like any retired one.
            front.redirect();
        }
        Stage<E> retired = tail;
        if (retired.exit == Stage.Exit.SOLE && next.exit != Stage.Exit.SOLE) {
            soleStagesBehind = true; // before the producer can find the new tail: its next call must see this
        }
        // Linked before it is published: a producer that reads the new tail must find the whole chain up to it
        // linked, or its walk from the head (leaveSoleStagesBefore) would stop short and mark nothing.
        retired.link(next);
        tail = next;         // volatile: pairs with every producer's read of the tail; the swap takes effect here
        // Then closed. Anyone who meets a retired stage before this (a consumer finding it empty, a producer
        // reserving room against it) closes it first (Stage.producersGone), so nobody waits for this line.
        retired.close();
        carried += retired.heldAtRetirement;
        swaps++;
        dropFinished();
    }

    /**
     * Unlinks the finished stages behind the tail, so that a queue swapped many times while its consumers hold
     * back does not keep an empty queue per swap. A finished stage is never used again; whoever is still walking
     * through one finds its own {@code next} unchanged and goes on from there.
     */
    private void dropFinished() {
        advancePastFinished();
        Stage<E> newest = tail;
        for (Stage<E> before = head; before != newest; ) {
            Stage<E> stage = before.next;
            if (stage != newest && stage.finished()) {
                before.next = stage.next; // volatile; consumers read it only once {@code before} is finished
                dropped(stage);
            } else {
                before = stage;
            }
        }
    }

    // ---- traffic counts ----

    private void offered(Stage<E> stage, long elements) {
        if (!stage.counted && metering) {
            uncountedOffered.add(elements);
        }
    }

    private void polled(Stage<E> stage, long elements) {
        if (!stage.counted && metering) {
            uncountedPolled.add(elements);
        }
    }

    /**
     * Adds a stage's final counts to the dropped ones, once, when it leaves the chain (the head moved past it, or
     * the stage before it was linked past it). Its counts are final: it is finished, so no producer can add to it
     * and it is empty.
     */
    private void dropped(Stage<E> stage) {
        if (stage.counted && stage.markDropped()) {
            // volatile adds, after the mark: a total that reads them with this stage's counts in them then finds
            // the stage marked (see countedTotal), so no stage is counted twice
            droppedAdded.addAndGet(stage.addedCount());
            droppedRemoved.addAndGet(stage.removedCount());
        }
    }

    /**
     * Counts calls on stages whose queue keeps no count of its own, or stops; see QueueMetrics. A front whose queue
     * keeps no count (the michaelscott list) is redirected here, for good: its calls bypass this object, and would go
     * uncounted. Its queue stays the first stage and nothing moves; the calls pay the manager's path from then on.
     */
    void metering(boolean on) {
        metering = on;
        if (on && front != null && !(front.own() instanceof CountingQueue)) {
            front.redirect(); // volatile, after metering: a call that comes through here from now on is counted
        }
    }

    /** @return the elements this queue has accepted: exact for counted stages, metered calls for the others */
    long offeredCount() {
        return offeredReported.accumulateAndGet(countedTotal(true) + uncountedOffered.sum(), Math::max);
    }

    /** @return the elements taken from this queue, as {@link #offeredCount()} counts them */
    long polledCount() {
        return polledReported.accumulateAndGet(countedTotal(false) + uncountedPolled.sum(), Math::max);
    }

    /**
     * The dropped stages' counts, read first, then those of the counted stages in the chain not yet dropped. A
     * stage dropped meanwhile is in at most one of the two (it is marked before its counts are added), so the
     * total is never too high; it can be too low for a moment, which the callers' running maximum hides.
     */
    private long countedTotal(boolean added) {
        long total = added ? droppedAdded.get() : droppedRemoved.get();
        for (Stage<E> stage = head; stage != null; stage = stage.next) {
            if (stage.counted && !stage.countsDropped()) {
                total += added ? stage.addedCount() : stage.removedCount();
            }
        }
        return total;
    }

    /** Puts {@code newSpec} in force, as asked for by open/respecify ({@code declared}) or by an operator swap. */
    void inForce(QueueSpec newSpec, boolean declaredByHost) {
        soleStagesBehind = false; // no widening pending: the tail is single-producer, or no such stage is unleft
        spec = newSpec;
        pending = null;
        if (declaredByHost) {
            declared = newSpec;
        }
    }

    /** Records {@code wider} as waiting for the older stages to finish; the spec in force stays. */
    void pend(QueueSpec wider, boolean declaredByHost, String why) {
        pending = wider;
        deferred = why;
        if (declaredByHost) {
            declared = wider;
        }
    }

    /**
     * Puts a pending spec in force once every stage still in use can take it: no single-consumer stage is left
     * for a spec with several consumers, and the single producer has left every single-producer stage for a spec
     * with several producers (the tail was made for the pending spec).
     *
     * @return whether nothing is pending any more
     */
    boolean settlePending() {
        QueueSpec wider = pending;
        if (wider == null) {
            return true;
        }
        advancePastFinished();
        boolean manyProducers = wider.producers() == QueueSpec.Access.MULTI;
        boolean manyConsumers = wider.consumers() == QueueSpec.Access.MULTI;
        Stage<E> newest = tail;
        for (Stage<E> stage = head; stage != newest; stage = stage.next) {
            if (manyConsumers && !stage.multiConsumer
                    || manyProducers && stage.exit == Stage.Exit.SOLE && !stage.producersGone()) {
                return false;
            }
        }
        soleStagesBehind = false; // every single-producer stage is left: nobody needs to mark one any more
        spec = wider;             // volatile: a host that reads the new spec finds the flag above cleared
        pending = null;
        deferred = null;
        return true;
    }

    void defer(String why) {
        deferred = why;
    }

    /** @return the spec the queue is headed for: the pending one if any, else the one in force */
    QueueSpec target() {
        QueueSpec wider = pending;
        return wider != null ? wider : spec;
    }

    /** @return whether {@code requested} is what this queue was opened with, is in force, or is pending */
    boolean accepts(QueueSpec requested) {
        return requested.equals(declared) || requested.equals(spec) || requested.equals(pending);
    }

    Stage<E> oldest() {
        return head;
    }

    /** @return how many stages are retired but still in use; racy, for the manager's limit */
    int retiredStages() {
        int retired = 0;
        Stage<E> newest = tail;
        for (Stage<E> stage = head; stage != null && stage != newest; stage = stage.next) {
            retired++;
        }
        return retired;
    }

    Stage<E> newest() {
        return tail;
    }

    // ---- any thread ----

    @Override
    public String name() {
        return name;
    }

    @Override
    public QueueSpec spec() {
        return spec;
    }

    @Override
    public Optional<String> pendingChange() {
        return Optional.ofNullable(deferred);
    }

    @Override
    public String driver() {
        return tail.driver;
    }

    @Override
    public Stats stats() {
        return new Stats(swaps, carried, longestGap.get());
    }

    @Override
    public int capacity() {
        return tail.capacity;
    }

    /**
     * The sum over the stages still in the chain, oldest first; exact when nobody offers, polls or swaps, and
     * never above {@link #capacity()}.
     */
    @Override
    public int size() {
        long size = 0;
        for (Stage<E> stage = head; stage != null; stage = stage.next) {
            size += stage.queue.size();
        }
        int capacity = capacity();
        long bound = capacity == UNBOUNDED_CAPACITY ? Integer.MAX_VALUE : capacity;
        return (int) Math.min(size, bound);
    }

    /**
     * True only if every stage was empty when looked at, oldest first. Elements never move between stages, and
     * consumers take from a newer stage only after the older ones are finished, so an element present for the
     * whole call is always seen.
     */
    @Override
    public boolean isEmpty() {
        for (Stage<E> stage = head; stage != null; stage = stage.next) {
            if (!stage.queue.isEmpty()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Weakly consistent: each stage's own iterator in turn, oldest first. {@code remove()} removes through the
     * iterator of the stage the element came from, as that stage's queue allows (for a single-consumer queue, only
     * from its consumer).
     */
    @Override
    public Iterator<E> iterator() {
        return new Iterator<>() {
            private Stage<E> stage = head;
            private Iterator<E> current = stage.queue.iterator();
            /** The iterator that returned the last element, for remove(); null before next() and after remove(). */
            private Iterator<E> last;

            @Override
            public boolean hasNext() {
                while (!current.hasNext()) {
                    Stage<E> next = stage.next;
                    if (next == null) {
                        return false; // stays at the newest stage: asking again finds what was added since
                    }
                    stage = next;
                    current = next.queue.iterator();
                }
                return true;
            }

            @Override
            public E next() {
                if (!hasNext()) {
                    throw new NoSuchElementException("no more elements in managed queue '" + name + "'");
                }
                E e = current.next();
                last = current;
                return e;
            }

            @Override
            public void remove() {
                if (last == null) {
                    throw new IllegalStateException("remove() needs a next() first, and only one remove() after it");
                }
                Iterator<E> from = last;
                last = null;
                from.remove();
            }
        };
    }

    /**
     * Removes the oldest element equal to {@code o}: asks each stage in the chain, oldest first, until one removes
     * it. An element never moves between stages, so each is asked of the one stage that holds it, whose queue makes
     * the removal linearizable with its polls; for a single-consumer spec, removal is the consumer's call, as the
     * stages' queues require.
     *
     * @return whether an element was removed; false for null
     */
    @Override
    public boolean remove(Object o) {
        if (o == null) {
            return false;
        }
        for (Stage<E> stage = head; stage != null; stage = stage.next) {
            if (stage.queue.remove(o)) {
                polled(stage, 1); // it left the queue: counted as taken, as a counting stage's queue counts it
                return true;
            }
        }
        return false;
    }
}
