package io.freelock.queue.manager;

import java.util.HashMap;
import java.util.Map;

import io.freelock.queue.QueueDriver;
import io.freelock.queue.michaelscott.MichaelScottDriver;
import io.freelock.queue.mpsc.MpscDriver;
import io.freelock.queue.spsc.SpscDriver;
import io.freelock.queue.testkit.DriverServices;
import io.freelock.queue.vyukov.VyukovDriver;

/** The real drivers, bound to a manager the way DS binds them: with their service properties. */
final class Drivers {

    static final long VYUKOV = 11;
    static final long SPSC = 12;
    static final long MICHAELSCOTT = 13;
    /** Bound only by the tests that name it: bindAll keeps the three drivers the older tests were written for. */
    static final long MPSC = 14;

    private final HotSwapQueueManager manager;
    private final Map<Long, QueueDriver> services = new HashMap<>();
    private final Map<Long, Map<String, Object>> properties = new HashMap<>();

    Drivers(HotSwapQueueManager manager) {
        this.manager = manager;
        add(VYUKOV, new VyukovDriver());
        add(SPSC, new SpscDriver());
        add(MICHAELSCOTT, new MichaelScottDriver());
        add(MPSC, new MpscDriver());
    }

    private void add(long id, QueueDriver driver) {
        services.put(id, driver);
        properties.put(id, DriverServices.properties(driver, id));
    }

    Drivers bind(long... ids) {
        for (long id : ids) {
            manager.bindDriver(services.get(id), properties.get(id));
        }
        return this;
    }

    Drivers unbind(long... ids) {
        for (long id : ids) {
            manager.unbindDriver(services.get(id), properties.get(id));
        }
        return this;
    }

    Drivers bindAll() {
        return bind(VYUKOV, SPSC, MICHAELSCOTT);
    }
}
