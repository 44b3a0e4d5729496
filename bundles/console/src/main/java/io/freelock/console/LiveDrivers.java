package io.freelock.console;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import io.freelock.queue.QueueDriver;

/**
 * The queue drivers registered now, as their service properties describe them, best ranked first: what the Queues
 * page offers to swap to and the Drivers page lists. Only the references are held: a driver's service is never got.
 */
@Component(service = LiveDrivers.class)
public final class LiveDrivers {

    /** One driver, as its service properties say. */
    record Driver(String name, Object producers, Object consumers, Object bounded, Object ranking, String bundle) {
    }

    @Reference(service = QueueDriver.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC)
    private volatile List<ServiceReference<QueueDriver>> drivers;

    List<Driver> live() {
        List<ServiceReference<QueueDriver>> refs = new ArrayList<>(drivers);
        refs.sort(Comparator.reverseOrder()); // a ServiceReference orders by ranking, then by age
        List<Driver> live = new ArrayList<>();
        for (ServiceReference<QueueDriver> ref : refs) {
            Bundle bundle = ref.getBundle();
            if (bundle == null) {
                continue; // unregistered while we looked
            }
            live.add(new Driver(String.valueOf(ref.getProperty(QueueDriver.DRIVER_NAME)),
                    ref.getProperty(QueueDriver.PRODUCERS), ref.getProperty(QueueDriver.CONSUMERS),
                    ref.getProperty(QueueDriver.BOUNDED),
                    Objects.requireNonNullElse(ref.getProperty(Constants.SERVICE_RANKING), 0),
                    bundle.getSymbolicName() + " " + bundle.getVersion()));
        }
        return live;
    }
}
