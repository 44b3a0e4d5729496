package io.freelock.launcher;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The launcher's command line, parsed; a bad one fails with a message that names the bad part. */
final class LaunchOptions {

    static final String USAGE = String.join("\n",
            "usage: java -jar freelock.jar [--demo <duration>] [--data <dir>] [--deploy <dir>] [--http-port <port>]",
            "                              [--server-id <id> --peers <id=host:port,...>]",
            "       java -jar freelock.jar --version | --help",
            "  (each option takes its value as the next argument or after '=': --demo 10s, --demo=10s)",
            "  --demo <duration>  run the demo workload for <duration> (e.g. 10s, 500ms, 2m), then exit",
            "                     with 0 if nothing was lost; without it, start the Gogo shell",
            "  --data <dir>       where the framework keeps its state and the H2 journal (default: data)",
            "  --deploy <dir>     folder watched for bundles and configurations to deploy (default: deploy)",
            "  --http-port <port> port of the HTTP server on 127.0.0.1 that serves /metrics (default: "
                    + LaunchOptions.DEFAULT_HTTP_PORT + "; 0: any free port)",
            "  --server-id <id>   run as this server of a cluster whose games are replicated (Apache Ratis);",
            "                     with --peers. Its data folder is then data/<id> unless --data says otherwise,",
            "                     its Raft log and snapshots are in raft/<id> under it, and --demo plays only the",
            "                     craps table, as a game replicated on every server; when the demo is over the",
            "                     server stays in the cluster (the others need its vote) until it is stopped",
            "  --peers <list>     every server of the cluster as id=host:port, separated by commas, this one",
            "                     among them, e.g. a=127.0.0.1:9871,b=127.0.0.1:9872,c=127.0.0.1:9873",
            "  --version          print the launcher's version and exit",
            "exit codes: 0 done (or the demo lost nothing), 1 the demo or a start failed, 2 a bad command line",
            "  (or a cluster configuration the replicated games' bundle refused), 3 the data folder or the HTTP",
            "  port is in use");

    /** Prometheus's conventional port for exporters like this one. */
    static final int DEFAULT_HTTP_PORT = 9464;

    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h)");

    final Optional<Duration> demo;
    final Path data;
    final Path deploy;
    final int httpPort;
    /** This server's place in a cluster, if it runs as one. */
    final Optional<Cluster> cluster;

    /**
     * A server of a cluster as the command line names it. Checked here only as far as the command line goes; the
     * replicated games' bundle checks the peer list itself when it is configured, and refuses a bad one with the reason.
     */
    record Cluster(String serverId, String peers) {
    }

    private LaunchOptions(Optional<Duration> demo, Path data, Path deploy, int httpPort, Optional<Cluster> cluster) {
        this.demo = demo;
        this.data = data;
        this.deploy = deploy;
        this.httpPort = httpPort;
        this.cluster = cluster;
    }

    /**
     * Reads {@code --option value} and {@code --option=value} alike.
     *
     * @throws IllegalArgumentException naming the argument that is wrong
     */
    static LaunchOptions parse(String... args) {
        Optional<Duration> demo = Optional.empty();
        Path data = null;
        Path deploy = Path.of("deploy");
        int httpPort = DEFAULT_HTTP_PORT;
        String serverId = null;
        String peers = null;
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            String value;
            int equals = option.indexOf('=');
            if (option.startsWith("--") && equals > 0) {
                value = option.substring(equals + 1);
                option = option.substring(0, equals);
                if (value.isEmpty()) {
                    throw new IllegalArgumentException(option + " needs a value after '='");
                }
            } else {
                value = null; // the next argument, read below once the option is known to take one
            }
            switch (option) {
                case "--demo": demo = Optional.of(duration(value != null ? value : value(args, i++))); break;
                case "--data": data = Path.of(value != null ? value : value(args, i++)); break;
                case "--deploy": deploy = Path.of(value != null ? value : value(args, i++)); break;
                case "--http-port": httpPort = port(value != null ? value : value(args, i++)); break;
                case "--server-id": serverId = value != null ? value : value(args, i++); break;
                case "--peers": peers = value != null ? value : value(args, i++); break;
                default: throw new IllegalArgumentException("unknown argument '" + args[i] + "'");
            }
        }
        if ((serverId == null) != (peers == null)) {
            throw new IllegalArgumentException(serverId == null ? "--peers needs --server-id: which of the peers is this server?"
                    : "--server-id needs --peers: every server of the cluster as id=host:port, separated by commas");
        }
        Optional<Cluster> cluster = Optional.empty();
        if (serverId != null) {
            if (serverId.isBlank() || serverId.contains("/") || serverId.contains("\\") || serverId.startsWith(".")) {
                throw new IllegalArgumentException("--server-id '" + serverId + "' cannot name a folder under data/");
            }
            cluster = Optional.of(new Cluster(serverId, peers));
        }
        if (data == null) {
            // three servers on one machine each need a data folder of their own: data/<id> keeps them apart
            data = cluster.isPresent() ? Path.of("data", serverId) : Path.of("data");
        }
        return new LaunchOptions(demo, data, deploy, httpPort, cluster);
    }

    private static String value(String[] args, int option) {
        if (option + 1 >= args.length || args[option + 1].startsWith("--")) {
            throw new IllegalArgumentException(args[option] + " needs a value");
        }
        return args[option + 1];
    }

    static int port(String text) {
        int port;
        try {
            port = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("port '" + text + "' is not a number");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is not between 0 and 65535");
        }
        return port;
    }

    static Duration duration(String text) {
        Matcher m = DURATION.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("duration '" + text + "' is not a number followed by ms, s, m or h");
        }
        long amount = Long.parseLong(m.group(1));
        Duration duration;
        switch (m.group(2)) {
            case "ms": duration = Duration.ofMillis(amount); break;
            case "s": duration = Duration.ofSeconds(amount); break;
            case "m": duration = Duration.ofMinutes(amount); break;
            default: duration = Duration.ofHours(amount); break;
        }
        if (duration.isZero()) {
            throw new IllegalArgumentException("duration '" + text + "' is zero");
        }
        return duration;
    }
}
