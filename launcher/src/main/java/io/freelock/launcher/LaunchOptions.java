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
            "       java -jar freelock.jar --version | --help",
            "  (each option takes its value as the next argument or after '=': --demo 10s, --demo=10s)",
            "  --demo <duration>  run the demo workload for <duration> (e.g. 10s, 500ms, 2m), then exit",
            "                     with 0 if nothing was lost; without it, start the Gogo shell",
            "  --data <dir>       where the framework keeps its state and the H2 journal (default: data)",
            "  --deploy <dir>     folder watched for bundles and configurations to deploy (default: deploy)",
            "  --http-port <port> port of the HTTP server on 127.0.0.1 that serves /metrics (default: "
                    + LaunchOptions.DEFAULT_HTTP_PORT + "; 0: any free port)",
            "  --version          print the launcher's version and exit",
            "exit codes: 0 done (or the demo lost nothing), 1 the demo or a start failed, 2 a bad command line,",
            "  3 the data folder or the HTTP port is in use");

    /** Prometheus's conventional port for exporters like this one. */
    static final int DEFAULT_HTTP_PORT = 9464;

    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h)");

    final Optional<Duration> demo;
    final Path data;
    final Path deploy;
    final int httpPort;

    private LaunchOptions(Optional<Duration> demo, Path data, Path deploy, int httpPort) {
        this.demo = demo;
        this.data = data;
        this.deploy = deploy;
        this.httpPort = httpPort;
    }

    /**
     * Reads {@code --option value} and {@code --option=value} alike.
     *
     * @throws IllegalArgumentException naming the argument that is wrong
     */
    static LaunchOptions parse(String... args) {
        Optional<Duration> demo = Optional.empty();
        Path data = Path.of("data");
        Path deploy = Path.of("deploy");
        int httpPort = DEFAULT_HTTP_PORT;
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
                default: throw new IllegalArgumentException("unknown argument '" + args[i] + "'");
            }
        }
        return new LaunchOptions(demo, data, deploy, httpPort);
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
