package io.freelock.consensus.engine;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

import org.apache.felix.service.command.Descriptor;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.freelock.consensus.EngineStats;
import io.freelock.consensus.GameEngine;
import io.freelock.consensus.GameSpec;
import io.freelock.consensus.GameEngineFactory;
import io.freelock.consensus.HistogramSnapshot;
import io.freelock.consensus.ProposalState;
import io.freelock.consensus.RefusedException;
import io.freelock.consensus.RulesUnavailableException;
import io.freelock.consensus.Snapshot;

/**
 * Gogo commands about games: {@code game:list}, {@code game:state <id>}, {@code game:proposals <id>} and
 * {@code game:journal <id>}. They read
 * engines without changing them, and work while a game's rules are absent (the state is then shown by its hash only).
 * Called with the wrong number of arguments, each prints its usage line; an unknown game is one line naming the open
 * ones. Durations are in seconds, as /metrics has them.
 */
@Component(service = GameCommands.class, property = {
    "osgi.command.scope=game",
    "osgi.command.function=list",
    "osgi.command.function=state",
    "osgi.command.function=proposals",
    "osgi.command.function=journal"
})
public final class GameCommands {

    static final String LIST_USAGE = "usage: game:list  (takes no argument; lists the open games)";
    static final String STATE_USAGE = "usage: game:state <game>  (a game id from game:list)";
    static final String PROPOSALS_USAGE = "usage: game:proposals <game>  (a game id from game:list)";
    static final String JOURNAL_USAGE = "usage: game:journal <game>  (a game id from game:list)";

    /** The games' public face, whichever factory ranks highest (a replicated one, for instance). */
    private final GameEngineFactory factory;
    /** This bundle's own engines, for what only they have: their journals. */
    private final OpenEngines local;

    /** For Declarative Services and tests. */
    @Activate
    public GameCommands(@Reference(name = "factory") GameEngineFactory factory,
            @Reference(name = "local") OpenEngines local) {
        this.factory = factory;
        this.local = local;
    }

    /** @return a table of the open games */
    @Descriptor("lists the open games: type, whether their rules are bound, version, hash, open proposals, participants")
    public String list() {
        List<GameEngine<?, ?>> engines = factory.engines();
        if (engines.isEmpty()) {
            return "no game is open; rules registered for: " + factory.gameTypes();
        }
        // As wide as the longest id and type, so long ones never push the other columns out of line
        String format = "%-" + width("GAME", engines.stream().map(GameEngine::gameId)) + "s %-"
                + width("TYPE", engines.stream().map(GameEngine::gameType)) + "s %-7s %9s  %-12s %7s %s%n";
        StringBuilder table = new StringBuilder(String.format(format, "GAME", "TYPE",
                "RULES", "VERSION", "HASH", "OPEN", "PARTICIPANTS"));
        for (GameEngine<?, ?> engine : engines) {
            Snapshot<?> now = engine.current();
            table.append(String.format(format, engine.gameId(), engine.gameType(),
                    engine.rulesAvailable() ? "bound" : "ABSENT", now.version(), now.hash().shortHex(),
                    engine.proposals().size(), engine.participants()));
        }
        return table.toString();
    }

    /** game:list with arguments: it takes none. */
    @Descriptor("with any argument: prints the usage line (game:list takes no argument)")
    public String list(@Descriptor("arguments it does not take") String... unexpected) {
        return LIST_USAGE;
    }

    /** @return the game's version, hash, state and counts */
    @Descriptor("shows a game: version, hash, state, counters, retries and apply latency in seconds, proposals")
    public String state(@Descriptor("the game's id, as game:list shows it") String gameId) {
        return withEngine(gameId, GameCommands::show);
    }

    /** game:state with other than one argument. */
    @Descriptor("with other than one argument: prints the usage line")
    public String state(@Descriptor("the arguments given") String... wrong) {
        return STATE_USAGE;
    }

    private static <S, O> String show(GameEngine<S, O> engine) {
        Snapshot<S> now = engine.current();
        StringBuilder out = new StringBuilder();
        out.append("game ").append(engine.gameId()).append(" (").append(engine.gameType()).append(")\n");
        out.append("version ").append(now.version()).append(", hash ").append(now.hash()).append('\n');
        out.append("participants ").append(engine.participants()).append('\n');
        GameSpec spec = engine.spec();
        out.append("instance ").append(spec.instance()).append(spec.directApplies()
                ? ", direct applies accepted" : ", signed operations only").append('\n');
        try {
            out.append(engine.describeState(now.state())).append('\n');
        } catch (RulesUnavailableException absent) {
            out.append("state not shown: ").append(absent.getMessage()).append('\n');
        }
        EngineStats stats = engine.stats();
        HistogramSnapshot latency = stats.applyLatencyNanos();
        HistogramSnapshot retries = stats.retriesPerOperation();
        out.append(String.format("cas ok %d, cas lost %d, refused %d, listener failures %d, listeners detached %d%n",
                stats.casSucceeded(), stats.casFailed(), stats.refusedOperations(), stats.listenerFailures(),
                stats.listenersDetached()));
        out.append(String.format("retries per operation: p50 %d, p99 %d, max %d%n", retries.valueAtPercentile(50),
                retries.valueAtPercentile(99), retries.max()));
        out.append(String.format("apply latency (s): p50 %s, p90 %s, p99 %s, p99.9 %s, max %s (%d samples)%n",
                seconds(latency.valueAtPercentile(50)), seconds(latency.valueAtPercentile(90)),
                seconds(latency.valueAtPercentile(99)), seconds(latency.valueAtPercentile(99.9)), seconds(latency.max()),
                latency.count()));
        out.append(String.format("proposals: open %d, committed %d, rejected %d, stale %d, expired %d%n",
                stats.proposalsOpen(), stats.proposalsCommitted(), stats.proposalsRejected(), stats.proposalsStale(),
                stats.proposalsExpired()));
        return out.toString();
    }

