package io.freelock.consensus.ratis;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.freelock.consensus.Snapshot;

/**
 * The Gogo command {@code cluster:status}: this server's role in the replicated log, its term, commit and applied
 * index, the leader, the peers, each follower's lag (on the leader), and each replicated game's head here.
 */
@Component(service = ClusterCommands.class, property = {
    "osgi.command.scope=cluster",
    "osgi.command.function=status"
})
public final class ClusterCommands {

    private final ReplicaServer server;

    @Activate
    public ClusterCommands(@Reference(name = "server") ReplicaServer server) {
        this.server = server;
    }

    /** @return the status of this server's member of the replicated log, and its copy of each replicated game */
    public String status() {
        Replication replication = server.replication();
        StringBuilder text = new StringBuilder(replication.status().toString()).append('\n');
        for (ReplicaGame game : replication.log().games()) {
            text.append("game ").append(game.spec.gameId()).append(": ");
            if (game.serving()) {
                Snapshot<?> head = game.engine().current();
                text.append("version ").append(head.version()).append(", hash ").append(head.hash().shortHex());
            } else if (game.waiting() != null) {
                text.append("WAITING for the rules of game type ").append(game.spec.gameType())
                        .append(" to open its snapshot at version ").append(game.waiting().version());
            } else {
                text.append("STOPPED: ").append(game.stoppedBecause());
            }
            text.append('\n');
        }
        return text.toString();
    }
}
