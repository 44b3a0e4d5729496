package io.freelock.queue.manager;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import io.freelock.queue.ManagedQueue;
import io.freelock.queue.QueueDriver;
import io.freelock.queue.QueueManager;

/**
 * Gogo commands for operators: {@code queue:drivers} lists the live drivers, {@code queue:list} the
 * managed queues, {@code queue:swap <name> <driver>} moves a queue to a driver and keeps it there.
 */
@Component(service = QueueCommands.class, property = {
    "osgi.command.scope=queue",
    "osgi.command.function=drivers",
    "osgi.command.function=list",
    "osgi.command.function=swap"
})
public final class QueueCommands {

    private final QueueManager manager;

    @Reference(service = QueueDriver.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC)
    private volatile List<ServiceReference<QueueDriver>> drivers;

    @Activate
    public QueueCommands(@Reference QueueManager manager) {
        this.manager = manager;
    }

    /** @return a table of the live drivers, best ranked first */
    public String drivers() {
        List<ServiceReference<QueueDriver>> live = new ArrayList<>(drivers);
        if (live.isEmpty()) {
            return "no queue driver is live";
        }
        live.sort(Comparator.reverseOrder()); // ServiceReference orders by ranking, then by age
        StringBuilder table = new StringBuilder(String.format("%-14s %-9s %-9s %-7s %7s  %s%n",
                "DRIVER", "PRODUCERS", "CONSUMERS", "BOUNDED", "RANKING", "BUNDLE"));
        for (ServiceReference<QueueDriver> ref : live) {
            table.append(String.format("%-14s %-9s %-9s %-7s %7s  %s%n", ref.getProperty(QueueDriver.DRIVER_NAME),
                    ref.getProperty(QueueDriver.PRODUCERS), ref.getProperty(QueueDriver.CONSUMERS),
                    ref.getProperty(QueueDriver.BOUNDED),
                    Objects.requireNonNullElse(ref.getProperty(Constants.SERVICE_RANKING), 0),
                    ref.getBundle() == null ? "-" : ref.getBundle().getSymbolicName() + " " + ref.getBundle().getVersion()));
        }
        return table.toString();
    }

    /**
     * @return a table of the managed queues: spec, driver, size, swaps, elements carried across swaps, longest
     *         consumer gap, and under a queue whatever change of it is pending, with the reason
     */
    public String list() {
        List<ManagedQueue<?>> queues = new ArrayList<>(manager.queues());
        if (queues.isEmpty()) {
            return "no managed queue is open";
        }
        queues.sort(Comparator.comparing(ManagedQueue::name));
        StringBuilder table = new StringBuilder(String.format("%-16s %-36s %-14s %10s %6s %10s %10s%n",
                "NAME", "SPEC", "DRIVER", "SIZE", "SWAPS", "CARRIED", "GAP(us)"));
        for (ManagedQueue<?> q : queues) {
            ManagedQueue.Stats stats = q.stats();
            table.append(String.format("%-16s %-36s %-14s %10d %6d %10d %10d%n", q.name(), q.spec(), q.driver(),
                    q.size(), stats.swaps(), stats.migrated(), stats.longestConsumerGapNanos() / 1000));
            q.pendingChange().ifPresent(why -> table.append("  pending: ").append(why).append(System.lineSeparator()));
        }
        return table.toString();
    }

    /** Moves queue {@code name} to {@code driver}; a refusal is printed with its reason and changes nothing. */
    public String swap(String name, String driver) {
        try {
            manager.swap(name, driver);
            return "queue '" + name + "' now on " + driver;
        } catch (IllegalArgumentException refused) {
            return refused.getMessage();
        }
    }
}
