package io.freelock.queue.manager;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.freelock.queue.ConcurrentQueue;
import io.freelock.queue.ManagedQueue;
import io.freelock.queue.QueueDriver;
import io.freelock.queue.QueueManager;
import io.freelock.queue.QueueSpec;
import io.freelock.queue.michaelscott.MichaelScottDriver;
import io.freelock.queue.spsc.SpscDriver;
import io.freelock.queue.testkit.DriverServices;
import io.freelock.queue.vyukov.VyukovDriver;

/**
 * A queue manager with the real drivers, bound and unbound the way DS does it (the manager's driver callbacks are
 * package-private, hence this class in its package), and a look at a managed queue's stages for the arbiters.
 * Public for the Lincheck tests, which live in another package. Driver services get the properties and rankings
 * the drivers declare to DS (see DriverServices).
 */
public final class ManagerRig {

    private final HotSwapQueueManager manager = new HotSwapQueueManager();
    private final Map<String, QueueDriver> drivers = new HashMap<>();
    private final Map<String, Map<String, Object>> properties = new HashMap<>();

    public ManagerRig() {
        add(new VyukovDriver(), 11);
        add(new SpscDriver(), 12);
        add(new MichaelScottDriver(), 13);
    }

    private void add(QueueDriver driver, long serviceId) {
        add(driver, DriverServices.properties(driver, serviceId));
    }

    private void add(QueueDriver driver, Map<String, Object> serviceProperties) {
        String name = DriverServices.name(driver);
        drivers.put(name, driver);
        properties.put(name, serviceProperties);
    }

    /** @return the manager, for open, swap and respecify */
    public QueueManager manager() {
        return manager;
    }

    /** Binds the named drivers, as DS does when their services appear: queues move to a better one at once. */
    public ManagerRig bind(String... names) {
        for (String name : names) {
            manager.bindDriver(drivers.get(name), properties.get(name));
        }
        return this;
    }

    /** Binds another driver (a test's own), with the given service id and ranking. */
    public ManagerRig bind(QueueDriver driver, long id, int ranking) {
        add(driver, DriverServices.properties(driver, id, ranking));
        return bind(DriverServices.name(driver));
    }

    /** Unbinds the named driver, as DS does while its bundle stops: its queues move to the best one left. */
    public ManagerRig unbind(String name) {
        manager.unbindDriver(drivers.get(name), properties.get(name));
        return this;
    }

    /** Opens {@code name} with {@code spec}. */
    public <E> ManagedQueue<E> open(String name, String spec) {
        return manager.open(name, QueueSpec.parse(spec));
    }

    /** @return the queues of the stages still chained in {@code queue}, oldest first */
    public static <E> List<ConcurrentQueue<E>> stages(ManagedQueue<E> queue) {
        List<ConcurrentQueue<E>> stages = new ArrayList<>();
        for (Stage<E> stage = (HotSwapQueue.behind(queue)).oldest(); stage != null; stage = stage.next) {
            stages.add(stage.queue);
        }
        return stages;
    }

    /**
     * For an arbiter, once the actors are done: which stage holds {@code element}.
     *
     * @return the driver of the stage whose queue holds it ({@value QueueManager#FALLBACK} for the manager's own),
     *         or null if no stage still chained holds it
     */
    public static String driverHolding(ManagedQueue<?> queue, Object element) {
        for (Stage<?> stage = (HotSwapQueue.behind(queue)).oldest(); stage != null; stage = stage.next) {
            if (stage.queue.contains(element)) {
                return stage.driver;
            }
        }
        return null;
    }

    /**
     * For an arbiter, once the actors are done: whether elements are stranded, that is some stage holds elements
     * behind an older stage that is retired and not left by its producers. Consumers take from a newer stage only
     * once the older ones are finished; with every producer call over, nothing will ever mark that older stage
     * left, so the elements behind it can never be taken. (A producer only adds to a newer stage after leaving the
     * older ones, so with no call in progress this never holds in a correct queue.)
     */
    public static boolean stranded(ManagedQueue<?> queue) {
        boolean blocked = false;
        for (Stage<?> stage = (HotSwapQueue.behind(queue)).oldest(); stage != null; stage = stage.next) {
            if (blocked && !stage.queue.isEmpty()) {
                return true;
            }
            blocked |= stage.next != null && !stage.producersGone();
        }
        return false;
    }

    /** @return whether some stage is retired (linked to a successor) but its producers are not known gone yet */
    public static boolean retiring(ManagedQueue<?> queue) {
        return retiring(queue, null);
    }

    /** @return whether some stage of {@code driver} (any, if null) is retired but its producers not known gone */
    public static boolean retiring(ManagedQueue<?> queue, String driver) {
        for (Stage<?> stage = (HotSwapQueue.behind(queue)).oldest(); stage != null; stage = stage.next) {
            if (stage.next != null && !stage.producersGone() && (driver == null || driver.equals(stage.driver))) {
                return true;
            }
        }
        return false;
    }

    /** @return each stage's element count (its queue's size), oldest first, as one string of digits */
    public static String stageSizes(ManagedQueue<?> queue) {
        StringBuilder sizes = new StringBuilder();
        for (ConcurrentQueue<?> stage : stages(queue)) {
            sizes.append(stage.size());
        }
        return sizes.toString();
    }
}
