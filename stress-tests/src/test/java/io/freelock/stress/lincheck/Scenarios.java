package io.freelock.stress.lincheck;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jetbrains.kotlinx.lincheck.Actor;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;

/**
 * Hand-written Lincheck scenarios, for the races a random scenario reaches only by luck: each names the operations
 * of the initial part, of each parallel thread and of the post part as calls, {@code "offer(1)"}, {@code "poll()"},
 * on the test class's {@code @Operation} methods (taking no argument or one int). Lincheck then explores the
 * interleavings of the parallel part as it does for its own scenarios.
 */
final class Scenarios {

    private static final Pattern CALL = Pattern.compile("(\\w+)\\((-?\\d*)\\)");

    private final Class<?> test;
    private final List<Actor> initial = new ArrayList<>();
    private final List<List<Actor>> parallel = new ArrayList<>();
    private final List<Actor> post = new ArrayList<>();

    private Scenarios(Class<?> test) {
        this.test = test;
    }

    static Scenarios on(Class<?> test) {
        return new Scenarios(test);
    }

    Scenarios initial(String... calls) {
        initial.addAll(actors(calls));
        return this;
    }

    Scenarios thread(String... calls) {
        parallel.add(actors(calls));
        return this;
    }

    Scenarios post(String... calls) {
        post.addAll(actors(calls));
        return this;
    }

    ExecutionScenario build() {
        return new ExecutionScenario(initial, parallel, post, null);
    }

    private List<Actor> actors(String... calls) {
        List<Actor> actors = new ArrayList<>();
        for (String call : calls) {
            Matcher m = CALL.matcher(call);
            if (!m.matches()) {
                throw new IllegalArgumentException("not a call: " + call);
            }
            try {
                Method method;
                List<Object> args;
                if (m.group(2).isEmpty()) {
                    method = test.getMethod(m.group(1));
                    args = List.of();
                } else {
                    method = test.getMethod(m.group(1), int.class);
                    args = Arrays.asList(Integer.valueOf(m.group(2)));
                }
                actors.add(new Actor(method, args, false, false, false, false, false));
            } catch (NoSuchMethodException e) {
                throw new IllegalArgumentException("no operation " + call + " in " + test.getSimpleName(), e);
            }
        }
        return actors;
    }
}
