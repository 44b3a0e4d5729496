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
import io.freelock.consensus.HistogramSnapshot;
import io.freelock.metrics.DistributionSnapshot;
import io.freelock.metrics.Metric;
import io.freelock.metrics.MetricsRegistry;
import io.freelock.metrics.Tags;

/**
 * Reports every open engine into the metrics registry while there is one, tagged with the game's id. The
 * engine counts anyway (its {@link EngineStats}), so the registry reads those counts rather than counting
 * twice; apply latency and retries are summaries read from the engine's own histograms. It lives and
 * dies with the registry (a static reference): engines work without it and start reporting when it appears.
 */
@Component(service = {}, immediate = true) // a consumer only: it observes engines, and offers itself to nobody
public final class EngineMetrics implements OpenEngines.Observer {

    private final MetricsRegistry registry;
    private final OpenEngines engines;
    private final Map<String, List<Metric>> registered = new ConcurrentHashMap<>();

    @Activate
    public EngineMetrics(@Reference MetricsRegistry registry, @Reference OpenEngines engines) {
        this.registry = registry;
        this.engines = engines;
        engines.observe(this);
    }

    @Deactivate
    void deactivate() {
        engines.unobserve(this);
        registered.values().forEach(metrics -> metrics.forEach(registry::remove));
        registered.clear();
    }

    @Override
    public void opened(CasGameEngine engine) {
        registered.computeIfAbsent(engine.gameId(), id -> register(engine, Tags.of("game", id)));
    }

    @Override
    public void closed(CasGameEngine engine) {
        List<Metric> metrics = registered.remove(engine.gameId());
        if (metrics != null) {
            metrics.forEach(registry::remove);
        }
    }

    private List<Metric> register(CasGameEngine engine, Tags game) {
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
        // Summaries with quantile labels, read from the engine's own histograms at each scrape
        metrics.add(registry.timer("freelock_engine_apply_latency_seconds",
                "Apply latency, from the engine's histogram of a random one in 8 commits (_count counts those).", game,
                () -> distribution(engine.stats().applyLatencyNanos())));
        metrics.add(registry.histogram("freelock_engine_retries_per_operation",
                "Lost compare-and-swaps per committed operation.", game,
                () -> distribution(engine.stats().retriesPerOperation())));
        JournalWriter journal = engine.journal();
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

    /** @return the engine's histogram as the registry reads a distribution (quantiles from 0 to 1) */
    static DistributionSnapshot distribution(HistogramSnapshot histogram) {
        return new DistributionSnapshot() {
            @Override
            public long count() {
                return histogram.count();
            }

            @Override
            public long sum() {
                return histogram.sum();
            }

            @Override
            public long max() {
                return histogram.max();
            }

            @Override
            public long valueAtQuantile(double quantile) {
                if (!(quantile >= 0 && quantile <= 1)) {
                    throw new IllegalArgumentException("quantile " + quantile + " is outside [0, 1]");
                }
                return histogram.valueAtPercentile(quantile * 100);
            }
        };
    }

    private Metric counter(GameEngine<?, ?> engine, String name, String help, Tags tags, ToLongFunction<EngineStats> count) {
        return registry.counter(name, help, tags, () -> count.applyAsLong(engine.stats()));
    }
}
