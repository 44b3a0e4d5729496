package io.freelock.it;

import static io.freelock.it.FreelockContainer.shell;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import javax.inject.Inject;

import org.apache.felix.service.command.CommandProcessor;
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
import org.osgi.service.jdbc.DataSourceFactory;

import io.freelock.consensus.GameEngine;
import io.freelock.consensus.GameEngineFactory;
import io.freelock.consensus.GameSpec;
import io.freelock.consensus.NotDurableException;
import io.freelock.consensus.RefusalReason;
import io.freelock.consensus.RefusedException;
import io.freelock.consensus.Snapshot;
import io.freelock.consensus.testkit.Players;
import io.freelock.queue.QueueManager;
import io.freelock.queue.testkit.Await;

/**
 * The journal in the launcher's container: the engine journals synchronously (the default) into H2 under the data
 * folder, through the JDBC store bundle. Stopping that bundle during a game stops acknowledgements, never loses one.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class StorageIT {

    private static final String STORAGE_BUNDLE = "io.freelock.storage.jdbc";

    @Inject
    private BundleContext context;

    @Inject
    private GameEngineFactory factory;

    @Inject
    private QueueManager queues;

    @Inject
    private CommandProcessor shell;

    @Configuration
    public Option[] config() {
        return FreelockContainer.options();
    }

    private GameSpec spec(String gameId) throws Exception {
        Await.until("the craps rules bound to the engine factory",
                () -> factory.gameTypes().contains("craps"));
        // the bond is the table limit: room for the Field bets that wait for one roll
        return new GameSpec(gameId, "craps", Players.withKeys("alice").participants(),
                Map.of("chips", "100000000", "house", "1000000", "bond", "50000000"));
    }

    @SuppressWarnings("unchecked")
    private GameEngine<Object, Object> open(GameSpec spec) {
        return (GameEngine<Object, Object>) factory.open(spec);
    }

    private Bundle storageBundle() {
        for (Bundle bundle : context.getBundles()) {
            if (bundle.getSymbolicName().equals(STORAGE_BUNDLE)) {
                return bundle;
            }
        }
        throw new AssertionError(STORAGE_BUNDLE + " is not installed");
    }
    @Test
    public void stoppingTheStorageBundleMidGameLosesNoAcknowledgedOperation() throws Exception {
        GameSpec spec = spec("storage-1");
        GameEngine<Object, Object> game = open(spec);
        Object bet = game.parseOperation("bet alice field 5");
        AtomicReference<Snapshot<Object>> acknowledged = new AtomicReference<>(game.current());
        AtomicLong acks = new AtomicLong();
        AtomicLong refusedUnavailable = new AtomicLong();
        AtomicLong notDurable = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread player = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    acknowledged.set(game.apply(bet));
                    acks.incrementAndGet();
                } catch (RefusedException e) {
                    if (e.reason() != RefusalReason.JOURNAL_UNAVAILABLE) {
                        failure.set(e);
                        return;
                    }
                    refusedUnavailable.incrementAndGet();
                    Thread.onSpinWait();
                } catch (NotDurableException e) {
                    notDurable.incrementAndGet(); // installed while the store went away: not acknowledged
                } catch (RuntimeException e) {
                    failure.set(e);
                    return;
                }
            }
        }, "storage-it-player");
        player.start();
        try {
            Await.until("200 acknowledged bets", () -> acks.get() >= 200 || failure.get() != null);
            assertTrue(String.valueOf(queues.find("journal.storage-1")),
                    queues.find("journal.storage-1").isPresent()); // commits reach the writer through our queue

            Bundle storage = storageBundle();
            storage.stop();
            Await.until("bets refused while the store is gone",
                    () -> refusedUnavailable.get() > 0 || failure.get() != null);
            long acksWhileStopped = acks.get();
            String gone = shell(shell, "game:journal storage-1");
            assertTrue(gone, gone.contains("no journal store"));
            storage.start();
            Await.until("bets acknowledged again after the store is back",
                    () -> acks.get() >= acksWhileStopped + 200 || failure.get() != null);
        } finally {
            player.interrupt();
            player.join(60_000);
        }
        assertEquals(null, failure.get());
        Snapshot<Object> last = acknowledged.get();
        Snapshot<Object> end = game.current();
        assertTrue(end.version() >= last.version());
        // the player's last apply may have been interrupted while it waited for the journal: not acknowledged, but
        // installed, so the writer writes it and the lag goes back to 0
        Await.until("the journal to catch up with the game", () -> {
            String journal = shell(shell, "game:journal storage-1");
            return journal.contains("lag 0") && journal.contains("status    ok");
        });

        String endState = game.describeState(end.state());
        assertTrue(factory.close("storage-1")); // the writer writes what it holds, then stops
        GameEngine<Object, Object> reopened = open(spec);
        assertNotNull(reopened);
        assertEquals("every installed operation, acknowledged or not, is recovered", end.version(),
                reopened.current().version());
        assertEquals(end.hash(), reopened.current().hash());
        assertEquals(endState, reopened.describeState(reopened.current().state()));
        factory.close("storage-1");
    }

    /**
     * Someone with the database's password but not the players' keys edits a row of a game's journal in H2 while
     * the game is closed: the game does not open again, and the refusal names the game and the version.
     */
    @Test
    public void aJournalEditedInTheDatabaseIsRefusedAtRecoveryNamingGameAndVersion() throws Exception {
        GameSpec spec = spec("storage-2");
        GameEngine<Object, Object> game = open(spec);
        Object bet = game.parseOperation("bet alice field 5");
        for (int i = 0; i < 4; i++) {
            game.apply(bet);
        }
        byte[] bigger = game.encodeOperation(game.parseOperation("bet alice field 500"));
        assertTrue(factory.close("storage-2")); // the writer writes what it holds, then stops

        ServiceReference<DataSourceFactory> h2 = context.getServiceReferences(DataSourceFactory.class,
                "(" + DataSourceFactory.OSGI_JDBC_DRIVER_CLASS + "=org.h2.Driver)").iterator().next();
        Properties properties = new Properties();
        properties.setProperty(DataSourceFactory.JDBC_URL, "jdbc:h2:file:" + context.getProperty("freelock.data")
                + "/journal/freelock;WRITE_DELAY=0");
        properties.setProperty(DataSourceFactory.JDBC_USER, "freelock");
        try (Connection c = context.getService(h2).createDataSource(properties).getConnection();
                PreparedStatement edit = c.prepareStatement("UPDATE freelock_operations SET operation = ? "
                        + "WHERE game_id = ? AND version = ?")) {
            edit.setBytes(1, bigger);
            edit.setString(2, "storage-2");
            edit.setLong(3, 2);
            assertEquals(1, edit.executeUpdate());
        } finally {
            context.ungetService(h2);
        }

        RefusedException refused = assertThrows(RefusedException.class, () -> open(spec));
        assertEquals(RefusalReason.JOURNAL_BROKEN, refused.reason());
        assertTrue(refused.getMessage(), refused.getMessage().contains("storage-2")
                && refused.getMessage().contains("version 2"));
        assertFalse("the game stays closed", factory.find("storage-2").isPresent());
    }
}
