package io.freelock.consensus.engine;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

import io.freelock.consensus.GameEngine;
import io.freelock.consensus.GameEngineFactory;
import io.freelock.consensus.GameSpec;
import io.freelock.consensus.RefusalReason;
import io.freelock.consensus.RefusedException;
import io.freelock.consensus.RulesUnavailableException;
import io.freelock.consensus.Snapshot;
import io.freelock.consensus.StateHash;
import io.freelock.consensus.StateMachine;
import io.freelock.queue.QueueManager;
import io.freelock.queue.QueueSpec;
import io.freelock.storage.Journal;
import io.freelock.storage.JournalException;
import io.freelock.storage.JournalGenesis;
import io.freelock.storage.JournalPosition;
import io.freelock.storage.JournalStore;

/**
 * The {@link GameEngineFactory} service: opens a {@link CasGameEngine} per game and keeps each bound to its rules.
 *
 * <p><b>How an engine gets its rules.</b> Game bundles register {@link StateMachine} services with the property
 * {@value StateMachine#GAME_TYPE}. This component has a dynamic, greedy, optional-multiple reference to all of them
 * and keeps a {@link RulesCatalog} of the best service per game type (highest ranking, then oldest). A game is opened
 * by game type; after every change of the catalog, each engine of the affected type is rebound to the best rules of
 * its type, or to none. An engine without rules keeps its last state as canonical bytes (encoded by the departing
 * rules), answers reads, and refuses everything else with a {@link RulesUnavailableException} naming the game and
 * the missing type; when rules of its type are registered again, they decode that state and the engine goes on from
 * the same version and hash. Because the reference is optional, this component (and every open game) survives the
 * game bundle being stopped, updated or uninstalled.
 *
 * <p><b>Journals.</b> With durability {@code sync} or {@code async} (the configuration's, {@code sync} by default), a
 * game opens only while a {@link JournalStore} is registered: it is recovered from its journal in that store, and its
 * commits are written there by a {@link JournalWriter}, through a managed queue of the {@link QueueManager} when one is
 * registered. Both references are optional and dynamic: when the store goes, journaled games refuse new work (sync) or
 * let the lag grow to its bound (async); when a store comes, every journaled game is attached to it.
 *
 * <p>Configuration (PID {@value #PID}) sets the defaults for engines opened afterwards; open engines keep theirs.
 * A daemon thread expires overdue proposals every {@code expirySweepMillis}.
 */
@Component(service = {GameEngineFactory.class, OpenEngines.class}, configurationPid = EngineFactory.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = EngineFactory.Config.class)
public final class EngineFactory implements GameEngineFactory, OpenEngines {

    /** The configuration PID. */
    public static final String PID = "io.freelock.consensus.engine";

    @ObjectClassDefinition(name = "Freelock consensus engine",
            description = "Defaults for the game engines opened from now on; open engines keep the settings they were opened with.")
    @interface Config {
        @AttributeDefinition(name = "Proposal timeout (ms)", description = "How long a proposal stays open for votes, in milliseconds.")
        long proposalTimeoutMillis() default EngineSettings.DEFAULT_PROPOSAL_TIMEOUT_MILLIS;

        @AttributeDefinition(name = "Recent states kept", description = "How many recent states an engine keeps for validateTransition and for telling a stale proposal from an unknown one.")
        int retainedSnapshots() default EngineSettings.DEFAULT_RETAINED_SNAPSHOTS;

        @AttributeDefinition(name = "Open proposals at most", description = "How many proposals may be open at once in one engine; each proposer holds at most this divided by the participants (at least one).")
        int maxOpenProposals() default EngineSettings.DEFAULT_MAX_OPEN_PROPOSALS;

        @AttributeDefinition(name = "Backoff after a lost CAS (ns)", description = "The longest wait after the first lost compare-and-swap, in nanoseconds; it doubles with each loss in a row.")
        long backoffBaseNanos() default EngineSettings.DEFAULT_BACKOFF_BASE_NANOS;

        @AttributeDefinition(name = "Backoff cap (ns)", description = "The cap on the wait after a lost compare-and-swap, in nanoseconds.")
        long backoffMaxNanos() default EngineSettings.DEFAULT_BACKOFF_MAX_NANOS;

