package io.freelock.consensus.ratis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import io.freelock.consensus.GameEngine;
import io.freelock.consensus.GameEngineFactory;
import io.freelock.consensus.GameSpec;
import io.freelock.consensus.StateHash;

/**
 * The {@link GameEngineFactory} of a server in a cluster: ranked above the local engine factory, so hosts get it
 * without changing. A game whose spec option {@value #OPTION} is {@code raft}, or whose id the configuration's
 * {@code games} pattern matches (unless the option says {@code none}), is opened on every server through the
 * replicated log; any other game is the local factory's. Active only while configured (PID {@value #PID}): the peers,
 * this server's id, and its storage folder. A malformed configuration is refused when it arrives, with the reason in
 * the log, and the component stays inactive.
 */
@Component(service = {GameEngineFactory.class, ReplicaServer.class}, configurationPid = ReplicatedEngineFactory.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        property = {"service.ranking:Integer=100", ReplicatedEngineFactory.REPLICATION_PROPERTY + "=raft"})
@Designate(ocd = ReplicatedEngineFactory.Config.class)
public final class ReplicatedEngineFactory implements GameEngineFactory, ReplicaServer {

    public static final String PID = "io.freelock.consensus.ratis";
    /** The service property that tells this factory from the local one it builds on. */
    public static final String REPLICATION_PROPERTY = "consensus.replication";
    /** The game spec option that asks for replication ({@code raft}) or refuses it ({@code none}). */
    public static final String OPTION = "replication";

    @ObjectClassDefinition(name = "Freelock replicated games (Raft)",
            description = "This server's place in a cluster whose games are replicated by Apache Ratis.")
    @interface Config {
        @AttributeDefinition(description = "This server's id: one of the ids in peers.")
        String serverId();

        @AttributeDefinition(description = "Every server of the cluster as id=host:port, separated by commas, e.g. a=127.0.0.1:9871,b=127.0.0.1:9872,c=127.0.0.1:9873.")
        String peers();

        @AttributeDefinition(description = "The folder under which this server keeps its log and snapshots, in a folder named by its id. A relative path is under the data folder (the framework property freelock.data, else data/).")
        String storage() default "raft";

        @AttributeDefinition(description = "The cluster's name: servers of different clusters never join one log.")
        String cluster() default "freelock";

        @AttributeDefinition(description = "A regular expression: games whose id matches are replicated, unless their spec option replication=none says otherwise.")
        String games() default ".*";

        @AttributeDefinition(description = "How long a change waits for a majority before it is refused (NO_QUORUM or NOT_LEADER), in milliseconds.")
        long requestTimeoutMillis() default 5_000;

        @AttributeDefinition(description = "A snapshot of every game is taken after this many log entries; the log before it is dropped.")
        long snapshotEvery() default 10_000;

        @AttributeDefinition(description = "Each server publishes a game's hash every this many versions, so that a server whose copy diverged stops it.")
        long checkEvery() default 100;

        @AttributeDefinition(description = "Whether a log entry counts as written only once it is on disk (fsync). Off, an entry counts when the operating system has it: safe against a process crash, not against a power loss of a majority of the servers.")
        boolean fsync() default true;

        @AttributeDefinition(description = "A follower that hears no leader for this long (up to twice as long) calls an election, in milliseconds; the leader beats at half of it. Too short on a loaded machine starts needless elections.")
        long electionTimeoutMillis() default 500;
    }

    private final GameEngineFactory local;
    private final Replication replication;
    /** The game ids replicated when their spec does not say. */
    private final Pattern games;

    /** The framework property naming the launcher's data folder, where relative storage paths go. */
    static final String DATA_PROPERTY = "freelock.data";

    @Activate
    public ReplicatedEngineFactory(@Reference(target = "(!(" + REPLICATION_PROPERTY + "=*))") GameEngineFactory local,
            Config config, BundleContext context) {
        this.local = local;
        String data = context.getProperty(DATA_PROPERTY);
        // a bad configuration stops here, with the reason
        ReplicationSettings settings = ReplicationSettings.from(config, Path.of(data == null ? "data" : data));
        try {
            this.replication = Replication.start(settings, local, false);
        } catch (IOException e) {
            throw new UncheckedIOException("server '" + settings.serverId + "' could not start its replicated log in "
                    + settings.storage.toAbsolutePath() + ": " + e.getMessage(), e);
        }
        this.games = settings.games;
    }

    @Deactivate
    void deactivate() throws IOException {
        replication.close();
    }

    /** @return whether a game opened with this spec is replicated */
    boolean replicated(GameSpec spec) {
        String asked = spec.options().get(OPTION);
        if (asked != null) {
            if (asked.equals("raft")) {
                return true;
            }
            if (asked.equals("none")) {
                return false;
            }
            throw new IllegalArgumentException("game '" + spec.gameId() + "': option " + OPTION + "=" + asked
                    + " is neither raft nor none");
        }
        return games.matcher(spec.gameId()).matches();
    }

    @Override
    public GameEngine<?, ?> open(GameSpec spec) {
        return replicated(spec) ? replication.open(spec) : local.open(spec);
    }

    @Override
    public GameEngine<?, ?> openInMemory(GameSpec spec) {
        return local.openInMemory(spec);
    }

    @Override
    public GameEngine<?, ?> openInMemory(GameSpec spec, long version, StateHash hash, byte[] canonicalState) {
        return local.openInMemory(spec, version, hash, canonicalState);
    }

    @Override
    public Optional<GameEngine<?, ?>> find(String gameId) {
        Optional<GameEngine<?, ?>> replicated = replication.find(gameId);
        return replicated.isPresent() ? replicated : local.find(gameId);
    }

    @Override
    public List<GameEngine<?, ?>> engines() {
        List<GameEngine<?, ?>> all = new ArrayList<>(replication.engines());
        for (GameEngine<?, ?> engine : local.engines()) {
            if (!replication.isReplicated(engine.gameId())) {
                all.add(engine);
            }
        }
        all.sort(Comparator.comparing(GameEngine::gameId));
        return all;
    }

    @Override
    public boolean close(String gameId) {
        return replication.isReplicated(gameId) ? replication.close(gameId) : local.close(gameId);
    }

    @Override
    public Set<String> gameTypes() {
        return local.gameTypes();
    }

    @Override
    public Replication replication() {
        return replication;
    }
}
