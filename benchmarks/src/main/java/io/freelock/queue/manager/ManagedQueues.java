package io.freelock.queue.manager;

import io.freelock.queue.ManagedQueue;
import io.freelock.queue.QueueDriver;
import io.freelock.queue.QueueSpec;
import io.freelock.queue.michaelscott.MichaelScottDriver;
import io.freelock.queue.spsc.SpscDriver;
import io.freelock.queue.testkit.DriverServices;
import io.freelock.queue.vyukov.VyukovDriver;

/**
 * Benchmarks only: opens a managed queue outside OSGi, on a manager that has the three real drivers bound the way
 * Declarative Services binds them (with their service properties). It lives in the manager's package because
 * {@code bindDriver} is package-private; it is not part of the manager bundle.
 */
public final class ManagedQueues {

    private ManagedQueues() {
    }

    /**
     * @param spec a queue spec that names its driver, e.g. {@code queue:spsc?capacity=1024&driver=spsc}
     * @return a new managed queue on a manager of its own
     */
    public static <E> ManagedQueue<E> open(String spec) {
        return withDrivers().open("benchmark", QueueSpec.parse(spec));
    }

    /**
     * As {@link #open}, then swapped to {@code via} and back: the queue as it runs once it has been swapped, on the
     * same driver again but reached through the manager's stages (and, on a driver that made a front, through the
     * redirected front).
     */
    public static <E> ManagedQueue<E> openSwapped(String spec, String via) {
        HotSwapQueueManager manager = withDrivers();
        ManagedQueue<E> queue = manager.open("benchmark", QueueSpec.parse(spec));
        String driver = queue.driver();
        manager.swap("benchmark", via);
        manager.swap("benchmark", driver);
        return queue;
    }

    /** @return the manager's own queue behind a face it handed out: the managed queue without the driver's front */
    public static <E> ManagedQueue<E> behind(ManagedQueue<E> queue) {
        return HotSwapQueue.behind(queue);
    }

    private static HotSwapQueueManager withDrivers() {
        HotSwapQueueManager manager = new HotSwapQueueManager();
        bind(manager, new VyukovDriver(), 11);
        bind(manager, new SpscDriver(), 12);
        bind(manager, new MichaelScottDriver(), 13);
        return manager;
    }

    /**
     * As {@link #open}, counting traffic as it does while a metrics registry reports the queue (QueueMetrics): the
     * managed queue as a server with metrics on runs it.
     */
    public static <E> ManagedQueue<E> openMetered(String spec) {
        ManagedQueue<E> queue = ManagedQueues.open(spec);
        HotSwapQueue.behind(queue).metering(true);
        return queue; // the face a host holds, which may be the driver's front
    }

    private static void bind(HotSwapQueueManager manager, QueueDriver driver, long serviceId) {
        manager.bindDriver(driver, DriverServices.properties(driver, serviceId));
    }
}
