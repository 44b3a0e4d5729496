package io.freelock.console;

import static org.owasp.encoder.Encode.forHtml;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.Optional;

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
 * Answers at the Web Console's address while the console is not there: 503, and what the operator must do. Once the
 * Web Console registers its own servlet context at {@code /system/console}, requests go there (the longest matching
 * context path wins) and this servlet is no longer reached.
 */
@Component(service = Servlet.class, property = {
    "osgi.http.whiteboard.servlet.pattern=" + ConsoleLocked.ROOT,
    "osgi.http.whiteboard.servlet.pattern=" + ConsoleLocked.ROOT + "/*",
    "osgi.http.whiteboard.servlet.name=io.freelock.console.locked"
})
public final class ConsoleLocked extends HttpServlet {

    static final String ROOT = "/system/console";
    private static final long serialVersionUID = 1L;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            target = "(" + SecurityProvider.PROPERTY_ID + "=" + OperatorLogin.PROVIDER_ID + ")")
    private volatile SecurityProvider operator;

    /** To tell a missing operator from a configured one the login refused, and say why. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile OperatorConfiguration configuration;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        PrintWriter out = Html.standalone(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, "Freelock console is locked");
        for (String line : reason(operator != null, refusedConfiguration())) {
            out.println("<p>" + line + "</p>");
        }
        out.println("<p><a href='/'>Freelock home</a></p>");
        Html.end(out);
    }

    /** @return why the operator's configuration, if there is one, does not open the console */
    private Optional<String> refusedConfiguration() {
        OperatorConfiguration now = configuration;
        return now == null ? Optional.empty() : now.problem();
    }

    /**
     * @param refused what is wrong with the operator's configuration, if there is one that the login refused
     * @return the explanation, as HTML paragraphs
     */
    static String[] reason(boolean operatorConfigured, Optional<String> refused) {
        if (refused.isPresent()) {
            return new String[] {"The operator's configuration is refused: " + forHtml(refused.get()) + ".",
                "Fix <code>deploy/" + forHtml(OperatorConfiguration.PID) + ".cfg</code> (or make it again with "
                        + "<code>scripts/console-password &lt;user&gt;</code>) and reload this page. See <code>docs/console.md</code>."};
        }
        if (operatorConfigured) {
            return new String[] {"The operator is configured, but the Apache Felix Web Console is not running: check "
                    + "that bundle <code>org.apache.felix.webconsole</code> is active (<code>lb webconsole</code> in the shell)."};
        }
        return new String[] {
            "No operator is configured, and the console never falls back to a default password.",
            "To open it, put the operator's user name and password hash into ConfigAdmin PID <code>"
                    + forHtml(OperatorConfiguration.PID) + "</code>: make the file with <code>scripts/console-password "
                    + "&lt;user&gt; &gt; deploy/" + forHtml(OperatorConfiguration.PID) + ".cfg</code> (it asks for the password) "
                    + "and reload this page. See <code>docs/console.md</code>."};
    }
}
