package io.freelock.queue.manager;

import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.freelock.queue.ClosableQueue;
import io.freelock.queue.ConcurrentQueue;
import io.freelock.queue.FrontQueue;
import io.freelock.queue.ManagedQueue;
import io.freelock.queue.QueueDriver;
import io.freelock.queue.QueueManager;
import io.freelock.queue.QueueSpec;

/**
 * The {@link QueueManager}: tracks every live {@link QueueDriver} and keeps each managed queue on the best
 * one for its spec. Swaps and evacuations are serialised by one lock: they are rare, and a producer or
 * consumer never takes it.
 */
@Component(service = {QueueManager.class, OpenQueues.class}, immediate = true) // immediate: the queues live as long as the bundle, not as long as a user
public final class HotSwapQueueManager implements QueueManager, OpenQueues {

    /** A driver as the manager sees it: its service and what its service properties say. */
    record LiveDriver(long id, String name, int ranking, QueueDriver driver, Map<String, Object> properties) {

        static LiveDriver of(QueueDriver driver, Map<String, Object> properties) {
            Object ranking = properties.get(Constants.SERVICE_RANKING);
            return new LiveDriver((Long) properties.get(Constants.SERVICE_ID),
                    String.valueOf(properties.get(QueueDriver.DRIVER_NAME)),
                    ranking instanceof Integer ? (Integer) ranking : 0, driver, Map.copyOf(properties));
        }
    }

    /** Better first: higher ranking, then the older service, as OSGi orders services. */
    private static final Comparator<LiveDriver> BEST_FIRST =
            Comparator.comparingInt(LiveDriver::ranking).reversed().thenComparingLong(LiveDriver::id);

    private final Object lock = new Object();
    private final Map<Long, LiveDriver> drivers = new HashMap<>(); // guarded by lock
    private final Map<String, HotSwapQueue<?>> queues = new ConcurrentHashMap<>(); // written under lock
    private final List<Consumer<HotSwapQueue<?>>> observers = new CopyOnWriteArrayList<>();
    /**
     * Most retired implementations a queue keeps before an operator's swap is refused and a better driver waits:
     * each holds its driver's queue until the consumers drain it and, for a single producer, until its next call.
     * A driver that goes away still moves its queues, so a queue never stays on a departed driver.
     */
    static final int MAX_RETIRED = 32;
    /** How often pending specs and deferred moves are retried while there are any. */
    private static final long SETTLE_MILLIS = 20;
    /** Retries pending specs and deferred moves; a daemon thread that exists only while there is something to retry. */
    private final ScheduledThreadPoolExecutor settler = new ScheduledThreadPoolExecutor(1, task -> {
        Thread thread = new Thread(task, "freelock-queue-settler");
        thread.setDaemon(true);
        return thread;
    });
    private ScheduledFuture<?> settling; // guarded by lock

