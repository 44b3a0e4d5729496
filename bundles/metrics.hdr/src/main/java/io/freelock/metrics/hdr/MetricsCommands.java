package io.freelock.metrics.hdr;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Gogo: {@code metrics:list [filter]} prints every series (or those matching the filter) as a table. */
@Component(service = MetricsCommands.class, property = {
    "osgi.command.scope=metrics",
    "osgi.command.function=list"
})
public final class MetricsCommands {

    @Reference
    private MetricsSource source;

    /** @return a table of every series */
    public String list() {
        return list(null);
    }

    /** @return a table of the series whose name, or one of whose {@code key=value} tags, contains {@code filter} */
    public String list(String filter) {
        return MetricsTable.render(source.families(), filter);
    }
}
