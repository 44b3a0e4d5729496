package io.freelock.consensus.engine;

import java.util.Optional;

/**
 * The factory's open engines as this bundle's own components see them ({@link EngineMetrics} meters them,
 * {@link GameCommands} shows their journals): a service
 * type of the bundle's private package, registered by {@link EngineFactory} next to its public
 * {@code GameEngineFactory}, so that a component reaches the engines by a reference of its own instead of downcasting
 * the public service (which another bundle's factory, such as the replicated one, may outrank).
 */
public interface OpenEngines {

    /** Hears of engines opening and closing. */
    interface Observer {
        void opened(CasGameEngine engine);

        void closed(CasGameEngine engine);
    }

    /** Calls {@code observer} with every open engine and, until {@link #unobserve}, each one opened or closed. */
    void observe(Observer observer);

    /** Stops calling {@code observer}. */
    void unobserve(Observer observer);

    /** @return this bundle's engine of that game, if one is open here (a replicated game's local copy included) */
    Optional<CasGameEngine> engine(String gameId);
}