        @AttributeDefinition(name = "Expiry sweep period (ms)", description = "How often overdue proposals are expired, in milliseconds.")
        long expirySweepMillis() default 1_000;

        @AttributeDefinition(name = "Durability", description = "When an operation is acknowledged: sync (once the journal has committed it), async (at once; the journal follows, at most journalMaxLag behind) or none (no journal: games live in memory only). With sync or async, games open only while a journal store is registered.",
                options = {@Option(value = "sync", label = "sync: acknowledged once journaled"),
                        @Option(value = "async", label = "async: acknowledged at once, journaled after"),
                        @Option(value = "none", label = "none: not journaled, in memory only")})
        String durability() default "sync";

        @AttributeDefinition(name = "Journal lag at most (operations)", description = "How many operations the journal may lag behind the game before the engine refuses more.")
        int journalMaxLag() default EngineSettings.DEFAULT_JOURNAL_MAX_LAG;

        @AttributeDefinition(name = "Snapshot every (operations)", description = "A snapshot of the state is journaled every this many operations, so that recovery replays at most that many.")
        int snapshotEvery() default EngineSettings.DEFAULT_SNAPSHOT_EVERY;

        @AttributeDefinition(name = "Sync timeout (ms)", description = "How long a synchronous operation waits for the journal before it is reported not durable, in milliseconds.")
        long syncTimeoutMillis() default EngineSettings.DEFAULT_SYNC_TIMEOUT_MILLIS;

        @AttributeDefinition(name = "Journal batch (operations)", description = "The most operations of one game the journal takes into one transaction.")
        int journalBatch() default EngineSettings.DEFAULT_JOURNAL_BATCH;

        @AttributeDefinition(name = "Journal threads", min = "1", max = "16", description = "How many threads write the journals of all open "
                + "games, each committing the rows of many games in one transaction. Read when the first journaled "
                + "game opens.")
        int journalThreads() default EngineSettings.DEFAULT_JOURNAL_THREADS;

        @AttributeDefinition(name = "Listener backlog (commits)", description = "How many commits a listener may have waiting before it is detached as too slow (1 to 1048576).")
        int listenerBacklog() default EngineSettings.DEFAULT_LISTENER_BACKLOG;
    }

    private final RulesCatalog catalog = new RulesCatalog();
    /**
     * The open games. Opening and closing are rare control-plane steps, so ConcurrentHashMap's bin lock on insert is
     * no concern; its reads, on every find, are lock-free.
     */
    private final ConcurrentHashMap<String, CasGameEngine> engines = new ConcurrentHashMap<>();
    /** Told of every engine opened and closed, e.g. {@link EngineMetrics}. */
    private final List<OpenEngines.Observer> observers = new CopyOnWriteArrayList<>();

    @Override
    public void observe(OpenEngines.Observer observer) {
        observers.add(observer);
        engines.values().forEach(observer::opened); // an engine opening meanwhile may be reported twice
    }

    @Override
    public void unobserve(OpenEngines.Observer observer) {
        observers.remove(observer);
    }

    @Override
    public Optional<CasGameEngine> engine(String gameId) {
        return Optional.ofNullable(engines.get(gameId));
    }

    /** Volatile: a reconfiguration is seen by the next open on any thread. */
    private volatile EngineSettings settings;
    /** Writes every journaled game's journal; null until the first opens, and after deactivation (guarded by this). */
    private JournalPump journalPump;
    private ScheduledExecutorService sweeper;

    /** For Declarative Services: default settings until {@link #activate} reads the configuration. */
    public EngineFactory() {
        this(EngineSettings.defaults());
    }

