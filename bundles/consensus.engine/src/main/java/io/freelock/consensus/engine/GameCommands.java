package io.freelock.consensus.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.freelock.consensus.EngineStats;
import io.freelock.consensus.GameEngine;
import io.freelock.consensus.GameSpec;
import io.freelock.consensus.GameEngineFactory;
import io.freelock.consensus.HistogramSnapshot;
import io.freelock.consensus.ProposalState;
import io.freelock.consensus.RefusalReason;
import io.freelock.consensus.RefusedException;
import io.freelock.consensus.RulesUnavailableException;
import io.freelock.consensus.Snapshot;

/**
 * Gogo commands about games: {@code game:list}, {@code game:state <id>}, {@code game:proposals <id>} and
 * {@code game:journal <id>}. They read
 * engines without changing them, and work while a game's rules are absent (the state is then shown by its hash only).
 */
@Component(service = GameCommands.class, property = {
    "osgi.command.scope=game",
    "osgi.command.function=list",
    "osgi.command.function=state",
    "osgi.command.function=proposals",
    "osgi.command.function=journal"
})
public final class GameCommands {

    private final GameEngineFactory factory;

    /** For Declarative Services and tests. */
    @Activate
    public GameCommands(@Reference(name = "factory") GameEngineFactory factory) {
        this.factory = factory;
    }

    /** @return a table of the open games */
    public String list() {
        List<GameEngine<?, ?>> engines = factory.engines();
        if (engines.isEmpty()) {
            return "no game is open; rules registered for: " + factory.gameTypes();
        }
        StringBuilder table = new StringBuilder(String.format("%-16s %-10s %-7s %9s  %-12s %7s %s%n", "GAME", "TYPE",
                "RULES", "VERSION", "HASH", "OPEN", "PARTICIPANTS"));
        for (GameEngine<?, ?> engine : engines) {
            Snapshot<?> now = engine.current();
            table.append(String.format("%-16s %-10s %-7s %9d  %-12s %7d %s%n", engine.gameId(), engine.gameType(),
                    engine.rulesAvailable() ? "bound" : "ABSENT", now.version(), now.hash().shortHex(),
                    engine.proposals().size(), engine.participants()));
        }
        return table.toString();
    }

    /** @return the game's version, hash, state and counts */
    public String state(String gameId) {
        GameEngine<?, ?> engine = engine(gameId);
        return show(engine);
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
        out.append(String.format("apply latency ns: p50 %d, p90 %d, p99 %d, p99.9 %d, max %d (%d samples)%n",
                latency.valueAtPercentile(50), latency.valueAtPercentile(90), latency.valueAtPercentile(99),
                latency.valueAtPercentile(99.9), latency.max(), latency.count()));
        out.append(String.format("proposals: open %d, committed %d, rejected %d, stale %d, expired %d%n",
                stats.proposalsOpen(), stats.proposalsCommitted(), stats.proposalsRejected(), stats.proposalsStale(),
                stats.proposalsExpired()));
        return out.toString();
    }

    /** @return a table of the game's open proposals, soonest deadline first */
    public String proposals(String gameId) {
        GameEngine<?, ?> engine = engine(gameId);
        List<ProposalState> open = engine.proposals();
        if (open.isEmpty()) {
            return "game " + gameId + " has no open proposal";
        }
        Instant now = Instant.now();
        StringBuilder table = new StringBuilder(String.format("%-12s %-12s %-9s %5s %7s %9s  %s%n", "PROPOSAL",
                "PROPOSER", "STATUS", "FOR", "AGAINST", "EXPIRES", "OPERATION"));
        for (ProposalState p : open) {
            table.append(String.format("%-12s %-12s %-9s %2d/%-2d %3d/%-3d %8ds  %s%n", p.id().shortHex(),
                    p.proposal().proposerId(), p.status(), p.votesFor(), p.votesToCommit(), p.votesAgainst(),
                    p.votesToReject(), Math.max(0, Duration.between(now, p.deadline()).toSeconds()),
                    operation(engine, p.proposal().operation())));
        }
        return table.toString();
    }

    /** @return where the game's journal stands: its head, the last snapshot, the lag, the store and its health */
    public String journal(String gameId) {
        GameEngine<?, ?> engine = engine(gameId);
        JournalWriter writer = engine instanceof CasGameEngine ? ((CasGameEngine) engine).journal() : null;
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

    private GameEngine<?, ?> engine(String gameId) {
        return factory.find(gameId).orElseThrow(() -> new RefusedException(RefusalReason.UNKNOWN_GAME,
                "no game '" + gameId + "' is open; open games: " + factory.engines().stream()
                        .map(GameEngine::gameId).toList()));
    }
}
