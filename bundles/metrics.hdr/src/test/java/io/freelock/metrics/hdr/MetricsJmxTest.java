package io.freelock.metrics.hdr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;

import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;

import org.junit.jupiter.api.Test;

import io.freelock.metrics.Counter;
import io.freelock.metrics.Tags;

class MetricsJmxTest {

    private final HdrMetricsRegistry registry = new HdrMetricsRegistry(3);
    private final MBeanServer server = MBeanServerFactory.newMBeanServer(); // not the platform's, not kept
    private final MetricsJmx jmx = new MetricsJmx(registry, server);

    @Test
    void eachSeriesIsAnMBeanWithTheValuesOfTheExposition() throws Exception {
        registry.counter("queue_offered", Tags.of("queue", "orders")).add(5); // before start: picked up
        jmx.start();
        registry.gauge("queue_size", "", Tags.of("queue", "orders"), () -> 3);
        registry.timer("apply_seconds", Tags.of("op", "roll")).record(2, TimeUnit.MILLISECONDS);

        assertEquals(5L, server.getAttribute(
                new ObjectName("io.freelock.metrics:type=counter,name=queue_offered,queue=orders"), "Count"));
        assertEquals(3.0, server.getAttribute(
                new ObjectName("io.freelock.metrics:type=gauge,name=queue_size,queue=orders"), "Value"));
        ObjectName timer = new ObjectName("io.freelock.metrics:type=timer,name=apply_seconds,op=roll");
        assertEquals(1L, server.getAttribute(timer, "Count"));
        assertEquals(0.002, (Double) server.getAttribute(timer, "Max"), 1e-12);
        assertEquals(0.002, (Double) server.getAttribute(timer, "Quantile99"), 0.000002);
        assertEquals("seconds", server.getAttribute(timer, "Unit"));
    }

    @Test
    void removedSeriesAndAStoppedExporterLeaveNoMBean() throws Exception {
        jmx.start();
        Counter counter = registry.counter("c", Tags.of("k", "v"));
        registry.counter("d", Tags.empty());
        assertEquals(2, server.queryNames(new ObjectName("io.freelock.metrics:*"), null).size());
        registry.remove(counter);
        assertEquals(1, server.queryNames(new ObjectName("io.freelock.metrics:*"), null).size());
        jmx.stop();
        assertTrue(server.queryNames(new ObjectName("io.freelock.metrics:*"), null).isEmpty());
        registry.counter("e", Tags.empty());
        assertTrue(server.queryNames(new ObjectName("io.freelock.metrics:*"), null).isEmpty(), "stopped: not listening");
    }

    @Test
    void tagsNamedTypeOrNameAndOddValuesStillMakeAValidName() throws Exception {
        ObjectName name = MetricMBeans.objectName(registry.counter("c", Tags.of("type", "a", "name", "x,y=\"z\"")));
        assertEquals("counter", name.getKeyProperty("type"));
        assertEquals("c", name.getKeyProperty("name"));
        assertEquals("a", name.getKeyProperty("tag.type"));
        assertEquals("x,y=\"z\"", ObjectName.unquote(name.getKeyProperty("tag.name")));
        assertFalse(name.isPattern());
    }
}
