package io.freelock.consensus.ratis;

/**
 * This server's member of the replicated log, as this bundle's own components see it ({@link ClusterCommands} shows
 * it, {@link RaftMetrics} meters it): a service type of the bundle's private package, registered by
 * {@link ReplicatedEngineFactory} next to its public {@code GameEngineFactory}, so that a component reaches the log by
 * a reference of its own instead of downcasting the public service.
 */
public interface ReplicaServer {

    /** @return the member of the replicated log this server runs */
    Replication replication();
}