    /** @return a table of the game's open proposals, soonest deadline first */
    @Descriptor("lists a game's open proposals, soonest deadline first: proposer, votes for and against, seconds left")
    public String proposals(@Descriptor("the game's id, as game:list shows it") String gameId) {
        return withEngine(gameId, GameCommands::proposals);
    }

    /** game:proposals with other than one argument. */
    @Descriptor("with other than one argument: prints the usage line")
    public String proposals(@Descriptor("the arguments given") String... wrong) {
        return PROPOSALS_USAGE;
    }

    private static String proposals(GameEngine<?, ?> engine) {
        String gameId = engine.gameId();
        List<ProposalState> open = engine.proposals();
        if (open.isEmpty()) {
            return "game " + gameId + " has no open proposal";
        }
        Instant now = Instant.now();
        int proposer = width("PROPOSER", open.stream().map(p -> p.proposal().proposerId()));
        StringBuilder table = new StringBuilder(String.format("%-12s %-" + proposer + "s %-9s %5s %7s %9s  %s%n", "PROPOSAL",
                "PROPOSER", "STATUS", "FOR", "AGAINST", "EXPIRES(s)", "OPERATION"));
        for (ProposalState p : open) {
            table.append(String.format("%-12s %-" + proposer + "s %-9s %2d/%-2d %3d/%-3d %10d  %s%n", p.id().shortHex(),
                    p.proposal().proposerId(), p.status(), p.votesFor(), p.votesToCommit(), p.votesAgainst(),
                    p.votesToReject(), Math.max(0, Duration.between(now, p.deadline()).toSeconds()),
                    operation(engine, p.proposal().operation())));
        }
        return table.toString();
    }

    /** @return where the game's journal stands: its head, the last snapshot, the lag, the store and its health */
    @Descriptor("shows a game's journal: head in memory and in the journal, lag, last snapshot, writes, store, status")
    public String journal(@Descriptor("the game's id, as game:list shows it") String gameId) {
        return withEngine(gameId, this::journal);
    }

    /** game:journal with other than one argument. */
    @Descriptor("with other than one argument: prints the usage line")
    public String journal(@Descriptor("the arguments given") String... wrong) {
        return JOURNAL_USAGE;
    }

    private String journal(GameEngine<?, ?> engine) {
        String gameId = engine.gameId();
        JournalWriter writer = local.engine(gameId).map(CasGameEngine::journal).orElse(null);
        if (writer == null) {
            return "game " + gameId + " has no journal: it lives in memory only (durability none)";
        }
        long version = engine.current().version();
        long durable = writer.durable();
        String problem = writer.problem();
        StringBuilder out = new StringBuilder();
        out.append("game ").append(gameId).append(" journal (durability ").append(writer.durability()).append(")\n");
        out.append(String.format("head      v%d in memory, v%d in the journal: lag %d (worst %d)%n", version, durable,
                version - durable, writer.worstLag()));
        long snapshot = writer.lastSnapshot();
        out.append("snapshot  ").append(snapshot == 0 ? "none yet" : "v" + snapshot).append('\n');
        out.append(String.format("writes    %d batches, %d failed attempts%n", writer.batches(), writer.failures()));
        JournalPump pump = writer.pump();
        if (pump != null) {
            long groups = pump.groups();
            out.append(String.format("threads   %d for all games: %d group commits, %.1f rows each on average%n",
                    pump.threads(), groups, groups == 0 ? 0.0 : pump.groupedRows() / (double) groups));
        }
        out.append("store     ").append(writer.storeDescription()).append('\n');
        out.append("queue     ").append(writer.queueName()).append('\n');
        out.append("status    ").append(problem == null ? "ok" : problem).append('\n');
        return out.toString();
    }

    private static <S, O> String operation(GameEngine<S, O> engine, byte[] encoded) {
        try {
            return engine.describeOperation(engine.decodeOperation(encoded));
        } catch (RefusedException e) {
            return encoded.length + " bytes (" + e.reason() + ")";
        }
    }

    /** @return what {@code show} makes of the game, or one line saying there is no such game and which are open */
    private String withEngine(String gameId, Function<GameEngine<?, ?>, String> show) {
        return factory.find(gameId).map(show).orElseGet(() -> "no game '" + gameId + "' is open; open games: "
                + factory.engines().stream().map(GameEngine::gameId).toList());
    }

    private static int width(String header, Stream<String> cells) {
        return Math.max(header.length(), cells.mapToInt(String::length).max().orElse(0));
    }

    /** @return the duration in seconds, the unit /metrics uses, to three significant digits and without an exponent */
    static String seconds(long nanos) {
        return new BigDecimal(nanos).movePointLeft(9).round(new MathContext(3)).stripTrailingZeros().toPlainString();
    }
}
