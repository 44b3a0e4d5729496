package io.freelock.metrics.hdr;

import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Gogo: {@code metrics:list [filter]} prints every series (or those matching the filter) as a table; with more than
 * one argument, its usage line.
 */
@Component(service = MetricsCommands.class, property = {
    "osgi.command.scope=metrics",
    "osgi.command.function=list"
})
public final class MetricsCommands {

    static final String LIST_USAGE = "usage: metrics:list [filter]  (a filter keeps the series whose name or a key=value "
            + "tag contains it)";

    @Reference
    private MetricsSource source;

    /** @return a table of every series */
    @Descriptor("lists every metric series: name, tags, type, value or count, quantiles and max (durations in seconds)")
    public String list() {
        return list((String) null);
    }

    /** @return a table of the series whose name, or one of whose {@code key=value} tags, contains {@code filter} */
    @Descriptor("lists the metric series whose name, or one of whose key=value tags, contains the filter, ignoring case")
    public String list(@Descriptor("text to look for, e.g. engine or queue=demo") String filter) {
        return MetricsTable.render(source.families(), filter);
    }

    /** metrics:list with more than one argument. */
    @Descriptor("with more than one argument: prints the usage line")
    public String list(@Descriptor("the arguments given") String... wrong) {
        return LIST_USAGE;
    }
}
