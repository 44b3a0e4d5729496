package io.freelock.consensus.ratis;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.ratis.client.RaftClient;
import org.apache.ratis.client.RaftClientConfigKeys;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.exceptions.NotLeaderException;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.server.DivisionInfo;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.util.SizeInBytes;
import org.apache.ratis.util.TimeDuration;

import io.freelock.consensus.RefusalReason;
import io.freelock.consensus.RefusedException;

/**
 * This server's member of the replicated log: a Ratis server (gRPC on the peer's port, the log and snapshots in its
 * storage folder) running a {@link GameLog}, and a Ratis client that sends records to whichever server leads.
 */
final class RaftNode implements AutoCloseable {

    /** How long a client waits between tries while the cluster has no reachable leader. */
    private static final TimeDuration RETRY_SLEEP = TimeDuration.valueOf(50, TimeUnit.MILLISECONDS);

    private final ReplicationSettings settings;
    private final RaftGroup group;
    private final RaftServer server;
    private final RaftClient client;

    private RaftNode(ReplicationSettings settings, RaftGroup group, RaftServer server, RaftClient client) {
        this.settings = settings;
        this.group = group;
        this.server = server;
        this.client = client;
    }

    static List<RaftPeer> peers(PeerList list) {
        List<RaftPeer> peers = new ArrayList<>();
        for (PeerList.Peer peer : list.peers()) {
            peers.add(RaftPeer.newBuilder().setId(peer.id).setAddress(peer.address()).build());
        }
        return peers;
    }

    /**
     * Starts this server's member of the log. Ratis finds its RPC implementation by class name through the thread's
     * context class loader, and keeps the first loader it sees: so while it starts, that loader is this bundle's.
     *
     * @param joining true for a server that is not in the log's configuration yet: it starts empty and waits for the
     *        leader to add it ({@link #addPeers}), then catches up from a snapshot and the log's tail
     */
    static RaftNode start(ReplicationSettings settings, GameLog log, boolean joining) throws IOException {
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        thread.setContextClassLoader(RaftNode.class.getClassLoader());
        try {
            RaftGroupId groupId = RaftGroupId.valueOf(settings.groupId());
            RaftGroup group = RaftGroup.valueOf(groupId, peers(settings.peers));
            PeerList.Peer self = settings.peers.require(settings.serverId);
            RaftProperties properties = new RaftProperties();
            RaftServerConfigKeys.setStorageDir(properties, Collections.singletonList(settings.storage.toFile()));
            GrpcConfigKeys.Server.setHost(properties, self.host);
            GrpcConfigKeys.Server.setPort(properties, self.port);
            RaftServerConfigKeys.Snapshot.setAutoTriggerEnabled(properties, true);
            RaftServerConfigKeys.Snapshot.setAutoTriggerThreshold(properties, settings.snapshotEvery);
            RaftServerConfigKeys.Log.setPurgeUptoSnapshotIndex(properties, true);
            RaftServerConfigKeys.Log.setPurgeGap(properties, (int) Math.min(1024, settings.snapshotEvery));
            RaftServerConfigKeys.Log.setSegmentSizeMax(properties, SizeInBytes.valueOf(settings.segmentBytes));
            RaftServerConfigKeys.Log.setUnsafeFlushEnabled(properties, !settings.fsync);
            // A follower calls an election when it hears no leader for this long; the leader beats at half of it.
            // Ratis's 150 ms is too short for a loaded machine (a GC or scheduling pause starts needless elections),
            // and a follower learns of a commit at the next beat, so a move through it waits up to that long.
            TimeDuration election = TimeDuration.valueOf(settings.electionTimeout.toMillis(), TimeUnit.MILLISECONDS);
            RaftServerConfigKeys.Rpc.setTimeoutMin(properties, election);
            RaftServerConfigKeys.Rpc.setTimeoutMax(properties, election.multiply(2));
            RaftServer server = RaftServer.newBuilder().setServerId(RaftPeerId.valueOf(settings.serverId))
                    .setGroup(joining ? RaftGroup.valueOf(groupId) : group).setStateMachine(log)
                    .setProperties(properties).setOption(RaftStorage.StartupOption.RECOVER).build();
            server.start();
            RaftProperties clientProperties = new RaftProperties();
            RaftClientConfigKeys.Rpc.setRequestTimeout(clientProperties,
                    TimeDuration.valueOf(Math.min(3_000, settings.requestTimeout.toMillis()), TimeUnit.MILLISECONDS));
            int tries = (int) Math.max(1, settings.requestTimeout.toMillis() / RETRY_SLEEP.toLong(TimeUnit.MILLISECONDS));
            RaftClient client = RaftClient.newBuilder().setProperties(clientProperties).setRaftGroup(group)
                    .setRetryPolicy(RetryPolicies.retryUpToMaximumCountWithFixedSleep(tries, RETRY_SLEEP)).build();
            RaftNode node = new RaftNode(settings, group, server, client);
            log.connect(node::publish, node::serverCount);
            return node;
        } finally {
            thread.setContextClassLoader(before);
        }
    }

