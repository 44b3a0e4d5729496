package io.freelock.console;

import static org.owasp.encoder.Encode.forHtml;
import static org.owasp.encoder.Encode.forHtmlAttribute;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import io.freelock.metrics.MetricsRegistry;
import io.freelock.queue.ManagedQueue;
import io.freelock.queue.QueueManager;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

/**
 * Web Console page {@value #LABEL}: every managed queue (spec, driver, size, swaps, elements carried across swaps,
 * longest consumer gap, elements taken a second, what is pending) and a form that swaps one to a live driver, as
 * {@code queue:swap} does; a refused swap shows the manager's reason and changes nothing.
 */
@Component(service = Servlet.class, property = {
    "felix.webconsole.label=" + QueuesPage.LABEL,
    "felix.webconsole.title=Queues",
    "felix.webconsole.category=Freelock"
})
public final class QueuesPage extends HttpServlet {

    static final String LABEL = "freelock-queues";
    static final String QUEUE_FIELD = "queue";
    static final String DRIVER_FIELD = "driver";
    /** The outcome of the last swap, shown once by the page the form redirects to. */
    private static final String OUTCOME = QueuesPage.class.getName() + ".outcome";
    private static final long serialVersionUID = 1L;

    private final transient QueueManager manager;
    private final transient LiveDrivers drivers;
    private final transient QueueThroughput throughput;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile MetricsRegistry registry;

    @Activate
    public QueuesPage(@Reference QueueManager manager, @Reference LiveDrivers drivers) {
        this.manager = manager;
        this.drivers = drivers;
        this.throughput = new QueueThroughput(manager, () -> registry);
        throughput.start();
    }

    @Deactivate
    void deactivate() {
        throughput.stop();
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        PrintWriter out = Html.inConsole(response);
        HttpSession session = request.getSession(true);
        Object outcome = session.getAttribute(OUTCOME);
        session.removeAttribute(OUTCOME);
        if (outcome instanceof SwapOutcome shown) {
            out.println("<p id='swap-result' class='" + (shown.refused() ? "refused" : "done") + "' style='padding:.5em;"
                    + "border:1px solid " + (shown.refused() ? "#b00" : "#080") + "'>" + forHtml(shown.text()) + "</p>");
        }
        List<ManagedQueue<?>> queues = new ArrayList<>(manager.queues());
        queues.sort(Comparator.comparing(ManagedQueue::name));
        if (queues.isEmpty()) {
            out.println("<p>No managed queue is open.</p>");
        } else {
            table(out, queues);
        }
        form(out, request, queues);
    }

    private void table(PrintWriter out, List<ManagedQueue<?>> queues) {
        out.println("<table id='queues' class='nicetable'><thead>");
        Html.row(out, "th", "Name", "Spec", "Driver", "Size", "Swaps", "Carried across swaps", "Longest consumer gap",
                "Taken / s", "Pending");
        out.println("</thead><tbody>");
        for (ManagedQueue<?> q : queues) {
            ManagedQueue.Stats stats = q.stats();
            Double rate = throughput.perSecond(q.name());
            out.print("<tr data-queue='" + forHtmlAttribute(q.name()) + "'>");
            Html.cell(out, "name", q.name());
            Html.cell(out, "spec", q.spec().toString());
            Html.cell(out, "driver", q.driver());
            Html.cell(out, "size", Html.count(q.size()));
            Html.cell(out, "swaps", Html.count(stats.swaps()));
            Html.cell(out, "migrated", Html.count(stats.migrated()));
            Html.cell(out, "gap", Html.millis(stats.longestConsumerGapNanos()));
            Html.cell(out, "throughput", rate == null ? "-" : String.format(Locale.ROOT, "%,.0f", rate));
            Html.cell(out, "pending", q.pendingChange().orElse(""));
            out.println("</tr>");
        }
        out.println("</tbody></table>");
    }

    private void form(PrintWriter out, HttpServletRequest request, List<ManagedQueue<?>> queues) {
        out.println("<h2>Swap a queue's driver</h2>");
        out.println("<p>The queue moves to the driver and stays there (its spec names it), losing no element; the "
                + "manager refuses a driver that cannot honour the queue, with the reason, and nothing changes.</p>");
        out.println("<form id='swap-form' method='post' action='" + forHtmlAttribute(pluginRoot(request)) + "'>");
        out.println("<input type='hidden' name='" + FormToken.FIELD + "' value='" + FormToken.of(request) + "'>");
        out.println("<label>Queue <select id='swap-queue' name='" + QUEUE_FIELD + "'>");
        for (ManagedQueue<?> q : queues) {
            out.println("<option>" + forHtml(q.name()) + "</option>");
        }
        out.println("</select></label> <label>Driver <select id='swap-driver' name='" + DRIVER_FIELD + "'>");
        for (LiveDrivers.Driver driver : drivers.live()) {
            out.println("<option>" + forHtml(driver.name()) + "</option>");
        }
        out.println("</select></label> <button id='swap' type='submit'>Swap</button></form>");
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!FormToken.isValid(request)) {
            response.sendError(HttpServletResponse.SC_FORBIDDEN,
                    "the form's token is missing or not this session's: reload the Queues page and try again");
            return;
        }
        String queue = request.getParameter(QUEUE_FIELD);
        String driver = request.getParameter(DRIVER_FIELD);
        SwapOutcome outcome = swap(queue, driver);
        request.getSession(true).setAttribute(OUTCOME, outcome);
        response.setStatus(HttpServletResponse.SC_SEE_OTHER); // the page shows the outcome; a reload does not swap again
        response.setHeader("Location", pluginRoot(request));
    }

    /** What the operator asked and what came of it; the manager's reason when it refused. */
    record SwapOutcome(boolean refused, String text) {
    }

    SwapOutcome swap(String queue, String driver) {
        if (queue == null || queue.isBlank() || driver == null || driver.isBlank()) {
            return new SwapOutcome(true, "Refused: name a queue and a driver.");
        }
        try {
            manager.swap(queue, driver);
            return new SwapOutcome(false, "Queue '" + queue + "' now on " + driver + ".");
        } catch (IllegalArgumentException | IllegalStateException refused) {
            return new SwapOutcome(true, "Refused: " + refused.getMessage());
        }
    }

    private static String pluginRoot(HttpServletRequest request) {
        Object root = request.getAttribute("felix.webconsole.pluginRoot");
        return root != null ? root.toString() : request.getContextPath() + "/" + LABEL;
    }
}
