package io.freelock.it;

import static io.freelock.it.FreelockContainer.shell;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotSame;
import static org.junit.Assert.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.TreeMap;

import javax.inject.Inject;
import javax.management.MBeanServer;
import javax.management.ObjectName;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

import io.freelock.queue.ConcurrentQueue;
import io.freelock.queue.QueueDriver;
import io.freelock.queue.QueueSpec;
import io.freelock.queue.testkit.Await;
import io.freelock.queue.testkit.Exchange;

/**
 * The metrics bundle in the whole shipped container: values recorded through the registry service come out
 * of GET /metrics (Prometheus text 0.0.4), JMX and the shell; stopping the bundle leaves the rest working,
 * and starting it again brings /metrics back.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class MetricsIT {

    private static final String METRICS_BUNDLE = "io.freelock.metrics.hdr";
    private static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() {
        return FreelockContainer.options();
    }

    @Test
    public void elementsMovedThroughAQueueAndRecordedValuesAreServedAtSlashMetrics() throws Exception {
        RegistryClient registry = RegistryClient.await(context);
        ConcurrentQueue<Long> queue = vyukovQueue();
        Object moved = registry.counter("it_elements_moved", "queue", "it-orders");
        registry.add(moved, Exchange.run(queue, 2, 2, 50_000, false)); // 100,000 elements, checked by Exchange
        Object apply = registry.timer("it_apply_seconds", "op", "roll");
        for (long ms = 1; ms <= 100; ms++) {
            registry.recordNanos(apply, ms * 1_000_000);
        }
        Object retries = registry.histogram("it_cas_retries");
        for (int i = 0; i < 10; i++) {
            registry.record(retries, i < 9 ? 0 : 5);
        }
        for (long i = 0; i < 17; i++) {
            queue.offer(i);
        }
        registry.gauge("it_queue_size", queue::size, "queue", "it-orders");

        Scrape scrape = Scrape.awaitOk(port());
        assertEquals(CONTENT_TYPE, scrape.contentType);
        assertEquals(100_000, scrape.value("it_elements_moved_total{queue=\"it-orders\"}"), 0);
        assertEquals(17, scrape.value("it_queue_size{queue=\"it-orders\"}"), 0);
        assertEquals(100, scrape.value("it_apply_seconds_count{op=\"roll\"}"), 0);
        assertEquals(5.05, scrape.value("it_apply_seconds_sum{op=\"roll\"}"), 1e-9); // 1 + 2 + ... + 100 ms
        assertEquals(0.1, scrape.value("it_apply_seconds_max{op=\"roll\"}"), 0);
        assertEquals(0.05, scrape.value("it_apply_seconds{op=\"roll\",quantile=\"0.5\"}"), 0.05 * 0.001);
        assertEquals(0.099, scrape.value("it_apply_seconds{op=\"roll\",quantile=\"0.99\"}"), 0.099 * 0.001);
        assertEquals(10, scrape.value("it_cas_retries_count"), 0);
        assertEquals(5, scrape.value("it_cas_retries_sum"), 0);
        assertEquals(5, scrape.value("it_cas_retries_max"), 0);
        assertTrue(scrape.body, scrape.body.contains("# TYPE it_elements_moved_total counter\n"));
        assertTrue(scrape.body, scrape.body.contains("# TYPE it_apply_seconds summary\n"));
    }

    @Test
    public void openMetricsAndGzipAreServedWhenAskedForAndTheJvmFamiliesAreThere() throws Exception {
        RegistryClient registry = RegistryClient.await(context);
        registry.add(registry.counter("it_negotiated", "queue", "it-om"), 5);
        Scrape.awaitOk(port());

        Scrape plain = Scrape.get(port());
        assertEquals(CONTENT_TYPE, plain.contentType);
        assertEquals(null, plain.contentEncoding);
        assertTrue(plain.body, plain.body.contains("# TYPE it_negotiated_total counter\n"));

        Scrape open = Scrape.get(port(), Map.of("Accept", "application/openmetrics-text;version=1.0.0,"
                + "text/plain;version=0.0.4;q=0.5,*/*;q=0.1"));
        assertEquals("application/openmetrics-text; version=1.0.0; charset=utf-8", open.contentType);
        assertTrue(open.body, open.body.endsWith("\n# EOF\n"));
        assertTrue(open.body, open.body.contains("# TYPE it_negotiated counter\nit_negotiated_total{queue=\"it-om\"} 5\n"));
        assertTrue(open.body, open.body.contains("# TYPE jvm_runtime info\n"));

        Scrape zipped = Scrape.get(port(), Map.of("Accept-Encoding", "gzip"));
        assertEquals("gzip", zipped.contentEncoding);
        assertEquals(5, zipped.value("it_negotiated_total{queue=\"it-om\"}"), 0);
        for (String family : new String[] {"jvm_memory_used_bytes{area=\"heap\"}", "jvm_threads_current",
                "jvm_classes_loaded_total", "process_cpu_seconds_total", "process_start_time_seconds"}) {
            assertTrue(family, zipped.value(family) > 0);
        }
    }

    @Test
    public void theShellAndJmxShowTheSameValues() throws Exception {
        RegistryClient registry = RegistryClient.await(context);
        registry.add(registry.counter("it_shell_events", "queue", "it-chat"), 42);
        registry.recordNanos(registry.timer("it_shell_seconds", "queue", "it-chat"), 3_000_000);

        String table = shell(context, "metrics:list it_shell");
        String[] lines = table.split("\n");
        assertEquals(table, 3, lines.length);
        assertTrue(table, lines[0].startsWith("NAME"));
        assertTrue(table, lines[1].matches("it_shell_events +\\{queue=\"it-chat\"\\} +counter +42"));
        assertTrue(table, lines[2].matches("it_shell_seconds +\\{queue=\"it-chat\"\\} +timer +1 +0\\.003 s .*"));

        MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
        assertEquals(42L, jmx.getAttribute(
                new ObjectName("io.freelock.metrics:type=counter,name=it_shell_events,queue=it-chat"), "Count"));
        assertEquals(0.003, (Double) jmx.getAttribute(
                new ObjectName("io.freelock.metrics:type=timer,name=it_shell_seconds,queue=it-chat"), "Max"), 1e-12);
    }

    @Test
    public void theHttpServerListensOnTheLoopbackAddressAndTheConfiguredPort() throws Exception {
        Await.until("the HTTP runtime", () -> endpoint() != null);
        assertEquals("http://" + FreelockContainer.HTTP_HOST + ":" + port() + "/", endpoint());
    }

    @Test
    public void stoppingTheMetricsBundleLeavesTheQueuesWorkingAndStartingItResumesReporting() throws Exception {
        Bundle metrics = bundle(METRICS_BUNDLE);
        RegistryClient before = RegistryClient.await(context);
        before.add(before.counter("it_restart_events"), 5);
        assertEquals(5, Scrape.awaitValue(port(), "it_restart_events_total", 5), 0);
        Map<String, Integer> statesBefore = statesExcept(METRICS_BUNDLE);
        int driversBefore = context.getServiceReferences(QueueDriver.class, null).size();
        MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
        ObjectName ours = new ObjectName("io.freelock.metrics:*");

        ConcurrentQueue<Long> queue = vyukovQueue();
        long movedWhileStopping;
        try {
            movedWhileStopping = Exchange.runWhile(queue, () -> {
                try {
                    metrics.stop();
                } catch (Exception e) {
                    throw new AssertionError("stopping " + METRICS_BUNDLE, e);
                }
                Await.until("the registry to go", () -> RegistryClient.find(context) == null);
                Await.until("GET /metrics to answer 404", () -> Scrape.status(port()) == 404);
            });
            assertEquals(Bundle.RESOLVED, metrics.getState());
            assertTrue("MBeans left: " + jmx.queryNames(ours, null), jmx.queryNames(ours, null).isEmpty());
            assertEquals(200_000, movedWhileStopping);
            assertEquals("every other bundle kept its state", statesBefore, statesExcept(METRICS_BUNDLE));
            assertEquals("every driver still registered", driversBefore,
                    context.getServiceReferences(QueueDriver.class, null).size());
        } finally {
            metrics.start();
        }

        RegistryClient after = RegistryClient.await(context);
        assertNotSame(before.service, after.service);
        after.add(after.counter("it_restart_events"), 7); // a new registry: it counts from zero
        assertEquals(7, Scrape.awaitValue(port(), "it_restart_events_total", 7), 0);
        Await.until("the MBeans to come back", () -> !jmx.queryNames(ours, null).isEmpty());
    }

    private int port() {
        return Integer.parseInt(context.getProperty(FreelockContainer.HTTP_PORT));
    }

    private String endpoint() {
        ServiceReference<?> runtime = context.getServiceReference("org.osgi.service.servlet.runtime.HttpServiceRuntime");
        Object endpoints = runtime == null ? null : runtime.getProperty("osgi.http.endpoint");
        return endpoints instanceof String[] ? ((String[]) endpoints)[0] : (String) endpoints;
    }

    private ConcurrentQueue<Long> vyukovQueue() throws Exception {
        Await.until("the vyukov driver", () -> driver("vyukov") != null);
        return context.getService(driver("vyukov")).create(QueueSpec.parse("queue:mpmc?driver=vyukov&capacity=1024"));
    }

    private ServiceReference<QueueDriver> driver(String name) {
        try {
            return context.getServiceReferences(QueueDriver.class, "(queue.driver=" + name + ")").stream()
                    .findFirst().orElse(null);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
    private Bundle bundle(String symbolicName) {
        for (Bundle bundle : context.getBundles()) {
            if (symbolicName.equals(bundle.getSymbolicName())) {
                return bundle;
            }
        }
        throw new AssertionError(symbolicName + " is not installed");
    }

    private Map<String, Integer> statesExcept(String symbolicName) {
        Map<String, Integer> states = new TreeMap<>();
        for (Bundle bundle : context.getBundles()) {
            if (!symbolicName.equals(bundle.getSymbolicName())) {
                states.put(bundle.getSymbolicName() + " " + bundle.getBundleId(), bundle.getState());
            }
        }
        return states;
    }
}
