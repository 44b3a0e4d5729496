package io.freelock.console;

import java.io.IOException;
import java.io.PrintWriter;

import org.apache.felix.webconsole.spi.SecurityProvider;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code GET /}: what this server offers, with links. Registered as the whiteboard's default servlet, so it also
 * answers every path nothing else serves, with 404.
 */
@Component(service = Servlet.class, property = {
    "osgi.http.whiteboard.servlet.pattern=/",
    "osgi.http.whiteboard.servlet.name=io.freelock.console.index"
})
public final class IndexPage extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            target = "(" + SecurityProvider.PROPERTY_ID + "=" + OperatorLogin.PROVIDER_ID + ")")
    private volatile SecurityProvider operator;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (!path.isEmpty() && !path.equals("/")) {
            PrintWriter out = Html.standalone(response, HttpServletResponse.SC_NOT_FOUND, "Not found");
            out.println("<p>Nothing is served at this address. <a href='/'>Freelock home</a></p>");
            Html.end(out);
            return;
        }
        PrintWriter out = Html.standalone(response, HttpServletResponse.SC_OK, "Freelock");
        out.println("<ul>");
        out.println("<li><a id='console' href='" + ConsoleLocked.ROOT + "/'>Operator console</a> (Apache Felix Web Console: "
                + "queues, drivers, games, metrics, bundles, configuration)"
                + (operator == null ? " &mdash; locked until an operator is configured" : "") + "</li>");
        out.println("<li><a id='metrics' href='/metrics'>/metrics</a> (Prometheus text, for scrapers)</li>");
        out.println("</ul>");
        Html.end(out);
    }
}