    /** For use without OSGi, e.g. in tests: engines are opened with {@code settings}; nothing sweeps. */
    public EngineFactory(EngineSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    @Activate
    void activate(Config config) {
        modified(config);
    }

    @Modified
    void modified(Config config) {
        settings = EngineSettings.from(config, Clock.systemUTC());
        long period = config.expirySweepMillis();
        if (period < 1) {
            throw new IllegalArgumentException("expirySweepMillis must be positive, not " + period);
        }
        stopSweeper();
        sweeper = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "freelock-consensus-expiry");
            thread.setDaemon(true);
            return thread;
        });
        sweeper.scheduleWithFixedDelay(this::expireDue, period, period, TimeUnit.MILLISECONDS);
    }

    @Deactivate
    void deactivate() {
        stopSweeper();
        engines.keySet().forEach(this::close);
        JournalPump pump;
        synchronized (this) {
            pump = journalPump;
            journalPump = null;
        }
        if (pump != null) {
            pump.stop(settings.syncTimeout().toMillis());
        }
    }

    /** @return the threads that write every game's journal, started with the first journaled game */
    synchronized JournalPump journalPump(EngineSettings opening) {
        if (journalPump == null) {
            journalPump = new JournalPump(opening.journalThreads());
        }
        return journalPump;
    }

    private void stopSweeper() {
        if (sweeper != null) {
            sweeper.shutdownNow();
            sweeper = null;
        }
    }

    /** Expires overdue proposals in every open engine. */
    void expireDue() {
        for (CasGameEngine engine : engines.values()) {
            try {
                engine.expireDue();
            } catch (RuntimeException e) {
                // one engine's trouble must not stop the sweep of the others
            }
        }
    }

    // ---- the rules services ----

    /** Called by DS for each {@link StateMachine} service, and by tests. */
    @Reference(service = StateMachine.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY,
            unbind = "removeRules", updated = "updateRules")
    public void addRules(StateMachine<?, ?> rules, Map<String, Object> properties) {
        rebindType(catalog.add(untyped(rules), properties));
    }

    /** Called by DS when a {@link StateMachine} service's properties change, and by tests. */
    public void updateRules(StateMachine<?, ?> rules, Map<String, Object> properties) {
        String[] types = catalog.update(untyped(rules), properties);
        rebindType(types[0]);
        rebindType(types[1]);
    }

    /**
     * Called by DS when a {@link StateMachine} service goes (while it is still usable, so engines of its type
     * encode their state with it), and by tests.
     */
    public void removeRules(StateMachine<?, ?> rules, Map<String, Object> properties) {
        rebindType(catalog.remove(untyped(rules)));
    }

    // ---- the journal store and the queue manager ----

    /** Where new game instances come from; thread-safe. */
    private static final SecureRandom INSTANCES = new SecureRandom();
    /**
     * What a journaled game's commits travel through to its writer: the deliverers produce, the writer consumes. Several
     * consumers, though one writer consumes at a time: a game opened again drains the named queue in its new writer's
     * constructor, and the old writer's pump may still be finishing if its close timed out (a store that was down).
     * A single-consumer queue (the mpsc driver) would then have two consumers at once.
     */
    private static final QueueSpec JOURNAL_QUEUE = QueueSpec.parse("queue:mpmc?bounded=false");

    /** Journaled games take the store in use when they are opened; a new store is attached to every open one. */
    private volatile JournalStore journalStore;
    /** Carries each journaled game's commits to its writer, when present; a JDK queue stands in otherwise. */
    private volatile QueueManager queueManager;

    /** Called by DS when a journal store is registered (or a better-ranked one replaces it), and by tests. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unsetJournalStore")
    public void setJournalStore(JournalStore store) {
        journalStore = Objects.requireNonNull(store, "store");
        forEachJournal(writer -> writer.attach(store));
    }

    /** Called by DS when the journal store goes (after setJournalStore for its replacement, if any), and by tests. */
    public void unsetJournalStore(JournalStore store) {
        if (journalStore == store) {
            journalStore = null;
            forEachJournal(JournalWriter::detach);
        }
    }

    private void forEachJournal(Consumer<JournalWriter> action) {
        for (CasGameEngine engine : engines.values()) {
            if (engine.journal() != null) {
                action.accept(engine.journal());
            }
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unsetQueueManager")
    void setQueueManager(QueueManager manager) {
        queueManager = manager;
    }

    void unsetQueueManager(QueueManager manager) {
        if (queueManager == manager) {
            queueManager = null;
        }
    }

    @SuppressWarnings("unchecked")
    private static StateMachine<Object, Object> untyped(StateMachine<?, ?> rules) {
        return (StateMachine<Object, Object>) Objects.requireNonNull(rules, "rules");
    }

    private void rebindType(String gameType) {
        if (gameType == null) {
            return;
        }
        for (CasGameEngine engine : engines.values()) {
            if (engine.gameType().equals(gameType)) {
                engine.rebind(() -> catalog.best(gameType));
            }
        }
    }

    // ---- GameEngineFactory ----

    @Override
    public GameEngine<?, ?> open(GameSpec spec) {
        Objects.requireNonNull(spec, "game spec");
        if (engines.containsKey(spec.gameId())) {
            throw gameExists(spec.gameId());
        }
        StateMachine<Object, Object> rules = catalog.best(spec.gameType());
        if (rules == null) {
            throw new RulesUnavailableException(spec.gameId(), spec.gameType(), "none is registered");
        }
        EngineSettings opening = settings;
        GameSpec named = spec.instance().isEmpty() ? spec.withInstance(freshInstance()) : spec;
        CasGameEngine engine = opening.durability() == Durability.NONE ? CasGameEngine.open(named, opening, rules)
                : openJournaled(named, !spec.instance().isEmpty(), opening, rules);
        return register(engine);
    }

    @Override
    public GameEngine<?, ?> openInMemory(GameSpec spec) {
        StateMachine<Object, Object> rules = inMemoryRules(spec);
        return register(new CasGameEngine(spec, settings, RulesBinder.genesis(spec, rules, rules.rulesVersion()), null));
    }

    @Override
    public GameEngine<?, ?> openInMemory(GameSpec spec, long version, StateHash hash, byte[] canonicalState) {
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(canonicalState, "state");
        StateMachine<Object, Object> rules = inMemoryRules(spec);
        if (version < 0) {
            throw new RefusedException(RefusalReason.INVALID_GAME_SPEC, "game '" + spec.gameId()
                    + "' cannot start at version " + version);
        }
        Head genesis = RulesBinder.genesis(spec, rules, rules.rulesVersion());
        Head start = version == 0 ? genesis : RulesBinder.at(spec, rules, version, hash, canonicalState);
        if (version == 0 && (!genesis.hash().equals(hash)
                || !Arrays.equals(StateHash.digest(canonicalState), genesis.stateDigest))) {
            throw new RefusedException(RefusalReason.INVALID_GAME_SPEC, "game '" + spec.gameId()
                    + "': the version 0 given (" + hash.shortHex() + ") is not the genesis these rules give for its spec ("
                    + genesis.hash().shortHex() + ")");
        }
        return register(new CasGameEngine(spec, settings, start, null));
    }

    /** @return the rules a game kept in memory is opened with, after the checks both ways of opening one make */
    private StateMachine<Object, Object> inMemoryRules(GameSpec spec) {
        Objects.requireNonNull(spec, "game spec");
        if (engines.containsKey(spec.gameId())) {
            throw gameExists(spec.gameId());
        }
        if (spec.instance().isEmpty()) {
            throw new RefusedException(RefusalReason.INVALID_GAME_SPEC, "game '" + spec.gameId()
                    + "' names no instance: every copy of a game kept elsewhere must open the same one");
        }
        StateMachine<Object, Object> rules = catalog.best(spec.gameType());
        if (rules == null) {
            throw new RulesUnavailableException(spec.gameId(), spec.gameType(), "none is registered");
        }
        return rules;
    }

    /** Makes {@code engine} one of the open games, or closes it if its id was taken meanwhile. */
    private GameEngine<?, ?> register(CasGameEngine engine) {
        GameSpec spec = engine.spec();
        if (engines.putIfAbsent(spec.gameId(), engine) != null) {
            engine.close();
            throw gameExists(spec.gameId());
        }
        engine.start();
        JournalStore now = journalStore;
        if (engine.journal() != null && now != engine.journal().store()) {
            // the store changed while the game opened, after the attach calls that went to open games only
            if (now == null) {
                engine.journal().detach();
            } else {
                engine.journal().attach(now);
            }
        }
        // the rules may have left or been outranked while the game opened; the catalog is the truth
        engine.rebind(() -> catalog.best(spec.gameType()));
        observers.forEach(o -> o.opened(engine));
        return engine;
    }

    /**
     * Opens a game from its journal: recovers its state, then hands its commits to a writer.
     *
     * @param spec the game, naming a fresh instance or the one the host chose
     * @param chosen whether the host chose the instance (else a journal of the game names the instance it is)
     */
    private CasGameEngine openJournaled(GameSpec spec, boolean chosen, EngineSettings opening,
            StateMachine<Object, Object> rules) {
        JournalStore store = journalStore;
        if (store == null) {
            throw new RefusedException(RefusalReason.JOURNAL_UNAVAILABLE, "game '" + spec.gameId()
                    + "' cannot open: durability is " + opening.durability()
                    + " and no journal store is registered (is io.freelock.storage.jdbc started?)");
        }
        Head proposed = RulesBinder.genesis(spec, rules, rules.rulesVersion());
        Journal journal;
        try {
            journal = store.open(spec.gameId(), spec.gameType(),
                    new JournalGenesis(spec.instance(), rules.rulesVersion(), proposed.hash()));
        } catch (JournalException e) {
            throw Recovery.refusal(e);
        }
        Recovery.Result result;
        JournalGenesis recorded;
        try {
            recorded = journal.genesis();
            spec = adoptInstance(spec, chosen, recorded);
            Head genesis = proposed.hash().equals(recorded.hash()) ? proposed
                    : RulesBinder.genesis(spec, rules, recorded.rulesVersion());
            if (!genesis.hash().equals(recorded.hash())) {
                throw new RefusedException(RefusalReason.JOURNAL_BROKEN, "the journal of game '" + spec.gameId()
                        + "' is broken at version 0: its " + recorded + " is not the genesis these rules give for "
                        + "the game's spec, instance and rules version (" + genesis.hash().shortHex() + ")");
            }
            result = Recovery.replay(spec, rules, journal, genesis);
        } catch (RuntimeException refused) {
            journal.close(); // the game does not open: its connection goes with it
            throw refused;
        }
        Snapshot<Object> recovered = result.recovered;
        String queueName = "journal." + spec.gameId();
        QueueManager manager = queueManager;
        Queue<JournalWriter.Entry> queue = manager != null ? manager.open(queueName, JOURNAL_QUEUE)
                : new ConcurrentLinkedQueue<>();
        JournalWriter writer = new JournalWriter(spec.gameId(), spec.gameType(), recorded, opening, store,
                journal, new JournalPosition(recovered.version(), recovered.hash()), result.fromSnapshot, queue,
                manager != null ? queueName : "a JDK ConcurrentLinkedQueue (no queue manager is registered)",
                journalPump(opening));
        return new CasGameEngine(spec, opening,
                Head.initial(recovered, result.stateDigest, RulesBinding.present(rules)), writer);
    }

    /** @return 64 hex digits from a strong random source: a new game instance cannot be guessed or repeated */
    private static String freshInstance() {
        byte[] bytes = new byte[32];
        INSTANCES.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /**
     * @return the spec naming the instance the journal recorded: the game opened again is that instance
     * @throws RefusedException JOURNAL_BROKEN if the host named another instance than the journal holds
     */
    private static GameSpec adoptInstance(GameSpec spec, boolean chosen, JournalGenesis recorded) {
        if (spec.instance().equals(recorded.instance())) {
            return spec;
        }
        if (chosen) {
            throw new RefusedException(RefusalReason.JOURNAL_BROKEN, "the journal of game '" + spec.gameId()
                    + "' holds instance " + recorded.instance() + ", but its spec names instance " + spec.instance());
        }
        return spec.withInstance(recorded.instance());
    }

    private static RefusedException gameExists(String gameId) {
        return new RefusedException(RefusalReason.GAME_EXISTS, "a game with id '" + gameId + "' is already open");
    }

    @Override
    public Optional<GameEngine<?, ?>> find(String gameId) {
        return Optional.ofNullable(engines.get(gameId));
    }

    @Override
    public List<GameEngine<?, ?>> engines() {
        List<GameEngine<?, ?>> open = new ArrayList<>(engines.values());
        open.sort(Comparator.comparing(GameEngine::gameId));
        return open;
    }

    @Override
    public boolean close(String gameId) {
        CasGameEngine engine = engines.remove(gameId);
        if (engine == null) {
            return false;
        }
        engine.close();
        observers.forEach(o -> o.closed(engine));
        return true;
    }

    @Override
    public Set<String> gameTypes() {
        return catalog.gameTypes();
    }
}
