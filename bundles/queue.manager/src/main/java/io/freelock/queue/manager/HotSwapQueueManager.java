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
import java.util.function.Consumer;

import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.freelock.queue.ConcurrentQueue;
import io.freelock.queue.ManagedQueue;
import io.freelock.queue.QueueDriver;
import io.freelock.queue.QueueManager;
import io.freelock.queue.QueueSpec;

/**
 * The {@link QueueManager}: tracks every live {@link QueueDriver} and keeps each managed queue on the best
 * one for its spec. Swaps and evacuations are serialised by one lock: they are rare, and a producer or
 * consumer never takes it.
 */
@Component(service = QueueManager.class, immediate = true) // immediate: the queues live as long as the bundle, not as long as a user
public final class HotSwapQueueManager implements QueueManager {

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
     * Called while the driver's bundle is still stopping, so its queues still work: every queue on it moves
     * to the best driver left (or the fallback), and whatever its queues still hold moves into the manager.
     */
    void unbindDriver(QueueDriver driver, Map<String, Object> properties) {
        synchronized (lock) {
            long id = (Long) properties.get(Constants.SERVICE_ID);
            drivers.remove(id);
            for (HotSwapQueue<?> queue : queues.values()) {
                if (queue.newest().driverId == id) {
                    moveTo(queue, best(queue.spec()));
                }
                queue.evacuate(id);
            }
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
                if (!queue.spec().equals(spec)) {
                    throw new IllegalArgumentException("queue '" + name + "' is open with spec " + queue.spec()
                            + ", not " + spec);
                }
                return queue;
            }
            queue = new HotSwapQueue<>(name, spec, stageFor(spec, best(spec)));
            queues.put(name, queue);
            for (Consumer<HotSwapQueue<?>> observer : observers) {
                observer.accept(queue);
            }
            return queue;
        }
    }

    @Override
    public Optional<ManagedQueue<?>> find(String name) {
        return Optional.ofNullable(queues.get(name));
    }

    @Override
    public Collection<ManagedQueue<?>> queues() {
        return List.copyOf(queues.values());
    }

    @Override
    public void swap(String name, String driver) {
        Objects.requireNonNull(driver, "driver name is null");
        synchronized (lock) {
            HotSwapQueue<?> queue = queue(name);
            QueueSpec pinned;
            try {
                pinned = queue.spec().withDriver(driver);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("cannot swap queue '" + name + "': " + e.getMessage(), e);
            }
            LiveDriver target = drivers.values().stream().filter(d -> d.name().equals(driver))
                    .min(BEST_FIRST).orElseThrow(() -> new IllegalArgumentException(
                            "cannot swap queue '" + name + "': no live driver '" + driver + "'"));
            pinned.mismatch(target.properties()).ifPresent(why -> {
                throw new IllegalArgumentException("cannot swap queue '" + name + "' to '" + driver + "': " + why);
            });
            replace(queue, pinned, target);
        }
    }

    @Override
    public void respecify(String name, QueueSpec spec) {
        Objects.requireNonNull(spec, "queue spec is null");
        synchronized (lock) {
            HotSwapQueue<?> queue = queue(name);
            if (!queue.spec().equals(spec)) {
                replace(queue, spec, best(spec));
            }
        }
    }

    /** Calls {@code observer} with every open queue and, until {@link #unobserve}, every queue opened later. */
    void observe(Consumer<HotSwapQueue<?>> observer) {
        synchronized (lock) {
            observers.add(observer);
            queues.values().forEach(observer);
        }
    }

    void unobserve(Consumer<HotSwapQueue<?>> observer) {
        observers.remove(observer);
    }

    Collection<HotSwapQueue<?>> managedQueues() {
        return List.copyOf(queues.values());
    }

    private HotSwapQueue<?> queue(String name) {
        HotSwapQueue<?> queue = queues.get(Objects.requireNonNull(name, "queue name is null"));
        if (queue == null) {
            throw new IllegalArgumentException("no queue '" + name + "' is open");
        }
        return queue;
    }

    /** Moves the queue to {@code target} under {@code spec}, or changes nothing if the target cannot hold it. */
    private <E> void replace(HotSwapQueue<E> queue, QueueSpec spec, LiveDriver target) {
        Stage<E> stage = stageFor(spec, target); // a driver's refusal of the spec propagates: nothing changed
        int capacity = stage.queue.capacity();
        int held = queue.size();
        if (capacity != ConcurrentQueue.UNBOUNDED_CAPACITY && capacity < held) {
            throw new IllegalArgumentException("cannot move queue '" + queue.name() + "' to " + stage.driver
                    + ": it holds " + held + " elements, more than the capacity " + capacity);
        }
        queue.respecified(spec);
        queue.swapTo(stage);
    }

    private void moveToBestIfBetter(HotSwapQueue<?> queue) {
        LiveDriver best = best(queue.spec());
        Stage<?> current = queue.newest();
        if (best == null || best.id() == current.driverId) {
            return;
        }
        LiveDriver currentDriver = drivers.get(current.driverId);
        if (currentDriver == null || BEST_FIRST.compare(best, currentDriver) < 0) {
            moveTo(queue, best);
        }
    }

    private <E> void moveTo(HotSwapQueue<E> queue, LiveDriver target) {
        queue.swapTo(stageFor(queue.spec(), target));
    }

    /** @return the best live driver for the spec, or null if none matches */
    private LiveDriver best(QueueSpec spec) {
        return drivers.values().stream().filter(d -> spec.matches(d.properties())).min(BEST_FIRST).orElse(null);
    }

    private static <E> Stage<E> stageFor(QueueSpec spec, LiveDriver driver) {
        if (driver == null) {
            return new Stage<>(FallbackQueue.forSpec(spec), FALLBACK, -1, true);
        }
        return new Stage<>(driver.driver().create(spec), driver.name(), driver.id(), false);
    }
}
