package io.freelock.it;

import static io.freelock.it.FreelockContainer.shell;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import javax.inject.Inject;

import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

import io.freelock.queue.QueueManager;
import io.freelock.queue.QueueSpec;

/**
 * Every Gogo command Freelock registers, found by its service properties (so a command added later is covered
 * too): each method and parameter is described for {@code help}, a wrong number of arguments prints the command's
 * usage line, and unknown names print one line, never Gogo's "Cannot coerce" or an exception's class name.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ShellIT {

    @Inject
    private BundleContext context;

    @Inject
    private CommandProcessor processor;

    @Inject
    private QueueManager manager;

    @Configuration
    public Option[] config() {
        return FreelockContainer.options();
    }

    @Test
    public void everyCommandAndParameterIsDescribed() throws Exception {
        List<Command> commands = commands();
        assertTrue(commands.toString(), commands.size() >= 8); // queue:3, game:4, metrics:1 at least
        for (Command command : commands) {
            assertFalse(command + " has no method", command.methods.isEmpty());
            for (Method method : command.methods) {
                assertNotNull(command + ": " + method + " has no @Descriptor", method.getAnnotation(Descriptor.class));
                Annotation[][] parameters = method.getParameterAnnotations();
                for (int i = 0; i < parameters.length; i++) {
                    if (method.getParameterTypes()[i] != CommandSession.class) {
                        assertTrue(command + ": parameter " + i + " of " + method + " has no @Descriptor",
                                List.of(parameters[i]).stream().anyMatch(Descriptor.class::isInstance));
                    }
                }
            }
        }
    }

    @Test
    public void everyCommandGivenAWrongNumberOfArgumentsPrintsItsUsageLine() throws Exception {
        int tried = 0;
        for (Command command : commands()) {
            Set<Integer> accepted = command.arities();
            int most = accepted.stream().max(Integer::compare).orElse(0);
            for (int count = 0; count <= most + 2; count++) {
                if (accepted.contains(count)) {
                    continue;
                }
                String line = command.name + " nosuch".repeat(count);
                String shown = shell(processor, line);
                assertTrue(line + " printed: " + shown, shown.startsWith("usage: " + command.name));
                assertFalse(line + " printed: " + shown, shown.contains("\n"));
                tried++;
            }
        }
        assertTrue("no command was tried with a wrong number of arguments", tried >= 8);
    }

    @Test
    public void unknownNamesGetOneLineNeverAnExceptionName() throws Exception {
        for (Command command : commands()) {
            for (int count : command.arities()) {
                String line = command.name + " nosuch".repeat(count);
                String shown = shell(processor, line);
                assertFalse(line + " printed: " + shown, shown.contains("Exception") || shown.contains("Cannot coerce"));
            }
        }
        String game = shell(processor, "game:state nosuch");
        assertTrue(game, game.matches("no game 'nosuch' is open; open games: \\[[^\\n]*\\]"));
        assertEquals("no queue 'nosuch' is open", shell(processor, "queue:swap nosuch vyukov"));
    }

    @Test
    public void helpShowsTheDescriptions() {
        String help = shell(processor, "help queue:swap");
        assertTrue(help, help.contains("moves a managed queue to a driver and keeps it there"));
        assertTrue(help, help.contains("the managed queue's name, as queue:list shows it"));
    }

    @Test
    public void queueListColumnsFitNamesLongerThanSixteenCharacters() {
        String name = "a-queue-with-a-name-well-beyond-sixteen-characters";
        manager.open(name, QueueSpec.parse("queue:mpmc?driver=vyukov&capacity=64"));
        String list = shell(processor, "queue:list");
        String header = list.lines().findFirst().orElseThrow();
        String row = list.lines().filter(l -> l.startsWith(name)).findFirst().orElseThrow(() -> new AssertionError(list));
        // each column after the name starts where its header does
        assertEquals(list, header.indexOf("SPEC"), row.indexOf("queue:mpmc"));
        assertEquals(list, header.indexOf("DRIVER"), row.indexOf(" vyukov ") + 1);
        assertTrue(list, header.endsWith("GAP(s)"));
    }

    /** Every command a Freelock bundle registers, with the public methods Gogo may call for it. */
    private List<Command> commands() throws Exception {
        List<Command> commands = new ArrayList<>();
        for (ServiceReference<?> ref : context.getServiceReferences((String) null, "(osgi.command.scope=*)")) {
            if (!ref.getBundle().getSymbolicName().startsWith("io.freelock.")) {
                continue;
            }
            Object service = context.getService(ref);
            try {
                Object functions = ref.getProperty("osgi.command.function");
                for (String function : functions instanceof String[] ? (String[]) functions : new String[] {functions.toString()}) {
                    List<Method> methods = new ArrayList<>();
                    for (Method method : service.getClass().getMethods()) {
                        if (method.getName().toLowerCase(Locale.ROOT).equals(function.toLowerCase(Locale.ROOT))) {
                            methods.add(method);
                        }
                    }
                    commands.add(new Command(ref.getProperty("osgi.command.scope") + ":" + function, methods));
                }
            } finally {
                context.ungetService(ref);
            }
        }
        return commands;
    }

    private static final class Command {
        final String name;
        final List<Method> methods;

        Command(String name, List<Method> methods) {
            this.name = name;
            this.methods = methods;
        }

        /** @return the argument counts a typed signature takes; the String... signature is the usage fallback */
        Set<Integer> arities() {
            Set<Integer> counts = new TreeSet<>();
            for (Method method : methods) {
                if (!method.isVarArgs()) {
                    counts.add(method.getParameterCount());
                }
            }
            return counts;
        }

        @Override
        public String toString() {
            return name;
        }
    }
}
