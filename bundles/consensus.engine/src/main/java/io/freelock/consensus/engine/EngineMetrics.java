package io.freelock.consensus.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToLongFunction;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

import io.freelock.consensus.EngineStats;
import io.freelock.consensus.GameEngine;
import io.freelock.consensus.GameEngineFactory;
import io.freelock.metrics.Metric;
import io.freelock.metrics.MetricsRegistry;
import io.freelock.metrics.Tags;

/**
 * Reports every open engine into the metrics registry while there is one, tagged with the game's id. The
 * engine counts anyway (its {@link EngineStats}), so the registry reads those counts rather than counting
 * twice; apply latency and retries come from the engine's own histograms as quantile gauges. It lives and
 * dies with the registry (a static reference): engines work without it and start reporting when it appears.
 */
@Component(immediate = true)
public final class EngineMetrics implements EngineFactory.EngineObserver {

    private static final double[] QUANTILES = {50, 99, 99.9};
    private static final String[] QUANTILE_NAMES = {"p50", "p99", "p999"};

    private final MetricsRegistry registry;
    private final EngineFactory factory;
    private final Map<String, List<Metric>> registered = new ConcurrentHashMap<>();

    @Activate
    public EngineMetrics(@Reference MetricsRegistry registry, @Reference GameEngineFactory factory) {
        this.registry = registry;
        this.factory = (EngineFactory) factory; // the same bundle's component: it tells of engines opening
        this.factory.observe(this);
    }

    @Deactivate
    void deactivate() {
        factory.unobserve(this);
        registered.values().forEach(metrics -> metrics.forEach(registry::remove));
        registered.clear();
    }

    @Override
    public void opened(GameEngine<?, ?> engine) {
        registered.computeIfAbsent(engine.gameId(), id -> register(engine, Tags.of("game", id)));
    }

    @Override
    public void closed(GameEngine<?, ?> engine) {
        List<Metric> metrics = registered.remove(engine.gameId());
        if (metrics != null) {
            metrics.forEach(registry::remove);
        }
    }

    private List<Metric> register(GameEngine<?, ?> engine, Tags game) {
        List<Metric> metrics = new ArrayList<>();
        metrics.add(counter(engine, "freelock_engine_cas_succeeded", "Commits: compare-and-swaps that won.", game,
                EngineStats::casSucceeded));
        metrics.add(counter(engine, "freelock_engine_cas_failed", "Compare-and-swaps lost to another commit.", game,
                EngineStats::casFailed));
        metrics.add(counter(engine, "freelock_engine_transitions", "State transitions committed.", game,
                EngineStats::transitions));
        metrics.add(counter(engine, "freelock_engine_refused_operations", "Operations the rules or validators refused.",
                game, EngineStats::refusedOperations));
        String proposals = "Proposals closed, by outcome.";
        metrics.add(counter(engine, "freelock_engine_proposals", proposals, game.and("outcome", "committed"),
                EngineStats::proposalsCommitted));
        metrics.add(counter(engine, "freelock_engine_proposals", proposals, game.and("outcome", "rejected"),
                EngineStats::proposalsRejected));
        metrics.add(counter(engine, "freelock_engine_proposals", proposals, game.and("outcome", "stale"),
                EngineStats::proposalsStale));
        metrics.add(counter(engine, "freelock_engine_proposals", proposals, game.and("outcome", "expired"),
                EngineStats::proposalsExpired));
        metrics.add(counter(engine, "freelock_engine_listeners_detached",
                "Commit listeners detached for falling too far behind.", game, EngineStats::listenersDetached));
        metrics.add(registry.gauge("freelock_engine_proposals_open", "Proposals waiting for votes.", game,
                () -> engine.stats().proposalsOpen()));
        metrics.add(registry.gauge("freelock_engine_version", "The current state's version.", game,
                () -> engine.current().version()));
        for (int i = 0; i < QUANTILES.length; i++) {
            double q = QUANTILES[i];
            metrics.add(registry.gauge("freelock_engine_apply_latency_" + QUANTILE_NAMES[i] + "_seconds",
                    "Apply latency at this quantile, from the engine's histogram of a random one in 8 commits.", game,
                    () -> engine.stats().applyLatencyNanos().valueAtPercentile(q) / 1e9));
            metrics.add(registry.gauge("freelock_engine_retries_per_operation_" + QUANTILE_NAMES[i],
                    "Lost compare-and-swaps per committed operation at this quantile.", game,
                    () -> engine.stats().retriesPerOperation().valueAtPercentile(q)));
        }
        JournalWriter journal = engine instanceof CasGameEngine ? ((CasGameEngine) engine).journal() : null;
        if (journal != null) {
            metrics.add(registry.gauge("freelock_engine_journal_lag", "Operations installed but not yet journaled.",
                    game, () -> engine.current().version() - journal.durable()));
            metrics.add(registry.gauge("freelock_engine_journal_worst_lag", "The largest journal lag seen.", game,
                    journal::worstLag));
            metrics.add(registry.counter("freelock_engine_journal_batches", "Journal transactions committed.", game,
                    journal::batches));
            metrics.add(registry.counter("freelock_engine_journal_failures", "Journal writes that failed.", game,
                    journal::failures));
            metrics.add(registry.gauge("freelock_engine_journal_available",
                    "1 while the journal takes writes, 0 while it does not.", game,
                    () -> journal.problem() == null ? 1 : 0));
        }
        return metrics;
    }

    private Metric counter(GameEngine<?, ?> engine, String name, String help, Tags tags, ToLongFunction<EngineStats> count) {
        return registry.counter(name, help, tags, () -> count.applyAsLong(engine.stats()));
    }
}
