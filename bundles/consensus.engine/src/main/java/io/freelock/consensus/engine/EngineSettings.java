package io.freelock.consensus.engine;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * The settings an engine is opened with; the engine factory's ConfigAdmin configuration sets the defaults (see
 * {@link EngineFactory.Config}). Immutable: an engine keeps the settings it was opened with.
 */
public final class EngineSettings {

    private final Duration proposalTimeout;
    private final int retainedSnapshots;
    private final int maxOpenProposals;
    private final long backoffBaseNanos;
    private final long backoffMaxNanos;
    private final Clock clock;

    private EngineSettings(Duration proposalTimeout, int retainedSnapshots, int maxOpenProposals,
            long backoffBaseNanos, long backoffMaxNanos, Clock clock) {
        if (proposalTimeout.isNegative() || proposalTimeout.isZero()) {
            throw new IllegalArgumentException("proposal timeout " + proposalTimeout + " must be positive");
        }
        if (retainedSnapshots < 1 || retainedSnapshots > 1 << 16) {
            throw new IllegalArgumentException("retained snapshots " + retainedSnapshots + " is outside 1..65536");
        }
        if (maxOpenProposals < 1) {
            throw new IllegalArgumentException("max open proposals " + maxOpenProposals + " must be positive");
        }
        new Backoff(backoffBaseNanos, backoffMaxNanos); // validates the pair
        this.proposalTimeout = proposalTimeout;
        this.retainedSnapshots = retainedSnapshots;
        this.maxOpenProposals = maxOpenProposals;
        this.backoffBaseNanos = backoffBaseNanos;
        this.backoffMaxNanos = backoffMaxNanos;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** @return 30 s proposal timeout, 64 retained snapshots, 1024 open proposals, backoff 1 µs to 1 ms, UTC clock */
    public static EngineSettings defaults() {
        return new EngineSettings(Duration.ofSeconds(30), 64, 1024, 1_000, 1_000_000, Clock.systemUTC());
    }

    static EngineSettings from(EngineFactory.Config config, Clock clock) {
        return new EngineSettings(Duration.ofMillis(config.proposalTimeoutMillis()), config.retainedSnapshots(),
                config.maxOpenProposals(), config.backoffBaseNanos(), config.backoffMaxNanos(), clock);
    }

    public EngineSettings withProposalTimeout(Duration timeout) {
        return new EngineSettings(timeout, retainedSnapshots, maxOpenProposals, backoffBaseNanos, backoffMaxNanos, clock);
    }

    public EngineSettings withRetainedSnapshots(int count) {
        return new EngineSettings(proposalTimeout, count, maxOpenProposals, backoffBaseNanos, backoffMaxNanos, clock);
    }

    public EngineSettings withMaxOpenProposals(int count) {
        return new EngineSettings(proposalTimeout, retainedSnapshots, count, backoffBaseNanos, backoffMaxNanos, clock);
    }

    public EngineSettings withBackoff(long baseNanos, long maxNanos) {
        return new EngineSettings(proposalTimeout, retainedSnapshots, maxOpenProposals, baseNanos, maxNanos, clock);
    }

    /** @param clock what proposal deadlines are measured on; tests pass one they move by hand */
    public EngineSettings withClock(Clock clock) {
        return new EngineSettings(proposalTimeout, retainedSnapshots, maxOpenProposals, backoffBaseNanos,
                backoffMaxNanos, clock);
    }

    public Duration proposalTimeout() {
        return proposalTimeout;
    }

    public int retainedSnapshots() {
        return retainedSnapshots;
    }

    public int maxOpenProposals() {
        return maxOpenProposals;
    }

    public long backoffBaseNanos() {
        return backoffBaseNanos;
    }

    public long backoffMaxNanos() {
        return backoffMaxNanos;
    }

    public Clock clock() {
        return clock;
    }
}
