package io.freelock.console;

import static org.owasp.encoder.Encode.forHtml;
import static org.owasp.encoder.Encode.forHtmlAttribute;

import java.io.IOException;
import java.io.PrintWriter;

import jakarta.servlet.http.HttpServletResponse;

/** The console's login form: a page of its own, since the Web Console draws nothing for a visitor not logged in. */
final class LoginPage {

    private LoginPage() {
    }

    /**
     * @param target where to go after logging in
     * @param problem what went wrong with the last attempt, or null
     */
    static void write(HttpServletResponse response, String root, String target, String problem) throws IOException {
        response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
        response.setContentType("text/html;charset=UTF-8");
        Html.noCache(response);
        PrintWriter out = response.getWriter();
        out.println("<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Freelock console: log in</title>");
        out.println("<style>body{font-family:sans-serif;margin:3em}label{display:block;margin:.5em 0}"
                + ".problem{color:#b00}</style></head><body>");
        out.println("<h1>Freelock console</h1>");
        if (problem != null) {
            out.println("<p class='problem' id='login-problem'>" + forHtml(problem) + "</p>");
        }
        out.println("<form method='post' action='" + forHtmlAttribute(root + OperatorLogin.LOGIN_PATH) + "'>");
        out.println("<input type='hidden' name='" + OperatorLogin.TARGET_FIELD + "' value='" + forHtmlAttribute(target) + "'>");
        out.println("<label>User <input id='username' name='" + OperatorLogin.USER_FIELD
                + "' autocomplete='username' autofocus></label>");
        out.println("<label>Password <input id='password' type='password' name='" + OperatorLogin.PASSWORD_FIELD
                + "' autocomplete='current-password'></label>");
        out.println("<button id='login' type='submit'>Log in</button></form>");
        out.println("<p><a href='/'>Freelock home</a></p></body></html>");
    }
}
