package io.freelock.consensus.engine;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import io.freelock.consensus.StateMachine;

/**
 * The registered {@link StateMachine} services by game type, best first: highest {@code service.ranking}, then lowest
 * {@code service.id} (the oldest), as OSGi orders services. An immutable map behind an atomic reference, replaced by
 * compare-and-swap when a service comes, goes or changes (rare) and read with one load by every rebind.
 */
final class RulesCatalog {

    /** One registered service. */
    private static final class Candidate {
        final StateMachine<Object, Object> rules;
        final String gameType;
        final int ranking;
        final long serviceId;

        Candidate(StateMachine<Object, Object> rules, String gameType, int ranking, long serviceId) {
            this.rules = rules;
            this.gameType = gameType;
            this.ranking = ranking;
            this.serviceId = serviceId;
        }
    }

    private static final Comparator<Candidate> BEST_FIRST = Comparator.<Candidate>comparingInt(c -> -c.ranking)
            .thenComparingLong(c -> c.serviceId);

    private final AtomicReference<Map<String, List<Candidate>>> byType = new AtomicReference<>(Map.of());
    /** Stands in for service.id when a caller (a test) gives none, so that the oldest still comes first. */
    private final AtomicLong arrivals = new AtomicLong(Long.MAX_VALUE / 2);

    /** @return the game type the service declares, or null if it declares none (then it is not listed) */
    String add(StateMachine<Object, Object> rules, Map<String, ?> properties) {
        return update(rules, properties)[1];
    }

    /** @return the game type the service was listed under, or null if it was not listed */
    String remove(StateMachine<Object, Object> rules) {
        return update(rules, null)[0];
    }

    /**
     * Lists {@code rules} afresh with {@code properties} (null: not at all) in one swap, so that a service whose
     * properties change is never missing in between.
     *
     * @return the game type it was listed under before, and the one it is listed under now (each may be null)
     */
    String[] update(StateMachine<Object, Object> rules, Map<String, ?> properties) {
        String type = properties == null ? null : gameTypeOf(properties);
        Candidate candidate = type == null ? null
                : new Candidate(rules, type, rankingOf(properties), serviceIdOf(properties));
        String[] before = new String[1];
        // updateAndGet: a CAS loop over an immutable map; readers never see it half-changed
        byType.updateAndGet(old -> {
            before[0] = null;
            Map<String, List<Candidate>> next = new HashMap<>();
            for (Map.Entry<String, List<Candidate>> e : old.entrySet()) {
                List<Candidate> kept = new ArrayList<>(e.getValue());
                if (kept.removeIf(c -> c.rules == rules)) {
                    before[0] = e.getKey();
                }
                if (!kept.isEmpty()) {
                    next.put(e.getKey(), kept);
                }
            }
            if (candidate != null) {
                next.computeIfAbsent(type, t -> new ArrayList<>()).add(candidate);
            }
            next.replaceAll((t, list) -> {
                List<Candidate> sorted = new ArrayList<>(list);
                sorted.sort(BEST_FIRST);
                return List.copyOf(sorted);
            });
            return Map.copyOf(next);
        });
        return new String[] {before[0], type};
    }

    /** @return the best rules registered for {@code gameType}, or null */
    StateMachine<Object, Object> best(String gameType) {
        List<Candidate> list = byType.get().get(gameType);
        return list == null || list.isEmpty() ? null : list.get(0).rules;
    }

    Set<String> gameTypes() {
        return new TreeSet<>(byType.get().keySet());
    }

    private static String gameTypeOf(Map<String, ?> properties) {
        Object type = properties.get(StateMachine.GAME_TYPE);
        if (type instanceof String[] && ((String[]) type).length > 0) {
            type = ((String[]) type)[0];
        }
        return type instanceof String && !((String) type).isEmpty() ? (String) type : null;
    }

    private static int rankingOf(Map<String, ?> properties) {
        Object ranking = properties.get("service.ranking");
        return ranking instanceof Integer ? (Integer) ranking : 0;
    }

    private long serviceIdOf(Map<String, ?> properties) {
        Object id = properties.get("service.id");
        return id instanceof Long ? (Long) id : arrivals.incrementAndGet();
    }
}
