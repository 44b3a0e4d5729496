package io.freelock.consensus.ratis;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

import io.freelock.metrics.Metric;
import io.freelock.metrics.MetricsRegistry;
import io.freelock.metrics.Tags;

/**
 * Reports this server's member of the replicated log as {@code freelock_raft_*}, tagged with the server's id, while
 * a metrics registry is there: term, commit and applied index, whether it leads, the furthest a follower is behind
 * (on the leader), entries applied, requests answered from memory (sent again), snapshots taken and loaded. The log
 * keeps these counts anyway; the registry reads them when it exports.
 */
@Component(immediate = true)
public final class RaftMetrics {

    private final MetricsRegistry registry;
    private final List<Metric> registered = new ArrayList<>();

    @Activate
    public RaftMetrics(@Reference MetricsRegistry registry, @Reference ReplicaServer member) {
        this.registry = registry;
        Replication replication = member.replication();
        Tags server = Tags.of("server", replication.serverId());
        GameLog log = replication.log();
        gauge("freelock_raft_term", "The Raft term this server is in.", server, replication, s -> s.term);
        gauge("freelock_raft_commit_index", "The last log index this server knows committed.", server, replication,
                s -> s.commitIndex);
        gauge("freelock_raft_applied_index", "The last log index applied to this server's games.", server,
                replication, s -> s.appliedIndex);
        gauge("freelock_raft_leader", "1 while this server leads the log, else 0.", server, replication,
                s -> s.role.equals("LEADER") ? 1 : 0);
        gauge("freelock_raft_follower_lag_max", "On the leader: the most log entries a follower is behind.", server,
                replication, RaftMetrics::maxLag);
        registered.add(registry.counter("freelock_raft_entries_applied", "Log entries applied to this server's games.",
                server, log.applied::get));
        registered.add(registry.counter("freelock_raft_requests_repeated",
                "Log entries whose request was applied before, answered with the first outcome.", server,
                log.duplicates::get));
        registered.add(registry.counter("freelock_raft_snapshots_taken", "Snapshots of the games taken here.", server,
                log.snapshotsTaken::get));
        registered.add(registry.counter("freelock_raft_snapshots_loaded",
                "Snapshots loaded here: at a restart, or sent by the leader to a server behind it.", server,
                log.snapshotsLoaded::get));
    }

    private void gauge(String name, String description, Tags tags, Replication replication,
            ToDoubleFunction<ClusterStatus> value) {
        registered.add(registry.gauge(name, description, tags, () -> value.applyAsDouble(replication.status())));
    }

    private static double maxLag(ClusterStatus status) {
        long max = 0;
        for (String lag : status.followerLag) {
            max = Math.max(max, Long.parseLong(lag.substring(lag.lastIndexOf(' ') + 1)));
        }
        return max;
    }

    @Deactivate
    void deactivate() {
        registered.forEach(registry::remove);
        registered.clear();
    }
}
