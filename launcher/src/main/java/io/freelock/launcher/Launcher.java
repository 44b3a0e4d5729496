package io.freelock.launcher;

import java.io.PrintStream;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntConsumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.framework.wiring.BundleRevision;

/**
 * Starts Apache Felix with every bundle Freelock ships, a FileInstall-watched deploy folder and the Gogo
 * shell; with {@code --demo <duration>}, runs the demo host's workload instead and exits with its verdict.
 */
public final class Launcher {

    /** Service property of the exit hook the launcher registers; the demo calls it with its exit code. */
    static final String EXIT_HOOK = "freelock.launcher";
    /** Configuration PID that switches the demo host on. */
    static final String DEMO_PID = "io.freelock.demo";
    /** The demo's property that has its craps table replicated (and played alone, for the whole time). */
    static final String DEMO_REPLICATION = "replication";

    private static final String QUEUE_DRIVER = "io.freelock.queue.QueueDriver";
    private static final long SETTLE_MILLIS = TimeUnit.SECONDS.toMillis(30);
    private static final long HTTP_SETTLE_MILLIS = TimeUnit.SECONDS.toMillis(5);
    /** Exit code when the data folder or the HTTP port is in use (2 is a bad command line, 1 a failed run). */
    static final int IN_USE = 3;
    /** The capability Gogo's parts declare; a shell says {@value #GOGO_SHELL}. */
    private static final String GOGO_NAMESPACE = "org.apache.felix.gogo";
    private static final String GOGO_SHELL = "shell.implementation";

    private final LaunchOptions options;
    private final PrintStream out;
    private final HttpEndpoint http;

    Launcher(LaunchOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
        this.http = new HttpEndpoint(options.httpPort, out);
    }

    /** Held so that the level set in main stays: java.util.logging keeps its loggers only weakly. */
    private static final Logger SPI_FLY_LOG = Logger.getLogger("org.apache.aries.spifly");
    /** What slf4j-simple, the SLF4J provider the bundles log through here, is told unless the operator says otherwise. */
    private static final Map<String, String> SLF4J_SIMPLE = Map.of(
            "org.slf4j.simpleLogger.defaultLogLevel", "warn",    // Jetty's and Ratis's warnings, not their INFO
            "org.slf4j.simpleLogger.log.io.freelock", "info",    // Freelock's notices too (a queue change pending)
            "org.slf4j.simpleLogger.showThreadName", "false",    // one short line a record: its level, its class, the text
            "org.slf4j.simpleLogger.showShortLogName", "true");

    public static void main(String[] args) throws Exception {
        SPI_FLY_LOG.setLevel(Level.WARNING); // it reports every ServiceLoader provider it wires, at INFO
        SLF4J_SIMPLE.forEach((key, value) -> {
            if (System.getProperty(key) == null) {
                System.setProperty(key, value); // read when the first logger is made, after this
            }
        });
        List<String> given = List.of(args);
        if (given.contains("--help") || given.contains("-h")) {
            System.out.println(LaunchOptions.USAGE);
            return;
        }
        if (given.contains("--version")) { // whatever else is given, as other tools do
            System.out.println(version());
            return;
        }
        LaunchOptions options;
        try {
            options = LaunchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("freelock: " + e.getMessage());
            System.err.println(LaunchOptions.USAGE);
            System.exit(2);
            return;
        }
        System.exit(new Launcher(options, System.out).run());
    }

    /** @return "freelock", the launcher's version and the framework's, as {@code --version} prints them */
    static String version() {
        String own = Launcher.class.getPackage().getImplementationVersion();
        // A framework that is never initialised touches no disk: it is asked only for its version
        String felix = ServiceLoader.load(FrameworkFactory.class).findFirst()
                .map(factory -> factory.newFramework(Map.of()).getVersion().toString()).orElse("?");
        return "freelock " + (own == null ? "(version unknown: not run from its jar)" : own)
                + ", Apache Felix " + felix + ", Java " + Runtime.version();
    }

    int run() throws Exception {
        DataFolderLock lock;
        try {
            lock = DataFolderLock.acquire(options.data); // before anything under it, the framework cache first, is touched
        } catch (DataFolderLock.InUseException e) {
            out.println("freelock: " + e.getMessage());
            return IN_USE;
        }
        try (lock) {
            return runLocked();
        }
    }

