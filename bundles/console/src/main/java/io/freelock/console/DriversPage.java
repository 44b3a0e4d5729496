package io.freelock.console;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.freelock.queue.ManagedQueue;
import io.freelock.queue.QueueManager;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Web Console page {@value #LABEL}: the live queue drivers, best ranked first, with what each offers and the managed
 * queues on it now, as {@code queue:drivers} lists them.
 */
@Component(service = Servlet.class, property = {
    "felix.webconsole.label=" + DriversPage.LABEL,
    "felix.webconsole.title=Queue drivers",
    "felix.webconsole.category=Freelock"
})
public final class DriversPage extends HttpServlet {

    static final String LABEL = "freelock-drivers";
    private static final long serialVersionUID = 1L;

    private final transient QueueManager manager;
    private final transient LiveDrivers drivers;

    @Activate
    public DriversPage(@Reference QueueManager manager, @Reference LiveDrivers drivers) {
        this.manager = manager;
        this.drivers = drivers;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        PrintWriter out = Html.inConsole(response);
        List<LiveDrivers.Driver> live = drivers.live();
        if (live.isEmpty()) {
            out.println("<p>No queue driver is live: managed queues run on the manager's fallback.</p>");
            return;
        }
        Map<String, String> queuesOn = manager.queues().stream().collect(Collectors.groupingBy(ManagedQueue::driver,
                TreeMap::new, Collectors.mapping(ManagedQueue::name, Collectors.joining(", "))));
        out.println("<table id='drivers' class='nicetable'><thead>");
        Html.row(out, "th", "Driver", "Producers", "Consumers", "Bounded", "Ranking", "Bundle", "Managed queues on it");
        out.println("</thead><tbody>");
        for (LiveDrivers.Driver d : live) {
            Html.row(out, "td", d.name(), d.producers(), d.consumers(), d.bounded(), d.ranking(), d.bundle(),
                    queuesOn.getOrDefault(d.name(), ""));
        }
        out.println("</tbody></table>");
        String fallback = queuesOn.get(QueueManager.FALLBACK);
        if (fallback != null) {
            out.println("<p>On the manager's fallback (no live driver fits them): " + org.owasp.encoder.Encode.forHtml(fallback) + "</p>");
        }
    }
}
