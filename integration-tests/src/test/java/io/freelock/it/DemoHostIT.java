package io.freelock.it;

import static org.junit.Assert.assertEquals;

import java.util.Dictionary;
import java.util.Hashtable;
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
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/** The demo host as the launcher drives it: switched on by ConfigAdmin, its verdict through an exit hook. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DemoHostIT {

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
        CompletableFuture<Integer> verdict = new CompletableFuture<>();
        Dictionary<String, Object> hook = new Hashtable<>();
        hook.put("freelock.launcher", "exit");
        ServiceRegistration<IntConsumer> registration = context.registerService(IntConsumer.class, verdict::complete, hook);
        Configuration demo = configurationAdmin.getConfiguration("io.freelock.demo", "?");
        try {
            FreelockContainer.await("three drivers", () -> {
                try {
                    return context.getServiceReferences("io.freelock.queue.QueueDriver", null).length == 3;
                } catch (Exception e) {
                    return false;
                }
            });
            Dictionary<String, Object> settings = new Hashtable<>();
            settings.put("durationMillis", 1500L);
            demo.update(settings);
            assertEquals("the demo's exit code", Integer.valueOf(0), verdict.get(120, TimeUnit.SECONDS));
        } finally {
            demo.delete();
            registration.unregister();
        }
    }
}
