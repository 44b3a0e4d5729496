package io.freelock.it;

import static io.freelock.it.FreelockContainer.shell;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

import io.freelock.queue.ConcurrentQueue;
import io.freelock.queue.QueueDriver;
import io.freelock.queue.QueueSpec;
import io.freelock.queue.testkit.Await;
import io.freelock.queue.testkit.Exchange;

/** The shipped bundle set in a real framework: the four drivers live and working (FrameworkIT: every bundle active). */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class QueueDriversIT {

    private static final Map<String, List<Object>> EXPECTED_DRIVERS = Map.of(
            // name -> producers, consumers, bounded, ranking, bundle
            "vyukov", List.of("multi", "multi", true, 200, "io.freelock.queue.vyukov"),
            "spsc", List.of("single", "single", true, 300, "io.freelock.queue.spsc"),
            "mpsc", List.of("multi", "single", false, 150, "io.freelock.queue.mpsc"),
            "michaelscott", List.of("multi", "multi", false, 100, "io.freelock.queue.michaelscott"));

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() {
        return FreelockContainer.options();
    }

    @Test
    public void eachDriverIsRegisteredWithWhatItOffers() {
        Map<String, ServiceReference<QueueDriver>> drivers = awaitDrivers(EXPECTED_DRIVERS.keySet());
        assertEquals(EXPECTED_DRIVERS.keySet(), drivers.keySet());
        drivers.forEach((name, ref) -> {
            List<Object> expected = EXPECTED_DRIVERS.get(name);
            assertEquals(name, expected.get(0), ref.getProperty(QueueDriver.PRODUCERS));
            assertEquals(name, expected.get(1), ref.getProperty(QueueDriver.CONSUMERS));
            assertEquals(name, expected.get(2), ref.getProperty(QueueDriver.BOUNDED));
            assertEquals(name, expected.get(3), ref.getProperty(Constants.SERVICE_RANKING));
            assertEquals(name, expected.get(4), ref.getBundle().getSymbolicName());
        });
    }

    @Test
    public void aQueueFromEachDriverMovesAMillionElementsInOrder() throws Exception {
        Map<String, ServiceReference<QueueDriver>> drivers = awaitDrivers(EXPECTED_DRIVERS.keySet());
        List<String> specs = List.of("queue:mpmc?driver=vyukov", "queue:spsc?driver=vyukov",
                "queue:spsc?driver=spsc", "queue:mpmc?driver=michaelscott", "queue:spsc?driver=michaelscott",
                "queue:mpsc?driver=mpsc");
        for (String text : specs) {
            QueueSpec spec = QueueSpec.parse(text);
            QueueDriver driver = context.getService(drivers.get(spec.driver().get()));
            try {
                ConcurrentQueue<Long> queue = driver.create(spec);
                assertEquals(text, 1_000_000, Exchange.run(queue, 1, 1, 1_000_000, false));
                assertTrue(text + " is empty afterwards", queue.isEmpty());
            } finally {
                context.ungetService(drivers.get(spec.driver().get()));
            }
        }
    }

    @Test
    public void stoppingADriverBundleRemovesItsServiceAndStartingItBringsItBack() throws Exception {
        for (Map.Entry<String, List<Object>> driver : EXPECTED_DRIVERS.entrySet()) {
            String name = driver.getKey();
            Bundle bundle = bundle((String) driver.getValue().get(4));
            awaitDrivers(List.of(name));
            bundle.stop();
            Await.until(name + " to go", () -> drivers().get(name) == null);
            assertEquals(Bundle.RESOLVED, bundle.getState());
            bundle.start();
            ServiceReference<QueueDriver> back = awaitDrivers(List.of(name)).get(name);
            assertEquals(bundle, back.getBundle());
        }
        assertEquals(EXPECTED_DRIVERS.keySet(), awaitDrivers(EXPECTED_DRIVERS.keySet()).keySet());
    }

    @Test
    public void theShellListsTheLiveDrivers() throws Exception {
        awaitDrivers(EXPECTED_DRIVERS.keySet());
        String table = shell(context, "queue:drivers");
        String[] lines = table.split("\n");
        assertTrue(table, lines[0].startsWith("DRIVER"));
        assertTrue(table, lines[1].startsWith("spsc "));   // best ranked first
        assertTrue(table, lines[2].startsWith("vyukov "));
        assertTrue(table, lines[3].startsWith("mpsc "));
        assertTrue(table, lines[3].contains("io.freelock.queue.mpsc"));
        assertTrue(table, lines[4].startsWith("michaelscott "));
        assertTrue(table, lines[4].contains("io.freelock.queue.michaelscott"));
    }

    private Bundle bundle(String symbolicName) {
        for (Bundle bundle : context.getBundles()) {
            if (symbolicName.equals(bundle.getSymbolicName())) {
                return bundle;
            }
        }
        return null;
    }

    private Map<String, ServiceReference<QueueDriver>> drivers() {
        Map<String, ServiceReference<QueueDriver>> byName = new TreeMap<>();
        try {
            for (ServiceReference<QueueDriver> ref : context.getServiceReferences(QueueDriver.class, null)) {
                byName.put(String.valueOf(ref.getProperty(QueueDriver.DRIVER_NAME)), ref);
            }
        } catch (InvalidSyntaxException e) {
            throw new AssertionError(e);
        }
        return byName;
    }

    private Map<String, ServiceReference<QueueDriver>> awaitDrivers(Collection<String> names) {
        Await.until("drivers " + names, () -> drivers().keySet().containsAll(names));
        return drivers();
    }
}