    /**
     * Sends a record to the leader and waits until the log committed it on a majority and the leader applied it.
     *
     * @return the leader's outcome
     * @throws RefusedException NOT_LEADER naming the leader where a server named one, or NO_QUORUM, if no majority
     *         committed the record within the request timeout
     */
    Outcome submit(GameRecord record) {
        CompletableFuture<RaftClientReply> sent = send(record);
        RaftClientReply reply;
        try {
            // the client retries within the request timeout; the margin lets its own verdict arrive first
            reply = sent.get(settings.requestTimeout.toMillis() + 1_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw noQuorum(record, "interrupted while waiting");
        } catch (TimeoutException e) {
            sent.cancel(true);
            throw noQuorum(record, "no majority committed it within " + settings.requestTimeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            throw refusal(record, e.getCause());
        }
        if (!reply.isSuccess()) {
            throw refusal(record, reply.getException());
        }
        return Outcome.decode(reply.getMessage().getContent().toByteArray());
    }

    private CompletableFuture<RaftClientReply> send(GameRecord record) {
        return client.async().send(Message.valueOf(ByteString.copyFrom(record.encode())));
    }

    /** Sends a server's CHECK record without waiting; a lost one is made good by the next. */
    private void publish(GameRecord record) {
        send(record);
    }

    private RefusedException refusal(GameRecord record, Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof NotLeaderException) {
                RaftPeer leader = ((NotLeaderException) t).getSuggestedLeader();
                return new RefusedException(RefusalReason.NOT_LEADER, record + " was not committed: server '"
                        + settings.serverId + "' reached no leader that took it"
                        + (leader == null ? "; no leader is known" : "; the leader is " + leader.getId() + " at "
                                + leader.getAddress()), failure);
            }
        }
        return noQuorum(record, String.valueOf(failure));
    }

    private RefusedException noQuorum(GameRecord record, String why) {
        String leader = leaderId();
        return new RefusedException(RefusalReason.NO_QUORUM, record + " was not committed on a majority of "
                + settings.peers + " (" + why + "); server '" + settings.serverId + "' is " + role()
                + (leader.isEmpty() ? ", no leader is known" : ", the last leader it knew is " + leader)
                + "; nothing was acknowledged, and sending the same request again never applies it twice");
    }

    RaftServer.Division division() throws IOException {
        return server.getDivision(group.getGroupId());
    }

    private int serverCount() {
        try {
            return division().getRaftConf().getCurrentPeers().size();
        } catch (IOException e) {
            return group.getPeers().size();
        }
    }

    String role() {
        try {
            return division().getInfo().getCurrentRole().name();
        } catch (IOException e) {
            return "STOPPED";
        }
    }

    /** @return the leader's id, or an empty string if none is known */
    String leaderId() {
        try {
            RaftPeerId leader = division().getInfo().getLeaderId();
            return leader == null ? "" : leader.toString();
        } catch (IOException e) {
            return "";
        }
    }

    boolean isLeader() {
        try {
            return division().getInfo().isLeader();
        } catch (IOException e) {
            return false;
        }
    }

    /** @return role, term, commit and applied index, leader, peers, and each follower's lag (on the leader) */
    ClusterStatus status() {
        try {
            RaftServer.Division division = division();
            DivisionInfo info = division.getInfo();
            long commit = division.getRaftLog().getLastCommittedIndex();
            List<String> peers = new ArrayList<>();
            division.getRaftConf().getCurrentPeers().forEach(p -> peers.add(p.getId() + "=" + p.getAddress()));
            List<String> lags = new ArrayList<>();
            if (info.isLeader()) {
                long[] match = info.getFollowerMatchIndices();
                int i = 0;
                for (RaftPeer peer : division.getRaftConf().getCurrentPeers()) {
                    if (!peer.getId().equals(division.getId()) && i < match.length) {
                        lags.add(peer.getId() + " " + Math.max(0, commit - match[i++]));
                    }
                }
            }
            RaftPeerId leader = info.getLeaderId();
            return new ClusterStatus(settings.serverId, info.getCurrentRole().name(), info.getCurrentTerm(), commit,
                    info.getLastAppliedIndex(), leader == null ? "" : leader.toString(), peers, lags);
        } catch (IOException e) {
            return new ClusterStatus(settings.serverId, "STOPPED", -1, -1, -1, "", List.of(), List.of());
        }
    }

    /** Asks the leader to make the log's configuration the given servers (those there, and those to add). */
    void setPeers(List<RaftPeer> peers) throws IOException {
        RaftClientReply reply = client.admin().setConfiguration(peers);
        if (!reply.isSuccess()) {
            throw new IOException("the leader did not take the configuration " + peers + ": " + reply.getException());
        }
    }

    @Override
    public void close() throws IOException {
        try {
            client.close();
        } finally {
            server.close();
        }
    }
}
