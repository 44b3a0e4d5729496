package io.freelock.storage.jdbc;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A throwaway PostgreSQL server for tests, run by the project's {@code scripts/postgres} in {@code target/postgres}.
 * The first test class that registers this extension starts it; the others share it through the root context's
 * store, which destroys it when the test run ends. If it cannot be started, every test that uses it fails with the
 * script's output: nothing is skipped.
 *
 * <pre>
 * &#64;RegisterExtension
 * static final PostgresServer POSTGRES = new PostgresServer();
 * </pre>
 */
public final class PostgresServer implements BeforeAllCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(PostgresServer.class);

    private Cluster cluster;

    @Override
    public void beforeAll(ExtensionContext context) {
        cluster = context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(Cluster.class, k -> Cluster.start(),
                Cluster.class);
    }

    /** @return the JDBC URL of the database {@code freelock} */
    public String url() {
        return cluster().properties.getProperty("url");
    }

    public String user() {
        return cluster().properties.getProperty("user");
    }

    public String password() {
        return cluster().properties.getProperty("password");
    }

    /** Shuts the server down (fast: open connections are cut). */
    public void stop() {
        cluster().run("stop");
    }

    /** Starts the server again, on the same port, with the same password and data. */
    public void start() {
        cluster().run("start");
    }

    private Cluster cluster() {
        if (cluster == null) {
            throw new IllegalStateException("PostgresServer is used before its beforeAll: register it with "
                    + "@RegisterExtension on a static field");
        }
        return cluster;
    }

    /** The running cluster, one per test run; JUnit closes it (it is AutoCloseable) at the end of the run. */
    static final class Cluster implements AutoCloseable {

        /** Long enough for the script to install PostgreSQL the first time. */
        private static final Duration TIMEOUT = Duration.ofMinutes(10);

        private final Path script;
        private final Path dir;
        private volatile Properties properties;

        private Cluster(Path script, Path dir) {
            this.script = script;
            this.dir = dir;
        }

        static Cluster start() {
            Path module = Path.of(System.getProperty("basedir", "")).toAbsolutePath();
            Cluster cluster = new Cluster(findScript(module), module.resolve("target").resolve("postgres"));
            cluster.run("start");
            return cluster;
        }

        private static Path findScript(Path module) {
            for (Path folder = module; folder != null; folder = folder.getParent()) {
                Path script = folder.resolve("scripts").resolve("postgres");
                if (Files.isRegularFile(script)) {
                    return script;
                }
            }
            throw new IllegalStateException("no scripts/postgres in " + module + " or any folder above it");
        }

        /** Runs {@code scripts/postgres <command> <dir>}; after a start, reads the connection properties afresh. */
        synchronized void run(String command) {
            try {
                Files.createDirectories(dir.getParent());
                // to a file, not a pipe: a server started by the script could inherit a pipe and keep it open
                Path output = dir.resolveSibling("postgres-" + command + ".log");
                Process process = new ProcessBuilder(script.toString(), command, dir.toString())
                        .redirectErrorStream(true).redirectOutput(output.toFile()).start();
                if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException(describe(command) + " did not finish within " + TIMEOUT + ":\n"
                            + Files.readString(output));
                }
                if (process.exitValue() != 0) {
                    throw new IllegalStateException(describe(command) + " failed (exit " + process.exitValue()
                            + "):\n" + Files.readString(output));
                }
                if (command.equals("start")) {
                    Properties read = new Properties();
                    try (Reader in = Files.newBufferedReader(dir.resolve("connection.properties"),
                            StandardCharsets.UTF_8)) {
                        read.load(in);
                    }
                    properties = read;
                }
            } catch (IOException e) {
                throw new IllegalStateException(describe(command) + " could not be run: " + e, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(describe(command) + " was interrupted", e);
            }
        }

        private String describe(String command) {
            return script + " " + command + " " + dir;
        }

        @Override
        public void close() {
            run("destroy");
        }
    }
}