    public HotSwapQueueManager() {
        settler.setKeepAliveTime(1, TimeUnit.SECONDS);
        settler.allowCoreThreadTimeOut(true);
        settler.setRemoveOnCancelPolicy(true);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindDriver(QueueDriver driver, Map<String, Object> properties) {
        synchronized (lock) {
            LiveDriver live = LiveDriver.of(driver, properties);
            drivers.put(live.id(), live);
            queues.values().forEach(this::moveToBestIfBetter);
        }
    }

    void updatedDriver(QueueDriver driver, Map<String, Object> properties) {
        bindDriver(driver, properties);
    }

    /**
     * Called while the driver's bundle is still stopping: every queue on it moves its producers to the best
     * driver left (or the fallback). What its queues still hold stays there and is drained in order by the
     * consumers, as after any swap; nothing here waits for a producer or a consumer.
     */
    void unbindDriver(QueueDriver driver, Map<String, Object> properties) {
        synchronized (lock) {
            long id = (Long) properties.get(Constants.SERVICE_ID);
            drivers.remove(id);
            for (HotSwapQueue<?> queue : queues.values()) {
                if (queue.newest().driverId == id) {
                    moveFromDeparting(queue);
                }
            }
        }
    }

    @Deactivate
    void deactivate() {
        synchronized (lock) {
            settler.shutdownNow();
        }
    }

    @Override
    public <E> ManagedQueue<E> open(String name, QueueSpec spec) {
        Objects.requireNonNull(name, "queue name is null");
        Objects.requireNonNull(spec, "queue spec is null");
        if (name.isBlank()) {
            throw new IllegalArgumentException("queue name is blank");
        }
        synchronized (lock) {
            @SuppressWarnings("unchecked")
            HotSwapQueue<E> queue = (HotSwapQueue<E>) queues.get(name);
            if (queue != null) {
                if (!queue.accepts(spec)) {
                    throw new IllegalArgumentException("queue '" + name + "' is open with spec " + queue.spec()
                            + ", not " + spec);
                }
                return queue.face();
            }
            queue = new HotSwapQueue<>(name, spec);
            begin(queue, spec, best(spec));
            queues.put(name, queue);
            for (Consumer<HotSwapQueue<?>> observer : observers) {
                observer.accept(queue);
            }
            return queue.face();
        }
    }

    @Override
    public Optional<ManagedQueue<?>> find(String name) {
        return Optional.ofNullable(queues.get(name)).map(HotSwapQueue::face);
    }

    @Override
    public Collection<ManagedQueue<?>> queues() {
        return queues.values().stream().<ManagedQueue<?>>map(HotSwapQueue::face).toList();
    }

    @Override
    public void swap(String name, String driver) {
        Objects.requireNonNull(driver, "driver name is null");
        synchronized (lock) {
            HotSwapQueue<?> queue = queue(name);
            QueueSpec pinned;
            try {
                pinned = queue.target().withDriver(driver);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("cannot swap queue '" + name + "': " + e.getMessage(), e);
            }
            LiveDriver target = drivers.values().stream().filter(d -> d.name().equals(driver))
                    .min(BEST_FIRST).orElseThrow(() -> new IllegalArgumentException(
                            "cannot swap queue '" + name + "': no live driver '" + driver + "'"));
            pinned.mismatch(target.properties()).ifPresent(why -> {
                throw new IllegalArgumentException("cannot swap queue '" + name + "' to '" + driver + "': " + why);
            });
            replace(queue, pinned, target, false);
        }
    }

    @Override
    public void respecify(String name, QueueSpec spec) {
        Objects.requireNonNull(spec, "queue spec is null");
        synchronized (lock) {
            HotSwapQueue<?> queue = queue(name);
            if (!queue.target().equals(spec)) {
                replace(queue, spec, best(spec), true);
            }
        }
    }

    @Override
    public void observe(Consumer<HotSwapQueue<?>> observer) {
        synchronized (lock) {
            observers.add(observer);
            queues.values().forEach(observer);
        }
    }

    @Override
    public void unobserve(Consumer<HotSwapQueue<?>> observer) {
        observers.remove(observer);
    }

    @Override
    public Collection<HotSwapQueue<?>> managedQueues() {
        return List.copyOf(queues.values());
    }

    private HotSwapQueue<?> queue(String name) {
        HotSwapQueue<?> queue = queues.get(Objects.requireNonNull(name, "queue name is null"));
        if (queue == null) {
            throw new IllegalArgumentException("no queue '" + name + "' is open");
        }
        return queue;
    }

    /**
     * Moves the queue to {@code target} under {@code spec}, or changes nothing if the target cannot hold what the
     * queue holds. A spec wider than an older stage can take is left pending (see {@link HotSwapQueue#pend}).
     *
     * @throws IllegalArgumentException if the target refuses the spec or is too small; nothing changed
     * @throws IllegalStateException if the host asked for a wider spec ({@code declaredByHost}), the move was
     *         made and the spec is pending; an operator's swap leaves a pending spec pending without a word
     */
    private <E> void replace(HotSwapQueue<E> queue, QueueSpec spec, LiveDriver target, boolean declaredByHost) {
        queue.advancePastFinished();
        int retired = queue.retiredStages();
        if (retired >= MAX_RETIRED) {
            throw new IllegalArgumentException("cannot move queue '" + queue.name() + "': " + retired
                    + " earlier implementations are still in use (its consumers have not drained them, or its single"
                    + " producer has made no call since); try again once they are done");
        }
        Stage<E> stage = stageFor(spec, target, true); // a driver's refusal of the spec propagates: nothing changed
        int held = queue.size();
        if (stage.capacity != ConcurrentQueue.UNBOUNDED_CAPACITY && stage.capacity < held) {
            throw new IllegalArgumentException("cannot move queue '" + queue.name() + "' to " + stage.driver
                    + ": it holds " + held + " elements, more than the capacity " + stage.capacity);
        }
        queue.swapTo(stage);
        QueueSpec inForce = queue.spec();
        boolean moreProducers = spec.producers() == QueueSpec.Access.MULTI && inForce.producers() == QueueSpec.Access.SINGLE;
        boolean moreConsumers = spec.consumers() == QueueSpec.Access.MULTI && inForce.consumers() == QueueSpec.Access.SINGLE;
        if (!moreProducers && !moreConsumers) {
            queue.inForce(spec, declaredByHost);
            return;
        }
        String why = "queue '" + queue.name() + "' keeps spec " + inForce + " until " + (moreConsumers
                ? "the elements still in its single-consumer queue are taken"
                : "its single producer has made its next call")
                + "; its producers now use " + stage.driver + ", and " + spec + " takes effect by itself then";
        queue.pend(spec, declaredByHost, why);
        if (!queue.settlePending()) {
            settleLater();
            if (declaredByHost) {
                throw new IllegalStateException(why); // the host asked for the wider spec: it must know to wait
            }
        }
    }

    /** The queue's driver is going: to the best one left that can hold what it holds, else the fallback. */
    private <E> void moveFromDeparting(HotSwapQueue<E> queue) {
        QueueSpec spec = queue.target();
        LiveDriver best = best(spec);
        Stage<E> stage = best == null ? null : stageFor(spec, best, true);
        int held = queue.size();
        if (stage == null || stage.capacity != ConcurrentQueue.UNBOUNDED_CAPACITY && stage.capacity < held) {
            int capacity = Math.max(queue.capacity(), spec.capacity());
            stage = fallbackStage(spec, capacity, true);
            if (best != null) {
                queue.defer("on the fallback until it holds at most " + stageCapacity(spec, best) + " elements for "
                        + best.name() + " (holds " + held + ")");
                settleLater();
            }
        }
        queue.swapTo(stage);
    }

    /** A driver arrived, or the ticker retries: moves the queue to the best driver if that is better and fits. */
    private <E> void moveToBestIfBetter(HotSwapQueue<E> queue) {
        QueueSpec spec = queue.target();
        LiveDriver best = best(spec);
        Stage<E> current = queue.newest();
        if (best == null || best.id() == current.driverId) {
            return;
        }
        LiveDriver currentDriver = drivers.get(current.driverId);
        if (currentDriver != null && BEST_FIRST.compare(best, currentDriver) >= 0) {
            return;
        }
        queue.advancePastFinished();
        if (queue.retiredStages() >= MAX_RETIRED) {
            queue.defer("stays on " + current.driver + " until some of its " + MAX_RETIRED
                    + " earlier implementations are done with, then moves to " + best.name());
            settleLater();
            return;
        }
        Stage<E> stage = stageFor(spec, best, true);
        int held = queue.size();
        if (stage.capacity != ConcurrentQueue.UNBOUNDED_CAPACITY && stage.capacity < held) {
            queue.defer("stays on " + current.driver + " until it holds at most " + stage.capacity + " elements for "
                    + best.name() + " (holds " + held + ")");
            settleLater();
            return;
        }
        queue.swapTo(stage);
        if (queue.settlePending()) {
            queue.defer(null);
        }
    }

    /** Keeps retrying pending specs and deferred moves, every {@value #SETTLE_MILLIS} ms, until none is left. */
    private void settleLater() {
        if (settling == null && !settler.isShutdown()) {
            settling = settler.scheduleWithFixedDelay(this::settle, SETTLE_MILLIS, SETTLE_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    private void settle() {
        synchronized (lock) {
            boolean unsettled = false;
            for (HotSwapQueue<?> queue : queues.values()) {
                if (queue.pendingChange().isEmpty()) {
                    continue;
                }
                if (queue.settlePending()) {
                    queue.defer(null);
                    moveToBestIfBetter(queue); // may defer again
                }
                unsettled |= queue.pendingChange().isPresent();
            }
            if (!unsettled && settling != null) {
                settling.cancel(false);
                settling = null;
            }
        }
    }

    /** @return the best live driver for the spec, or null if none matches */
    private LiveDriver best(QueueSpec spec) {
        return drivers.values().stream().filter(d -> spec.matches(d.properties())).min(BEST_FIRST).orElse(null);
    }

    private static int stageCapacity(QueueSpec spec, LiveDriver driver) {
        return driver.driver().create(spec).capacity();
    }

    /**
     * Makes a stage: the driver's queue for {@code spec}, or the fallback's if there is no driver. Every class the
     * queue's code names is loaded here, and every method a managed queue calls on it is called once, so that what
     * they need is loaded while the driver's bundle is resolved: a retired stage keeps working after its bundle is
     * stopped, updated or refreshed away.
     *
     * @param limited whether older stages may still hold elements (see {@link Stage#limited()})
     */
    private static <E> Stage<E> stageFor(QueueSpec spec, LiveDriver driver, boolean limited) {
        if (driver == null) {
            return fallbackStage(spec, spec.capacity(), limited);
        }
        return stageOf(driver.driver().create(spec), spec, driver, limited);
    }

    /**
     * Gives a new queue its first stage: on the driver's front if it makes one for the spec (see FrontQueue), so that
     * the queue costs nothing over the driver's until it is first swapped; else as {@link #stageFor}.
     */
    private static <E> void begin(HotSwapQueue<E> queue, QueueSpec spec, LiveDriver driver) {
        Optional<FrontQueue<E>> front = driver == null ? Optional.empty() : driver.driver().createFront(spec, queue);
        if (front.isPresent()) {
            loadClasses(front.get());
            queue.begin(stageOf(front.get().own(), spec, driver, false), front.get());
        } else {
            queue.begin(stageFor(spec, driver, false), null);
        }
    }

    private static <E> Stage<E> stageOf(ConcurrentQueue<E> queue, QueueSpec spec, LiveDriver driver, boolean limited) {
        loadClasses(queue);
        boolean multiConsumer = QueueSpec.Access.MULTI.propertyValue().equals(driver.properties().get(QueueDriver.CONSUMERS));
        return new Stage<>(queue, driver.name(), driver.id(),
                Stage.exitFor(spec.producers() == QueueSpec.Access.SINGLE, queue), multiConsumer, limited);
    }

    private static <E> Stage<E> fallbackStage(QueueSpec spec, int capacity, boolean limited) {
        FallbackQueue<E> queue = new FallbackQueue<>(spec.bound(), capacity);
        return new Stage<>(queue, FALLBACK, -1, Stage.exitFor(spec.producers() == QueueSpec.Access.SINGLE, queue),
                true, limited);
    }

    /** Loads the classes a driver's front names (see {@link DriverClasses}): hosts call it until the first swap. */
    private static void loadClasses(FrontQueue<?> front) {
        DriverClasses.load(front.getClass());
    }

    /**
     * Loads the classes a stage's queue names (see {@link DriverClasses}) and calls what a managed queue calls on it,
     * for what those calls link (lambdas, string concatenation), on the new, still private queue (see stageFor).
     */
    private static void loadClasses(ConcurrentQueue<?> queue) {
        DriverClasses.load(queue.getClass());
        queue.peek();
        queue.relaxedPoll();
        queue.isEmpty();
        queue.size();
        queue.drain(e -> { }, 0);
        queue.relaxedDrain(e -> { }, 0);
        queue.iterator().hasNext();
        if (queue instanceof ClosableQueue) {
            ((ClosableQueue<?>) queue).producersClosed();
        }
    }
}