    private int runLocked() throws Exception {
        Files.createDirectories(options.deploy);
        Optional<String> portTaken = http.inUse();
        if (portTaken.isPresent()) {
            out.println("freelock: " + portTaken.get());
            return IN_USE;
        }
        Framework framework = ServiceLoader.load(FrameworkFactory.class).findFirst()
                .orElseThrow(() -> new IllegalStateException("no OSGi framework on the class path"))
                .newFramework(frameworkProperties());
        framework.init();
        BundleContext context = framework.getBundleContext();
        CompletableFuture<Integer> exit = new CompletableFuture<>();
        context.registerService(IntConsumer.class, exit::complete, properties(EXIT_HOOK, "exit"));
        context.addServiceListener(this::reportDriver, "(" + Constants.OBJECTCLASS + "=" + QUEUE_DRIVER + ")");
        http.report(context);

        List<Bundle> bundles = EmbeddedBundles.install(context, options.cluster.isPresent());
        context.addBundleListener(new DeployOverride(context, out)); // before FileInstall's first scan
        DeployCheck deployCheck = new DeployCheck(context, options.deploy, out);
        framework.start();
        List<Bundle> shells = bundles.stream().filter(Launcher::isShell).toList();
        int failed = startAll(bundles.stream().filter(b -> !shells.contains(b)).toList());
        // The start-up lines come before the shell's prompt: the HTTP line is printed once Jetty listens, a moment later
        http.awaitReported(HTTP_SETTLE_MILLIS);
        int started = bundles.size() - shells.size();
        out.printf("freelock: Felix %s up, %d of %d bundles started; deploy folder %s%n",
                framework.getVersion(), started - failed, started, options.deploy.toAbsolutePath());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(framework), "freelock-shutdown"));
        if (options.cluster.isPresent()) {
            ClusterServer server = new ClusterServer(options.cluster.get(), options.data);
            Optional<String> refused = server.start(context, SETTLE_MILLIS);
            if (refused.isPresent()) {
                out.println("freelock: " + server + " did not start: " + refused.get());
                stop(framework);
                return 2;
            }
            out.printf("freelock: %s; its Raft log is in %s%n", server, server.storage());
        }
        deployCheck.start(); // what deploy/ held at start-up is told before the prompt too
        boolean shellLater = options.demo.isPresent() && interactive(); // a cluster server's, after its demo
        if (interactive() && !shellLater) {
            failed += startAll(shells); // last, so that its prompt follows every start-up line
        } // else there is no terminal to read: the shell bundle is left stopped, and the commands still serve through
          // Gogo's CommandProcessor (Pax Exam and the like)
        context.addBundleListener(this::reportBundle); // from here on, what deploy/ and the shell change

        if (options.demo.isEmpty()) {
            framework.waitForStop(0);
            return 0;
        }
        if (failed > 0) {
            out.println("freelock: not running the demo, " + failed + " bundle(s) failed to start");
            stop(framework);
            return 1;
        }
        Duration demo = options.demo.get();
        configureDemo(context, demo);
        int code;
        try {
            code = exit.get(demo.toMillis() + SETTLE_MILLIS * 2, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            out.println("freelock: the demo did not report within " + demo + " and a minute more");
            code = 1;
        }
        if (options.cluster.isPresent()) {
            // The others may still be playing, and need this server's vote for a majority: it stays until stopped
            out.printf("freelock: the demo is over (exit code %d); this server stays in the cluster, as the others "
                    + "may need its vote, until it is stopped (%s)%n", code,
                    shellLater ? "stop 0 in the shell, or Ctrl-C" : "Ctrl-C, or SIGTERM");
            if (shellLater) {
                startAll(shells);
            }
            framework.waitForStop(0);
            return code;
        }
        stop(framework);
        return code;
    }

    private Map<String, String> frameworkProperties() {
        Map<String, String> config = new HashMap<>();
        config.put(Constants.FRAMEWORK_STORAGE, options.data.resolve("felix-cache").toAbsolutePath().toString());
        // Where bundles keep what must outlive a bundle update (the felix-cache areas go with the bundle): the journal.
        config.put("freelock.data", options.data.toAbsolutePath().toString());
        // The shipped bundles come from this jar on every start; deployed ones come back from deploy/.
        config.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        config.put("felix.fileinstall.dir", options.deploy.toAbsolutePath().toString());
        config.put("felix.fileinstall.poll", "1000");
        config.put("felix.fileinstall.noInitialDelay", "true");
        // A .cfg file in deploy/ is the operator's: FileInstall reads it into ConfigAdmin and never writes it back
        // (by default it would, and it was seen to empty the file)
        config.put("felix.fileinstall.enableConfigSave", "false");
        http.configure(config);
        if (!interactive()) {
            // No terminal to talk to: keep Gogo's commands but no console, and never stop the framework.
            config.put("gosh.args", "--nointeractive --noshutdown");
        }
        return config;
    }

    /** @return whether the bundle is a Gogo shell (it prints the prompt, so it starts after the start-up lines) */
    private static boolean isShell(Bundle bundle) {
        BundleRevision revision = bundle.adapt(BundleRevision.class);
        return revision != null && revision.getDeclaredCapabilities(GOGO_NAMESPACE).stream()
                .anyMatch(c -> GOGO_SHELL.equals(c.getAttributes().get(GOGO_NAMESPACE)));
    }

    /**
     * @return whether an operator may type at this launcher: a terminal, and no demo, or a cluster server's demo (the
     *         shell starts when the demo is over and the server stays in the cluster)
     */
    private boolean interactive() {
        return (options.demo.isEmpty() || options.cluster.isPresent()) && System.console() != null;
    }

    private int startAll(List<Bundle> bundles) {
        int failed = 0;
        List<Bundle> order = new ArrayList<>(bundles);
        order.sort(Comparator.comparingInt(Launcher::startRank)); // stable: name order within a rank
        for (Bundle bundle : order) {
            if (bundle.getHeaders().get(Constants.FRAGMENT_HOST) != null) {
                continue;
            }
            if (bundle.getState() == Bundle.UNINSTALLED) {
                continue; // replaced by the same bundle from deploy/ already (see DeployOverride)
            }
            try {
                bundle.start();
            } catch (BundleException e) {
                failed++;
                out.println("freelock: bundle " + bundle.getSymbolicName() + " failed to start: " + e.getMessage());
            }
        }
        return failed;
    }

    /**
     * Start order: extenders first (SCR, SPI Fly), then bundles that only provide ServiceLoader services (the
     * SLF4J binding), then bundles without Declarative Services components (libraries, and drivers such as H2's and
     * PostgreSQL's, which register their DataSourceFactory from an activator), then the components, so that a
     * bundle needing them as it starts (Jetty binds its logger then; the journal store checks its database at
     * configuration) finds them there. Within a rank, name order.
     */
    private static int startRank(Bundle bundle) {
        if (declares(bundle, Constants.PROVIDE_CAPABILITY, "osgi.extender")) {
            return 0;
        }
        boolean provides = declares(bundle, Constants.PROVIDE_CAPABILITY, "osgi.serviceloader");
        if (provides && !declares(bundle, Constants.REQUIRE_CAPABILITY, "osgi.serviceloader")) {
            return 1;
        }
        return bundle.getHeaders().get("Service-Component") == null ? 2 : 3;
    }

    /** @return whether the header has a clause in {@code namespace} */
    private static boolean declares(Bundle bundle, String header, String namespace) {
        String value = bundle.getHeaders().get(header);
        return value != null && Pattern.compile("(^|,)\\s*" + Pattern.quote(namespace) + "\\s*;").matcher(value).find();
    }

    private void reportBundle(BundleEvent event) {
        String what;
        switch (event.getType()) {
            case BundleEvent.INSTALLED: what = "installed"; break;
            case BundleEvent.STARTED: what = "started"; break;
            case BundleEvent.STOPPED: what = "stopped"; break;
            case BundleEvent.UPDATED: what = "updated"; break;
            case BundleEvent.UNINSTALLED: what = "uninstalled"; break;
            default: return;
        }
        Bundle bundle = event.getBundle();
        out.printf("freelock: bundle %s: %s %s%n", what, bundle.getSymbolicName(), bundle.getVersion());
    }

    private void reportDriver(ServiceEvent event) {
        ServiceReference<?> ref = event.getServiceReference();
        String what = event.getType() == ServiceEvent.REGISTERED ? "live"
                : event.getType() == ServiceEvent.UNREGISTERING ? "gone" : "changed";
        out.printf("freelock: queue driver %s: %s (producers=%s, consumers=%s, bounded=%s, ranking=%s) from %s%n",
                what, ref.getProperty("queue.driver"), ref.getProperty("queue.producers"),
                ref.getProperty("queue.consumers"), ref.getProperty("queue.bounded"),
                ref.getProperty(Constants.SERVICE_RANKING), ref.getBundle() == null ? "?" : ref.getBundle().getSymbolicName());
    }

    /** Switches the demo host on through ConfigAdmin; in a cluster, its craps table is replicated. */
    private void configureDemo(BundleContext context, Duration duration) throws Exception {
        Dictionary<String, Object> demo = properties("durationMillis", duration.toMillis());
        if (options.cluster.isPresent()) {
            demo.put(DEMO_REPLICATION, ClusterServer.REPLICATION);
        }
        Configurations.update(context, DEMO_PID, demo, SETTLE_MILLIS);
    }

    private static Dictionary<String, Object> properties(String key, Object value) {
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(key, value);
        return properties;
    }

    private static void stop(Framework framework) {
        try {
            if ((framework.getState() & (Bundle.STARTING | Bundle.ACTIVE)) != 0) {
                framework.stop();
            }
            framework.waitForStop(SETTLE_MILLIS);
        } catch (BundleException | InterruptedException e) {
            System.err.println("freelock: stopping the framework failed: " + e);
        }
    }
}
