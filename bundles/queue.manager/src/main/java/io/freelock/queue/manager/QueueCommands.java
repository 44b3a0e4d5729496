package io.freelock.queue.manager;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

import org.apache.felix.service.command.Descriptor;
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
 * managed queues, {@code queue:swap <queue> <driver>} moves a queue to a driver and keeps it there. Called with
 * the wrong number of arguments, each prints its usage line; a refusal is one line with the reason.
 */
@Component(service = QueueCommands.class, property = {
    "osgi.command.scope=queue",
    "osgi.command.function=drivers",
    "osgi.command.function=list",
    "osgi.command.function=swap"
})
public final class QueueCommands {

    static final String DRIVERS_USAGE = "usage: queue:drivers  (takes no argument; lists the live queue drivers)";
    static final String LIST_USAGE = "usage: queue:list  (takes no argument; lists the managed queues)";
    static final String SWAP_USAGE = "usage: queue:swap <queue> <driver>  (a queue from queue:list, a driver from queue:drivers)";

    private final QueueManager manager;

    @Reference(service = QueueDriver.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC)
    private volatile List<ServiceReference<QueueDriver>> drivers;

    @Activate
    public QueueCommands(@Reference QueueManager manager) {
        this.manager = manager;
    }

    /** @return a table of the live drivers, best ranked first */
    @Descriptor("lists the live queue drivers, best ranked first: name, producers, consumers, bounded, ranking, bundle")
    public String drivers() {
        List<ServiceReference<QueueDriver>> live = new ArrayList<>(drivers);
        if (live.isEmpty()) {
            return "no queue driver is live";
        }
        live.sort(Comparator.reverseOrder()); // ServiceReference orders by ranking, then by age
        int width = width("DRIVER", live.stream().map(ref -> String.valueOf(ref.getProperty(QueueDriver.DRIVER_NAME))));
        String format = "%-" + width + "s %-9s %-9s %-7s %7s  %s%n";
        StringBuilder table = new StringBuilder(String.format(format,
                "DRIVER", "PRODUCERS", "CONSUMERS", "BOUNDED", "RANKING", "BUNDLE"));
        for (ServiceReference<QueueDriver> ref : live) {
            table.append(String.format(format, ref.getProperty(QueueDriver.DRIVER_NAME),
                    ref.getProperty(QueueDriver.PRODUCERS), ref.getProperty(QueueDriver.CONSUMERS),
                    ref.getProperty(QueueDriver.BOUNDED),
                    Objects.requireNonNullElse(ref.getProperty(Constants.SERVICE_RANKING), 0),
                    ref.getBundle() == null ? "-" : ref.getBundle().getSymbolicName() + " " + ref.getBundle().getVersion()));
        }
        return table.toString();
    }

    /** queue:drivers with arguments: it takes none. */
    @Descriptor("with any argument: prints the usage line (queue:drivers takes no argument)")
    public String drivers(@Descriptor("arguments it does not take") String... unexpected) {
        return DRIVERS_USAGE;
    }

    /**
     * @return a table of the managed queues: spec, driver, size, swaps, elements carried across swaps, longest
     *         consumer gap, and under a queue whatever change of it is pending, with the reason
     */
    @Descriptor("lists the managed queues: spec, driver, size, swaps, elements carried across swaps, longest consumer "
            + "gap in seconds, and any pending change with its reason")
    public String list() {
        List<ManagedQueue<?>> queues = new ArrayList<>(manager.queues());
        if (queues.isEmpty()) {
            return "no managed queue is open";
        }
        queues.sort(Comparator.comparing(ManagedQueue::name));
        // Columns as wide as their longest entry, so long names and specs never push the numbers out of line
        String format = "%-" + width("NAME", queues.stream().map(ManagedQueue::name)) + "s %-"
                + width("SPEC", queues.stream().map(q -> q.spec().toString())) + "s %-"
                + width("DRIVER", queues.stream().map(ManagedQueue::driver)) + "s %10s %6s %10s %10s%n";
        StringBuilder table = new StringBuilder(String.format(format,
                "NAME", "SPEC", "DRIVER", "SIZE", "SWAPS", "CARRIED", "GAP(s)"));
        for (ManagedQueue<?> q : queues) {
            ManagedQueue.Stats stats = q.stats();
            table.append(String.format(format, q.name(), q.spec(), q.driver(), q.size(), stats.swaps(), stats.migrated(),
                    seconds(stats.longestConsumerGapNanos())));
            q.pendingChange().ifPresent(why -> table.append("  pending: ").append(why).append(System.lineSeparator()));
        }
        return table.toString();
    }

    /** queue:list with arguments: it takes none. */
    @Descriptor("with any argument: prints the usage line (queue:list takes no argument)")
    public String list(@Descriptor("arguments it does not take") String... unexpected) {
        return LIST_USAGE;
    }

    /** Moves queue {@code name} to {@code driver}; a refusal is printed with its reason and changes nothing. */
    @Descriptor("moves a managed queue to a driver and keeps it there; a refusal prints its reason and changes nothing")
    public String swap(@Descriptor("the managed queue's name, as queue:list shows it") String name,
            @Descriptor("the driver's name, as queue:drivers shows it") String driver) {
        try {
            manager.swap(name, driver);
            return "queue '" + name + "' now on " + driver;
        } catch (IllegalArgumentException refused) {
            return refused.getMessage();
        }
    }

    /** queue:swap with other than two arguments. */
    @Descriptor("with other than two arguments: prints the usage line")
    public String swap(@Descriptor("the arguments given") String... wrong) {
        return SWAP_USAGE;
    }

    private static int width(String header, Stream<String> cells) {
        return Math.max(header.length(), cells.mapToInt(String::length).max().orElse(0));
    }

    /** @return the duration in seconds, the unit /metrics uses, to three significant digits and without an exponent */
    static String seconds(long nanos) {
        return new BigDecimal(nanos).movePointLeft(9).round(new MathContext(3)).stripTrailingZeros().toPlainString();
    }
}
