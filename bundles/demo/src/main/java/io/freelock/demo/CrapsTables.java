package io.freelock.demo;

import java.io.File;
import java.nio.file.Path;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

import io.freelock.consensus.GameEngineFactory;
import io.freelock.consensus.RefusalReason;
import io.freelock.consensus.RefusedException;
import io.freelock.consensus.Snapshot;
import io.freelock.consensus.StateMachine;

/**
 * Offers the demo's craps table ({@link CrapsHost}) while a {@link GameEngineFactory} and the craps rules (a
 * {@link StateMachine} service with {@code game.type=craps}) are registered, and only then. The rules are a
 * reference without a field: nothing here calls them (the engine does), but without them no table could open.
 *
 * <p>Each table is a new game, {@code demo-table-1}, {@code demo-table-2} and so on, with three players. The games
 * stay open after they are played, so that {@code game:list} and {@code game:state demo-table-1} show them, until
 * this component goes: as a delayed component it goes when its last user, the demo host, is switched off.
 */
@Component(service = CrapsHost.class, reference = @Reference(name = "rules", service = StateMachine.class,
        target = "(" + StateMachine.GAME_TYPE + "=" + CrapsTable.GAME_TYPE + ")"))
public final class CrapsTables implements CrapsHost {

    static final List<String> PLAYERS = List.of("alice", "bob", "carol");
    /** Each player's chips: enough that nobody goes broke in a demo of minutes with bets of 5 to 24. */
    static final long CHIPS = 100_000;
    /** How long the loop waits without a move before the table closes the dice step; a lost move, not play, ends it. */
    static final Duration WINDOW = Duration.ofSeconds(5);
    /** How long the last round may take to end: two windows, in case both of its steps stall, and then some. */
    static final Duration PATIENCE = WINDOW.multipliedBy(2).plusSeconds(20);

    /** The framework property naming the launcher's data folder, where the players' keys are kept. */
    static final String DATA_PROPERTY = "freelock.data";

    /** How long a table waits to open while its cluster has no majority: the other servers are starting too. */
    static final Duration OPEN_PATIENCE = Duration.ofSeconds(90);
    /** The service property a replicated game engine factory has, naming its replication ({@code raft}). */
    static final String FACTORY_REPLICATION = "consensus.replication";

    private final GameEngineFactory factory;
    /** The bound factory's replication ({@value #FACTORY_REPLICATION}), or empty for the local engine's factory. */
    private final String factoryReplication;
    private final PlayerKeys keys;
    private final Set<String> opened = ConcurrentHashMap.newKeySet();

    @Activate
    public CrapsTables(@Reference(name = "factory", service = GameEngineFactory.class)
            Map.Entry<Map<String, Object>, GameEngineFactory> factory, BundleContext context) {
        this.factory = factory.getValue();
        Object replication = factory.getKey().get(FACTORY_REPLICATION);
        this.factoryReplication = replication == null ? "" : replication.toString();
        this.keys = new PlayerKeys(keyFolder(context));
    }

    /** @return {@code <freelock.data>/demo-keys}, else the bundle's storage area, else null (keys are not kept) */
    private static Path keyFolder(BundleContext context) {
        String data = context.getProperty(DATA_PROPERTY);
        if (data != null && !data.isBlank()) {
            return Path.of(data, "demo-keys");
        }
        File area = context.getDataFile("demo-keys");
        return area == null ? null : area.toPath();
    }

    @Deactivate
    void deactivate() {
        opened.forEach(factory::close);
    }

    @Override
    public CrapsReport play(Queue<Move> queue, long millis, String replication, Consumer<String> progress)
            throws InterruptedException {
        if (!replication.isEmpty() && !replication.equals(factoryReplication)) {
            // the local engine's factory would open the table all the same, on this server only
            throw new IllegalStateException("the table asks for replication " + replication
                    + ", but the game engine factory here " + (factoryReplication.isEmpty() ? "replicates nothing"
                    : "replicates by " + factoryReplication) + ": is this server configured as one of a cluster?");
        }
        CrapsTable table = open(queue, replication, progress);
        opened.add(table.gameId());
        if (table.opened().version() > 0) {
            progress.accept(head("recovered", table.gameId(), table.opened()) + " from its journal");
        }
        table.start();
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        try {
            for (long now = System.nanoTime(); now - end < 0; now = System.nanoTime()) {
                TimeUnit.NANOSECONDS.sleep(Math.min(end - now, TimeUnit.SECONDS.toNanos(1)));
                progress.accept(String.format("%-13s %,15d rounds, %,d operations committed", "craps", table.rounds(),
                        table.committed()));
                progress.accept(head("acknowledged", table.gameId(), table.acknowledged()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // finish sees it, stops every thread of the table and rethrows
        }
        CrapsReport report = table.finish(PATIENCE);
        progress.accept(head("acknowledged", table.gameId(), table.acknowledged()));
        return report;
    }

    /**
     * @return e.g. {@code acknowledged demo-table-1 v1234 <64 hex digits>}: one line a script can compare with what a
     *         restarted game recovers (with durability sync, every acknowledged version is in the journal)
     */
    private static String head(String what, String gameId, Snapshot<?> snapshot) {
        return what + " " + gameId + " v" + snapshot.version() + " " + snapshot.hash().toHex();
    }

    /**
     * Opens a table under the first free {@code demo-table-N}. In a cluster every server's demo opens tables under
     * such ids: one that another server took first is refused (GAME_EXISTS) and the next is tried; while the cluster
     * has no majority (the other servers are starting too) it tries again, for up to {@link #OPEN_PATIENCE}.
     */
    private CrapsTable open(Queue<Move> queue, String replication, Consumer<String> progress)
            throws InterruptedException {
        long deadline = System.nanoTime() + OPEN_PATIENCE.toNanos();
        while (true) {
            String gameId = freeGameId();
            try {
                return CrapsTable.open(factory, gameId, PLAYERS, keys, CHIPS, queue, WINDOW, replication);
            } catch (RefusedException e) {
                boolean noMajority = e.reason() == RefusalReason.NO_QUORUM || e.reason() == RefusalReason.NOT_LEADER;
                if (!noMajority && e.reason() != RefusalReason.GAME_EXISTS || System.nanoTime() - deadline > 0) {
                    throw e;
                }
                if (noMajority) {
                    progress.accept("waiting for a majority of the cluster to open " + gameId + ": " + e.reason());
                    TimeUnit.SECONDS.sleep(1);
                }
            }
        }
    }

    /** @return the first {@code demo-table-N} not open now, as far as this server knows */
    private String freeGameId() {
        for (int n = 1; ; n++) {
            String id = "demo-table-" + n;
            if (factory.find(id).isEmpty()) {
                return id;
            }
        }
    }
}
