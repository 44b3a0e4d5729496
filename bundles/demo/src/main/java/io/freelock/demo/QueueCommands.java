package io.freelock.demo;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import io.freelock.queue.QueueDriver;

/** Gogo commands about queues: {@code queue:drivers} lists the live drivers and their properties. */
@Component(service = QueueCommands.class, property = {
    "osgi.command.scope=queue",
    "osgi.command.function=drivers"
})
public final class QueueCommands {

    @Reference(service = QueueDriver.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC)
    private volatile List<ServiceReference<QueueDriver>> drivers;

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
                    ref.getProperty(QueueDriver.BOUNDED), Objects.requireNonNullElse(ref.getProperty(Constants.SERVICE_RANKING), 0),
                    ref.getBundle() == null ? "-" : ref.getBundle().getSymbolicName() + " " + ref.getBundle().getVersion()));
        }
        return table.toString();
    }
}
