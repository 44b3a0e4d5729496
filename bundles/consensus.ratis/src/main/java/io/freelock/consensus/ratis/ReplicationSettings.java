package io.freelock.consensus.ratis;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * How this server takes part in the replicated log: its id, the peers, where its log and snapshots live, and the
 * few numbers that matter. Checked as a whole when built, so that a bad configuration is refused with the reason
 * before anything starts. Immutable; the {@code with...} methods return checked copies.
 */
final class ReplicationSettings {

    final String serverId;
    final PeerList peers;
    /** This server's own folder for the log and snapshots. */
    final Path storage;
    /** Names the log: servers configured with different clusters never join each other's log. */
    final String cluster;
    /** Which game ids are replicated when their spec does not say. */
    final Pattern games;
    final Duration requestTimeout;
    /** Ratis takes a snapshot (of every game's engine) after this many log entries. */
    final long snapshotEvery;
    /** Every server publishes its head every this many versions of a game, so that one that diverged is stopped. */
    final long checkEvery;
    /** The size of a log segment; only closed segments are purged after a snapshot. */
    final long segmentBytes;
    /**
     * Whether a server counts a log entry as written only once it is on disk (fsync). Without, an entry counts when
     * the operating system has it: safe against a process crash, not against a power loss of a majority.
     */
    final boolean fsync;
    /**
     * A follower calls an election when it hears no leader for this long (up to twice as long, at random); the leader
     * beats at half of it, and a follower learns of a commit at the next beat.
     */
    final Duration electionTimeout;

    private ReplicationSettings(String serverId, PeerList peers, Path storage, String cluster, Pattern games,
            Duration requestTimeout, long snapshotEvery, long checkEvery, long segmentBytes, boolean fsync,
            Duration electionTimeout) {
        this.serverId = serverId;
        this.peers = peers;
        this.storage = storage;
        this.cluster = cluster;
        this.games = games;
        this.requestTimeout = requestTimeout;
        this.snapshotEvery = snapshotEvery;
        this.checkEvery = checkEvery;
        this.segmentBytes = segmentBytes;
        this.fsync = fsync;
        this.electionTimeout = electionTimeout;
        if (electionTimeout.toMillis() < 50) {
            throw new IllegalArgumentException("electionTimeoutMillis must be 50 or more, not "
                    + electionTimeout.toMillis());
        }
        peers.require(serverId);
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("requestTimeoutMillis must be positive, not " + requestTimeout.toMillis());
        }
        if (snapshotEvery < 1 || checkEvery < 1) {
            throw new IllegalArgumentException("snapshotEvery and checkEvery must be positive, not " + snapshotEvery
                    + " and " + checkEvery);
        }
        if (segmentBytes < 16 * 1024) {
            throw new IllegalArgumentException("a log segment of " + segmentBytes + " bytes is below 16 KiB");
        }
    }

    /**
     * @param storageRoot the folder under which each server keeps its own folder, named by its id
     * @throws IllegalArgumentException naming what is wrong
     */
    static ReplicationSettings of(String serverId, String peers, Path storageRoot) {
        Objects.requireNonNull(serverId, "serverId");
        if (!PeerList.ID.matcher(serverId).matches()) {
            throw new IllegalArgumentException("serverId '" + serverId + "' is not 1 to 64 letters, digits, '_' or '-'");
        }
        return new ReplicationSettings(serverId, PeerList.parse(peers), storageRoot.resolve(serverId), "freelock",
                Pattern.compile(".*"), Duration.ofSeconds(5), 1_000, 100, 1024 * 1024, true, Duration.ofMillis(500));
    }

    /** @param data the data folder a relative {@code storage} is resolved against */
    static ReplicationSettings from(ReplicatedEngineFactory.Config config, Path data) {
        Pattern games;
        try {
            games = Pattern.compile(config.games());
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("games: '" + config.games() + "' is not a regular expression: "
                    + e.getDescription());
        }
        Path root = Path.of(config.storage()).normalize();
        if (!root.isAbsolute() && root.startsWith("..")) {
            throw new IllegalArgumentException("storage: '" + config.storage() + "' leaves the data folder");
        }
        root = data.resolve(root);
        return of(config.serverId(), config.peers(), root).withCluster(config.cluster()).withGames(games)
                .withRequestTimeout(Duration.ofMillis(config.requestTimeoutMillis()))
                .withSnapshotEvery(config.snapshotEvery()).withCheckEvery(config.checkEvery()).withFsync(config.fsync())
                .withElectionTimeout(Duration.ofMillis(config.electionTimeoutMillis()));
    }

    ReplicationSettings withCluster(String name) {
        if (name == null || !PeerList.ID.matcher(name).matches()) {
            throw new IllegalArgumentException("cluster '" + name + "' is not 1 to 64 letters, digits, '_' or '-'");
        }
        return new ReplicationSettings(serverId, peers, storage, name, games, requestTimeout, snapshotEvery,
                checkEvery, segmentBytes, fsync, electionTimeout);
    }

    ReplicationSettings withGames(Pattern pattern) {
        return new ReplicationSettings(serverId, peers, storage, cluster, Objects.requireNonNull(pattern, "games"),
                requestTimeout, snapshotEvery, checkEvery, segmentBytes, fsync, electionTimeout);
    }

    ReplicationSettings withRequestTimeout(Duration timeout) {
        return new ReplicationSettings(serverId, peers, storage, cluster, games, timeout, snapshotEvery, checkEvery,
                segmentBytes, fsync, electionTimeout);
    }

    ReplicationSettings withSnapshotEvery(long entries) {
        return new ReplicationSettings(serverId, peers, storage, cluster, games, requestTimeout, entries, checkEvery,
                segmentBytes, fsync, electionTimeout);
    }

    ReplicationSettings withCheckEvery(long versions) {
        return new ReplicationSettings(serverId, peers, storage, cluster, games, requestTimeout, snapshotEvery,
                versions, segmentBytes, fsync, electionTimeout);
    }

    ReplicationSettings withSegmentBytes(long bytes) {
        return new ReplicationSettings(serverId, peers, storage, cluster, games, requestTimeout, snapshotEvery,
                checkEvery, bytes, fsync, electionTimeout);
    }

    ReplicationSettings withFsync(boolean sync) {
        return new ReplicationSettings(serverId, peers, storage, cluster, games, requestTimeout, snapshotEvery,
                checkEvery, segmentBytes, sync, electionTimeout);
    }

    ReplicationSettings withElectionTimeout(Duration timeout) {
        return new ReplicationSettings(serverId, peers, storage, cluster, games, requestTimeout, snapshotEvery,
                checkEvery, segmentBytes, fsync, timeout);
    }

    /** @return the same peers with this server's id as {@code id}, its folder beside this one's */
    ReplicationSettings asServer(String id, PeerList peerList) {
        return new ReplicationSettings(id, peerList, storage.resolveSibling(id), cluster, games, requestTimeout,
                snapshotEvery, checkEvery, segmentBytes, fsync, electionTimeout);
    }

    /** @return the id of the Raft group: the same on every server of the cluster, derived from its name */
    UUID groupId() {
        return UUID.nameUUIDFromBytes(("freelock/raft/" + cluster).getBytes(StandardCharsets.UTF_8));
    }
}
