package io.freelock.queue.manager;

import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.freelock.queue.QueueManager;
import io.freelock.queue.QueueSpec;

/**
 * One named queue declared through ConfigAdmin: a factory configuration per queue, PID
 * {@value #FACTORY_PID}, with its name and spec. Creating the configuration opens the queue; changing
 * its spec moves the queue to the best driver for the new spec, unless the manager refuses the change, in
 * which case the queue stays as it was and the refusal is reported; a wider spec may be pending until the
 * queue's older implementation is drained (see QueueManager.respecify), which is reported too. Deleting the configuration leaves the
 * queue open: closing it would drop what it holds.
 */
@Component(configurationPid = ManagedQueueConfiguration.FACTORY_PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = ManagedQueueConfiguration.Config.class, factory = true)
public final class ManagedQueueConfiguration {

    static final String FACTORY_PID = "io.freelock.queue.managed";
    private static final Logger LOG = LoggerFactory.getLogger(ManagedQueueConfiguration.class);
    /** Where FileInstall says a configuration came from: the file's URL. */
    private static final String FILEINSTALL_FILENAME = "felix.fileinstall.filename";

    @ObjectClassDefinition(name = "Freelock managed queue", description = "A named queue the queue manager keeps open.")
    @interface Config {
        @AttributeDefinition(name = "Queue name", description = "The queue's name, unique within the manager.")
        String name();

        @AttributeDefinition(name = "Queue spec", description = "What the queue needs, e.g. queue:mpsc?capacity=4096 or queue:mpmc?driver=vyukov.")
        String spec();
    }

    private final QueueManager manager;
    private String name;

    @Activate
    public ManagedQueueConfiguration(@Reference QueueManager manager, Config config, Map<String, Object> properties) {
        this.manager = manager;
        apply(config, properties);
    }

    @Modified
    void modified(Config config, Map<String, Object> properties) {
        apply(config, properties);
    }

    /**
     * A configuration that names no queue or gives a spec that does not parse is refused in one line naming where it
     * came from (the file, when FileInstall read it from deploy/) and what is wrong, logged as a warning, and changes nothing: throwing
     * would only have SCR print a stack trace at every start.
     */
    private void apply(Config config, Map<String, Object> properties) {
        String fault = null;
        QueueSpec spec = null;
        if (config.name() == null || config.name().isBlank()) {
            fault = "it has no 'name'";
        } else if (config.spec() == null || config.spec().isBlank()) {
            fault = "queue '" + config.name() + "' has no 'spec'";
        } else {
            try {
                spec = QueueSpec.parse(config.spec());
            } catch (IllegalArgumentException bad) {
                fault = "queue '" + config.name() + "': " + bad.getMessage();
            }
        }
        if (fault != null) {
            LOG.warn("freelock: configuration " + source(properties) + " ignored: " + fault);
            return;
        }
        if (config.name().equals(name) || manager.find(config.name()).isPresent()) {
            try {
                manager.respecify(config.name(), spec);
            } catch (IllegalArgumentException refused) {
                // ConfigAdmin has no caller to throw to: the queue is untouched, say why where operators look.
                LOG.warn("freelock: configuration " + FACTORY_PID + " for queue '"
                        + config.name() + "' not applied: " + refused.getMessage());
            } catch (IllegalStateException pending) {
                // Accepted, and applied by the manager once the older queue is drained; queue:list shows it too.
                LOG.info("freelock: configuration " + FACTORY_PID + " for queue '"
                        + config.name() + "' pending: " + pending.getMessage());
            }
        } else {
            manager.open(config.name(), spec);
        }
        name = config.name();
    }

    /** @return the file FileInstall read the configuration from, else its PID */
    private static String source(Map<String, Object> properties) {
        Object file = properties.get(FILEINSTALL_FILENAME);
        if (file != null) {
            String path = file.toString();
            return path.startsWith("file:") ? path.substring("file:".length()) : path;
        }
        return String.valueOf(properties.getOrDefault("service.pid", FACTORY_PID));
    }
}
