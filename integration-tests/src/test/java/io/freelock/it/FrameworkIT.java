package io.freelock.it;

import static org.junit.Assert.assertTrue;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;

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
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * The container itself: the framework this run was meant for (Felix, or Equinox in the build's equinox execution,
 * which says so through the system property freelock.framework), and every shipped bundle active in it.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class FrameworkIT {

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() {
        return FreelockContainer.options();
    }

    @Test
    public void theContainerRunsOnTheFrameworkTheBuildChose() {
        String vendor = context.getProperty(Constants.FRAMEWORK_VENDOR);
        String system = context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION).getSymbolicName();
        boolean equinox = "equinox".equals(System.getProperty("freelock.framework", "felix"));
        assertTrue(vendor + " / " + system, equinox ? system.equals("org.eclipse.osgi") && vendor.contains("Eclipse")
                : system.equals("org.apache.felix.framework") && vendor.contains("Apache"));
    }

    @Test
    public void everyShippedBundleIsActive() throws Exception {
        List<String> notActive = new ArrayList<>();
        for (File jar : FreelockContainer.shippedBundles()) {
            String name;
            try (JarFile file = new JarFile(jar)) {
                name = file.getManifest().getMainAttributes().getValue(Constants.BUNDLE_SYMBOLICNAME).split(";")[0];
            }
            Bundle bundle = null;
            for (Bundle b : context.getBundles()) {
                bundle = name.equals(b.getSymbolicName()) ? b : bundle;
            }
            if (bundle != null && jar.getName().startsWith(FreelockContainer.SHELL_BUNDLE)) {
                // The console shell is left stopped without a terminal, as the launcher leaves it; it must resolve
                FrameworkWiring wiring = context.getBundle(0).adapt(FrameworkWiring.class);
                assertTrue(name + " does not resolve", wiring.resolveBundles(List.of(bundle)));
                continue;
            }
            if (bundle == null || bundle.getState() != Bundle.ACTIVE) {
                notActive.add(name + (bundle == null ? " (not installed)" : " (state " + bundle.getState() + ")"));
            }
        }
        assertTrue("bundles not active: " + notActive, notActive.isEmpty());
    }
}
