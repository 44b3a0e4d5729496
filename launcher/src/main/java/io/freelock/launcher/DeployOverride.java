package io.freelock.launcher;

import java.io.PrintStream;
import java.util.List;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleException;
import org.osgi.framework.BundleListener;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * A bundle started from deploy/ replaces the shipped bundle of the same symbolic name: once the deployed
 * one is up (its services registered next to the shipped one's), the shipped one is uninstalled, so its
 * services go and whatever used them moves over, as the queue manager does with its queues. This is how an
 * operator drops a new version of a driver into a running launcher. (A jar of the very same name and
 * version is not installed a second time: FileInstall updates the shipped bundle from it instead.)
 */
final class DeployOverride implements BundleListener {

    private final BundleContext context;
    private final PrintStream out;

    DeployOverride(BundleContext context, PrintStream out) {
        this.context = context;
        this.out = out;
    }

    @Override
    public void bundleChanged(BundleEvent event) {
        Bundle deployed = event.getBundle();
        if (event.getType() != BundleEvent.STARTED || EmbeddedBundles.isShipped(deployed)) {
            return;
        }
        for (Bundle shipped : context.getBundles()) {
            if (shipped != deployed && EmbeddedBundles.isShipped(shipped)
                    && shipped.getSymbolicName().equals(deployed.getSymbolicName())) {
                replace(shipped, deployed);
            }
        }
    }

    private void replace(Bundle shipped, Bundle deployed) {
        out.printf("freelock: %s %s from %s replaces the shipped one%n", deployed.getSymbolicName(),
                deployed.getVersion(), deployed.getLocation());
        try {
            shipped.uninstall();
            // Let the old revision go, so nothing keeps running its classes.
            context.getBundle(0).adapt(FrameworkWiring.class).refreshBundles(List.of(shipped));
        } catch (BundleException | IllegalStateException e) {
            out.println("freelock: could not uninstall the shipped " + shipped.getSymbolicName() + ": " + e.getMessage());
        }
    }
}
