package io.freelock.demo;

import java.io.File;
import java.nio.file.Path;

import java.time.Duration;
import java.util.List;
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

    private final GameEngineFactory factory;
    private final PlayerKeys keys;
    private final Set<String> opened = ConcurrentHashMap.newKeySet();

    @Activate
    public CrapsTables(@Reference(name = "factory") GameEngineFactory factory, BundleContext context) {
        this.factory = factory;
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
    public CrapsReport play(Queue<Move> queue, long millis, Consumer<String> progress) throws InterruptedException {
        CrapsTable table = CrapsTable.open(factory, freeGameId(), PLAYERS, keys, CHIPS, queue, WINDOW);
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

    /** @return the first {@code demo-table-N} not open now; this component is the only one opening such games */
    private String freeGameId() {
        for (int n = 1; ; n++) {
            String id = "demo-table-" + n;
            if (factory.find(id).isEmpty()) {
                return id;
            }
        }
    }
}
