package io.freelock.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Collectors;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.wiring.BundleRequirement;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.resource.Namespace;

/**
 * Says, in one line each, what FileInstall takes from deploy/ without a word: a jar that is no bundle (FileInstall
 * skips it), and a deployed bundle that cannot resolve, with the requirements nothing in the framework offers.
 * It looks once a second, as FileInstall does, and tells of each file or bundle once until it changes.
 */
final class DeployCheck {

    private static final long PERIOD_MILLIS = 1000;

    private final BundleContext context;
    private final Path deploy;
    private final PrintStream out;
    /** What was told, by file or bundle location, with the modification time it was told for. Checker thread only. */
    private final Map<String, Long> told = new HashMap<>();
    private final ScheduledExecutorService checker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "freelock-deploy-check");
        thread.setDaemon(true);
        return thread;
    });

    DeployCheck(BundleContext context, Path deploy, PrintStream out) {
        this.context = context;
        this.deploy = deploy;
        this.out = out;
    }

    /**
     * Looks once and waits for it, so that what deploy/ held at start-up is told before the shell's prompt; then
     * looks once a second.
     */
    void start() throws InterruptedException {
        try {
            checker.submit(this::check).get();
        } catch (ExecutionException cannot) {
            // check() catches what it can meet; anything else shows again on the next round
        }
        checker.scheduleWithFixedDelay(this::check, PERIOD_MILLIS, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void check() {
        try {
            checkJars();
            checkBundles();
        } catch (RuntimeException | IOException e) {
            // The framework stopping under us, or deploy/ gone: nothing to tell about then, and the next round sees.
        }
    }

    private void checkJars() throws IOException {
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(deploy, "*.jar")) {
            for (Path jar : jars) {
                long modified = Files.getLastModifiedTime(jar).toMillis();
                String key = jar.toAbsolutePath().toString();
                if (Long.valueOf(modified).equals(told.get(key))) {
                    continue;
                }
                String fault = notABundle(jar);
                if (fault != null) {
                    out.printf("freelock: deploy: %s is not a bundle (%s); it is ignored%n", jar.getFileName(), fault);
                }
                told.put(key, modified);
            }
        }
    }

    /** @return why the jar is no OSGi bundle, or null if it is one */
    static String notABundle(Path jar) {
        try (JarFile file = new JarFile(jar.toFile())) {
            Manifest manifest = file.getManifest();
            if (manifest == null) {
                return "it has no META-INF/MANIFEST.MF";
            }
            if (manifest.getMainAttributes().getValue(Constants.BUNDLE_SYMBOLICNAME) == null) {
                return "its manifest has no " + Constants.BUNDLE_SYMBOLICNAME;
            }
            return null;
        } catch (IOException e) {
            return "it cannot be read as a jar: " + e.getMessage();
        }
    }

    private void checkBundles() {
        FrameworkWiring wiring = context.getBundle(Constants.SYSTEM_BUNDLE_ID).adapt(FrameworkWiring.class);
        for (Bundle bundle : context.getBundles()) {
            if (bundle.getState() != Bundle.INSTALLED || EmbeddedBundles.isShipped(bundle)) {
                continue;
            }
            String key = "bundle:" + bundle.getBundleId();
            if (Long.valueOf(bundle.getLastModified()).equals(told.get(key))) {
                continue;
            }
            BundleRevision revision = bundle.adapt(BundleRevision.class);
            List<BundleRequirement> missing = revision == null ? List.of() : revision.getDeclaredRequirements(null).stream()
                    .filter(r -> !Namespace.RESOLUTION_OPTIONAL.equals(r.getDirectives().get(Namespace.REQUIREMENT_RESOLUTION_DIRECTIVE)))
                    .filter(r -> wiring.findProviders(r).isEmpty())
                    .toList();
            if (!missing.isEmpty()) {
                // Unresolved for a reason nothing here can mend: say it once; FileInstall retries it on its own.
                out.printf("freelock: deploy: %s %s from %s cannot resolve: missing %s%n", bundle.getSymbolicName(),
                        bundle.getVersion(), bundle.getLocation(),
                        missing.stream().map(DeployCheck::describe).collect(Collectors.joining("; ")));
                told.put(key, bundle.getLastModified());
            }
        }
    }

    /** @return the requirement as a person reads it: its namespace and filter */
    static String describe(BundleRequirement requirement) {
        String filter = requirement.getDirectives().get(Namespace.REQUIREMENT_FILTER_DIRECTIVE);
        return requirement.getNamespace() + " " + (filter == null ? "(any)" : filter);
    }
}
