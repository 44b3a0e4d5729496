package io.freelock.load;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicLongArray;

import org.HdrHistogram.Histogram;

/** What one load run measured, as a line for people and as JSON for the matrix script. */
public final class LoadResult {

    final int tables;
    final int playerThreads;
    final String durability;
    final String database;
    final long seconds;
    final long acknowledged;
    final double opsPerSecond;
    final long p50Micros;
    final long p99Micros;
    final long p999Micros;
    final long maxMicros;
    final int mostThreads;
    final int serverThreads;
    final int journalThreads;
    final int mostConnections;
    final int connectionLimit;
    final long heapUsedBytes;
    final long heapPerTableBytes;
    /** The heap each table holds after the run, while still open (collected first), as {@link #heapPerTableBytes}. */
    final long heapPerTablePlayedBytes;
    final long refused;
    final long notDurable;
    /** Each table's highest acknowledged version at the end; not in the JSON. */
    AtomicLongArray acknowledgedVersions;

    LoadResult(int tables, int playerThreads, String durability, String database, long seconds, long acknowledged,
            Histogram latency, int mostThreads, int serverThreads, int journalThreads, int mostConnections,
            int connectionLimit, long heapUsedBytes, long heapPerTableBytes, long heapPerTablePlayedBytes, long refused,
            long notDurable) {
        this.tables = tables;
        this.playerThreads = playerThreads;
        this.durability = durability;
        this.database = database;
        this.seconds = seconds;
        this.acknowledged = acknowledged;
        this.opsPerSecond = acknowledged / (double) seconds;
        this.p50Micros = latency.getValueAtPercentile(50);
        this.p99Micros = latency.getValueAtPercentile(99);
        this.p999Micros = latency.getValueAtPercentile(99.9);
        this.maxMicros = latency.getMaxValue();
        this.mostThreads = mostThreads;
        this.serverThreads = serverThreads;
        this.journalThreads = journalThreads;
        this.mostConnections = mostConnections;
        this.connectionLimit = connectionLimit;
        this.heapUsedBytes = heapUsedBytes;
        this.heapPerTableBytes = heapPerTableBytes;
        this.heapPerTablePlayedBytes = heapPerTablePlayedBytes;
        this.refused = refused;
        this.notDurable = notDurable;
    }

    String summary() {
        return String.format(Locale.ROOT, "RESULT tables=%d durability=%s db=%s: %.0f acknowledged ops/s, ack latency "
                + "p50 %d us, p99 %d us, p99.9 %d us; threads %d (server %d, journal %d, players %d), connections "
                + "%d of %d, heap %d MB (%d bytes a table opened, %d played), refused %d, not durable %d", tables, durability, database,
                opsPerSecond, p50Micros, p99Micros, p999Micros, mostThreads, serverThreads, journalThreads,
                playerThreads, mostConnections, connectionLimit, heapUsedBytes >> 20, heapPerTableBytes, heapPerTablePlayedBytes, refused,
                notDurable);
    }

    String toJson() {
        return String.format(Locale.ROOT, "{\"tables\": %d, \"players\": %d, \"playerThreads\": %d, "
                + "\"durability\": \"%s\", \"database\": \"%s\", \"seconds\": %d, \"acknowledged\": %d, "
                + "\"opsPerSecond\": %.1f, \"latencyMicros\": {\"p50\": %d, \"p99\": %d, \"p999\": %d, \"max\": %d}, "
                + "\"threads\": {\"most\": %d, \"server\": %d, \"journal\": %d}, "
                + "\"connections\": {\"most\": %d, \"limit\": %d}, "
                + "\"heap\": {\"usedBytes\": %d, \"perTableBytes\": %d, \"perTablePlayedBytes\": %d}, \"refused\": %d, \"notDurable\": %d}%n",
                tables, tables * 3, playerThreads, durability, database, seconds, acknowledged, opsPerSecond,
                p50Micros, p99Micros, p999Micros, maxMicros, mostThreads, serverThreads, journalThreads,
                mostConnections, connectionLimit, heapUsedBytes, heapPerTableBytes, heapPerTablePlayedBytes, refused,
                notDurable);
    }
}
