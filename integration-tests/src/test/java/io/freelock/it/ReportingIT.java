package io.freelock.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

import io.freelock.consensus.GameEngine;
import io.freelock.consensus.GameEngineFactory;
import io.freelock.consensus.GameSpec;
import io.freelock.consensus.Participant;
import io.freelock.consensus.StateMachine;
import io.freelock.consensus.testkit.CounterGame;
import io.freelock.queue.ManagedQueue;
import io.freelock.queue.QueueManager;
import io.freelock.queue.QueueSpec;
import io.freelock.queue.testkit.Await;
import io.freelock.queue.testkit.Exchange;

/** The queue manager and the engine report into the metrics registry, and /metrics shows the right values. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ReportingIT {

    @Inject
    private BundleContext context;

    @Inject
    private QueueManager manager;

    @Inject
    private GameEngineFactory engines;

    @Configuration
    public Option[] config() {
        return FreelockContainer.options();
    }

    private int port() {
        return Integer.parseInt(context.getProperty(FreelockContainer.HTTP_PORT));
    }

    @Test
    public void aManagedQueueReportsItsTrafficAndSwaps() throws Exception {
        ManagedQueue<Long> queue = manager.open("reported", QueueSpec.parse("queue:mpsc"));
        assertEquals(100_000, Exchange.run(queue, 2, 1, 50_000, false));
        Scrape.awaitValue(port(), "freelock_queue_offered_total{queue=\"reported\"}", 100_000);
        Scrape.awaitValue(port(), "freelock_queue_polled_total{queue=\"reported\"}", 100_000);
        Scrape.awaitValue(port(), "freelock_queue_size{queue=\"reported\"}", 0);

        manager.swap("reported", "michaelscott");
        queue.offer(7L);
        Scrape.awaitValue(port(), "freelock_queue_swaps_total{queue=\"reported\"}", 1);
        Scrape.awaitValue(port(), "freelock_queue_size{queue=\"reported\"}", 1);
        assertEquals(Long.valueOf(7), queue.poll());
        Scrape.awaitValue(port(), "freelock_queue_polled_total{queue=\"reported\"}", 100_001);
    }

    @Test
    public void anEngineReportsItsCommitsAndLatency() throws Exception {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(StateMachine.GAME_TYPE, "metered-counter");
        ServiceRegistration<?> rules = context.registerService(StateMachine.class, new CounterGame(), properties);
        try {
            Participant player = new Participant("p0", Participant.generateKeys().getPublic());
            Await.until("the counter rules", () -> engines.gameTypes().contains("metered-counter"));
            @SuppressWarnings("unchecked")
            GameEngine<Long, Long> engine = (GameEngine<Long, Long>) engines.open(
                    new GameSpec("metered", "metered-counter", List.of(player)));
            for (int i = 0; i < 250; i++) {
                engine.apply(1L);
            }
            assertEquals(250, engine.current().version());
            Scrape.awaitValue(port(), "freelock_engine_transitions_total{game=\"metered\"}", 250);
            Scrape.awaitValue(port(), "freelock_engine_cas_succeeded_total{game=\"metered\"}", 250);
            Scrape.awaitValue(port(), "freelock_engine_version{game=\"metered\"}", 250);
            // latency and retries are summaries: the quantile is a label, never part of the name
            Scrape scrape = Scrape.awaitOk(port());
            double p99 = scrape.value("freelock_engine_apply_latency_seconds{game=\"metered\",quantile=\"0.99\"}");
            assertTrue("p99 apply latency " + p99, p99 > 0 && p99 < 60);
            double sampled = scrape.value("freelock_engine_apply_latency_seconds_count{game=\"metered\"}");
            assertTrue("latency samples " + sampled, sampled > 0 && sampled <= 250);
            assertEquals(0, scrape.value("freelock_engine_retries_per_operation{game=\"metered\",quantile=\"0.5\"}"), 0);
            assertEquals(250, scrape.value("freelock_engine_retries_per_operation_count{game=\"metered\"}"), 0);
            assertTrue(scrape.body, !scrape.body.matches("(?s).*_p(50|99|999)\\b.*"));
            engines.close("metered");
            Await.until("the closed game's series to go", () -> {
                try {
                    return !Scrape.get(port()).body.contains("game=\"metered\"");
                } catch (java.io.IOException e) {
                    return false;
                }
            });
        } finally {
            rules.unregister();
        }
    }
}
