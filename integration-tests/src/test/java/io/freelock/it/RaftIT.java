package io.freelock.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.bundle;

import java.io.File;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;

import io.freelock.consensus.GameEngine;
import io.freelock.consensus.GameEngineFactory;
import io.freelock.consensus.GameSpec;
import io.freelock.consensus.Proposal;
import io.freelock.consensus.ProposalState;
import io.freelock.consensus.ProposalStatus;
import io.freelock.consensus.Snapshot;
import io.freelock.consensus.Vote;
import io.freelock.consensus.testkit.Players;
import io.freelock.queue.testkit.Await;

/**
 * The Ratis bundle in the launcher's container: it resolves and starts with Ratis embedded, and once configured
 * (here a cluster of one server on a loopback port) a craps game opened through the same GameEngineFactory service
 * is played through the replicated log, its signed proposals committed by the log and applied to the local engine.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class RaftIT {

    private static final String RATIS_BUNDLE = "io.freelock.consensus.ratis";
    private static final String PID = "io.freelock.consensus.ratis";
    private static final String REPLICATED = "(consensus.replication=raft)";
    private static final List<String> PLAYERS = List.of("alice", "bob", "carol");

    @Inject
    private BundleContext context;

    @Inject
    private ConfigurationAdmin configurationAdmin;

    /** The players of the game opened last, each with a new Ed25519 key pair. */
    private Players players;

    @Configuration
    public Option[] config() {
        List<Option> options = new ArrayList<>(Arrays.asList(FreelockContainer.options()));
        options.add(bundle(new File(System.getProperty("freelock.ratis.bundle")).toURI().toString()));
        return options.toArray(new Option[0]);
    }

    private Bundle ratisBundle() {
        for (Bundle bundle : context.getBundles()) {
            if (RATIS_BUNDLE.equals(bundle.getSymbolicName())) {
                return bundle;
            }
        }
        throw new AssertionError(RATIS_BUNDLE + " is not installed");
    }

    private GameEngineFactory replicatedFactory() throws Exception {
        Collection<ServiceReference<GameEngineFactory>> refs =
                context.getServiceReferences(GameEngineFactory.class, REPLICATED);
        return refs.isEmpty() ? null : context.getService(refs.iterator().next());
    }

    private void configure(String peers) throws Exception {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put("serverId", "a");
        properties.put("peers", peers);
        properties.put("storage", FreelockContainer.workFolder("raft-" + System.nanoTime()).getAbsolutePath());
        properties.put("requestTimeoutMillis", 5_000L);
        configurationAdmin.getConfiguration(PID, "?").update(properties);
    }

    @SuppressWarnings("unchecked")
    private GameEngine<Object, Object> openCraps(GameEngineFactory factory, String gameId) throws Exception {
        players = Players.withKeys(PLAYERS);
        return (GameEngine<Object, Object>) factory.open(new GameSpec(gameId, "craps", players.participants(),
                Map.of("chips", "1000", "house", "100000")));
    }

    /** A bet proposed by one player and approved by the next: two of three commit it. */
    private Snapshot<?> agree(GameEngine<Object, Object> engine, String proposer, String voter, String text) {
        byte[] operation = engine.encodeOperation(engine.parseOperation(text));
        Proposal proposal = Proposal.sign(engine.gameId(), proposer, engine.current().hash(), operation,
                players.privateKey(proposer));
        assertEquals(text, ProposalStatus.OPEN, engine.submit(proposal).status());
        ProposalState state = engine.vote(Vote.sign(engine.gameId(), proposal.id(), voter, true,
                players.privateKey(voter)));
        assertEquals(text + ": " + state, ProposalStatus.COMMITTED, state.status());
        return state.committed().orElseThrow();
    }

    @Test
    public void theRatisBundleStartsAndAReplicatedCrapsGameIsPlayedThroughTheOsgiServices() throws Exception {
        Bundle ratis = ratisBundle();
        Await.until("the Ratis bundle active", () -> ratis.getState() == Bundle.ACTIVE);
        assertEquals("it exports nothing", null, ratis.getHeaders().get("Export-Package"));

        configure("a=127.0.0.1:" + FreelockContainer.freePort());
        Await.until("the replicated GameEngineFactory registered", () -> {
            try {
                return replicatedFactory() != null;
            } catch (Exception e) {
                return false;
            }
        });
        GameEngineFactory factory = replicatedFactory();
        Await.until("the craps rules bound", () -> factory.gameTypes().contains("craps"));
        ServiceReference<GameEngineFactory> best = context.getServiceReference(GameEngineFactory.class);
        assertEquals("hosts get the replicated factory: it ranks first", "raft",
                best.getProperty("consensus.replication"));

        GameEngine<Object, Object> game = openCraps(factory, "replicated-table");
        agree(game, "alice", "bob", "bet alice pass_line 10");
        Snapshot<?> last = agree(game, "bob", "carol", "bet bob field 20");
        assertEquals(2, last.version());
        assertEquals(last.hash(), game.current().hash());

        // this server's copy is an engine of the local factory, at the same head
        Collection<ServiceReference<GameEngineFactory>> locals =
                context.getServiceReferences(GameEngineFactory.class, "(!(consensus.replication=*))");
        GameEngine<?, ?> copy = context.getService(locals.iterator().next()).find("replicated-table").orElseThrow();
        assertEquals(last.hash(), copy.current().hash());

        String status = FreelockContainer.shell(context, "cluster:status");
        assertTrue(status, status.contains("LEADER") && status.contains("game replicated-table: version 2"));

        String metrics = FreelockContainer.shell(context, "metrics:list freelock_raft");
        assertTrue(metrics, metrics.contains("freelock_raft_commit_index") && metrics.contains("freelock_raft_leader")
                && metrics.contains("server=\"a\""));

        // a malformed peer list is refused when it arrives: the replicated factory goes, the local one stays
        configure("a=127.0.0.1");
        Await.until("the replicated factory gone", () -> {
            try {
                return replicatedFactory() == null;
            } catch (Exception e) {
                return false;
            }
        });
        assertTrue(context.getServiceReference(GameEngineFactory.class) != null);
    }
}
