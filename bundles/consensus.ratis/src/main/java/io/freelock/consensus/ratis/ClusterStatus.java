package io.freelock.consensus.ratis;

import java.util.List;

/** What {@code cluster:status} shows of one server's member of the replicated log. Immutable. */
final class ClusterStatus {

    final String serverId;
    final String role;
    final long term;
    final long commitIndex;
    final long appliedIndex;
    /** The leader's id, or an empty string if none is known. */
    final String leader;
    final List<String> peers;
    /** On the leader: "id lag" per follower, lag in log entries behind the commit index. */
    final List<String> followerLag;

    ClusterStatus(String serverId, String role, long term, long commitIndex, long appliedIndex, String leader,
            List<String> peers, List<String> followerLag) {
        this.serverId = serverId;
        this.role = role;
        this.term = term;
        this.commitIndex = commitIndex;
        this.appliedIndex = appliedIndex;
        this.leader = leader;
        this.peers = List.copyOf(peers);
        this.followerLag = List.copyOf(followerLag);
    }

    @Override
    public String toString() {
        return "server " + serverId + ": " + role + ", term " + term + ", commit " + commitIndex + ", applied "
                + appliedIndex + ", leader " + (leader.isEmpty() ? "unknown" : leader) + "\npeers " + peers
                + (followerLag.isEmpty() ? "" : "\nfollowers behind the commit index: " + followerLag);
    }
}
