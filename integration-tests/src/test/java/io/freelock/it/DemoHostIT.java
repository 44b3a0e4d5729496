package io.freelock.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

import io.freelock.consensus.GameEngine;
import io.freelock.consensus.GameEngineFactory;
import io.freelock.queue.testkit.Await;

/** The demo host as the launcher drives it: switched on by ConfigAdmin, its verdict through an exit hook. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DemoHostIT {

    /** The demo's craps table service; the demo bundle exports nothing, so it is named, not imported. */
    private static final String CRAPS_HOST = "io.freelock.demo.CrapsHost";
    private static final String ENGINE_BUNDLE = "io.freelock.consensus.engine";

    @Inject
    private BundleContext context;

    @Inject
    private ConfigurationAdmin configurationAdmin;

    @org.ops4j.pax.exam.Configuration
    public Option[] config() {
        return FreelockContainer.options();
    }

    @Test
    public void theDemoMovesElementsThroughEveryDriverAndReportsNothingLost() throws Exception {
        Await.until("the demo's craps table", () -> service(CRAPS_HOST) != null);
        assertEquals("the demo's exit code", Integer.valueOf(0), runDemo(this::theCrapsTablePlayed));
    }

    /** While the demo is on, its craps game is open: at least one round of three players, 9 voted operations. */
    private void theCrapsTablePlayed() {
        ServiceReference<GameEngineFactory> ref = context.getServiceReference(GameEngineFactory.class);
        try {
            List<GameEngine<?, ?>> tables = context.getService(ref).engines().stream()
                    .filter(engine -> engine.gameId().startsWith("demo-table-")).toList();
            assertEquals(String.valueOf(tables), 1, tables.size());
            assertTrue(tables.get(0).current().toString(), tables.get(0).current().version() >= 9);
            assertEquals(tables.get(0).current().version(), tables.get(0).stats().proposalsCommitted());
        } finally {
            context.ungetService(ref);
        }
    }

    @Test
    public void withoutTheConsensusEngineTheDemoRunsTheQueuesAloneAndStillExitsZero() throws Exception {
        Bundle engine = null;
        for (Bundle bundle : context.getBundles()) {
            if (ENGINE_BUNDLE.equals(bundle.getSymbolicName())) {
                engine = bundle;
            }
        }
        assertNotNull(ENGINE_BUNDLE + " is installed", engine);
        engine.stop();
        try {
            Await.until("the craps table to go with the engine", () -> service(CRAPS_HOST) == null);
            assertEquals("the demo's exit code", Integer.valueOf(0),
                    runDemo(() -> assertNull("still no craps table", service(CRAPS_HOST))));
        } finally {
            engine.start();
        }
        Await.until("the craps table to come back with the engine", () -> service(CRAPS_HOST) != null);
    }

    /** Switches the demo on for 1.5 s, waits for the exit code it reports, and runs {@code whileOn} before switching it off. */
    private Integer runDemo(Runnable whileOn) throws Exception {
        CompletableFuture<Integer> verdict = new CompletableFuture<>();
        Dictionary<String, Object> hook = new Hashtable<>();
        hook.put("freelock.launcher", "exit");
        ServiceRegistration<IntConsumer> registration = context.registerService(IntConsumer.class, verdict::complete, hook);
        Configuration demo = configurationAdmin.getConfiguration("io.freelock.demo", "?");
        try {
            Await.until("four drivers", () -> {
                try {
                    return context.getServiceReferences("io.freelock.queue.QueueDriver", null).length == 4;
                } catch (Exception e) {
                    return false;
                }
            });
            Dictionary<String, Object> settings = new Hashtable<>();
            settings.put("durationMillis", 1500L);
            demo.update(settings);
            Integer code = verdict.get(120, TimeUnit.SECONDS);
            whileOn.run();
            return code;
        } finally {
            demo.delete();
            registration.unregister();
        }
    }

    private ServiceReference<?> service(String className) {
        return context.getServiceReference(className);
    }
}
