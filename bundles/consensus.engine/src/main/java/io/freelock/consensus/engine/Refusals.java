package io.freelock.consensus.engine;

import java.util.function.Function;
import java.util.function.Supplier;

import io.freelock.consensus.RefusalReason;
import io.freelock.consensus.RefusedException;

/**
 * The engine's one way to call code it does not trust (a game's rules): a refusal passes through as it is; anything
 * else the call throws, a bug in the game bundle or the bundle leaving, becomes a refusal with a reason and a message
 * that name what failed, so that the caller sees only {@link RefusedException}s.
 */
final class Refusals {

    private static final Runnable NOTHING = () -> { };

    private Refusals() {
    }

    /** @return what {@code call} returns; a failure of it becomes a refusal for {@code reason}, {@code why} says it */
    static <T> T refuseFailures(RefusalReason reason, Function<Throwable, String> why, Supplier<T> call) {
        return refuseFailures(reason, why, NOTHING, call);
    }

    /**
     * @param onRefusal run before any refusal leaves, passed through or made here (to count it)
     * @return what {@code call} returns
     */
    static <T> T refuseFailures(RefusalReason reason, Function<Throwable, String> why, Runnable onRefusal,
            Supplier<T> call) {
        try {
            return call.get();
        } catch (RefusedException refused) {
            onRefusal.run();
            throw refused;
        } catch (RuntimeException | LinkageError e) {
            onRefusal.run();
            throw new RefusedException(reason, why.apply(e), e);
        }
    }
}
