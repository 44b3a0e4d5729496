package io.freelock.console;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

/**
 * A secret per session that every form of ours carries back, so that a page on another site cannot make the
 * operator's browser post a change here (cross-site request forgery): that page can send the session cookie, but
 * cannot read the token.
 */
final class FormToken {

    static final String FIELD = "token";
    private static final String ATTRIBUTE = FormToken.class.getName();
    private static final SecureRandom RANDOM = new SecureRandom();

    private FormToken() {
    }

    /** @return the session's token, made on first use */
    static String of(HttpServletRequest request) {
        HttpSession session = request.getSession(true);
        synchronized (session) { // two first requests of one session must not make two tokens
            Object token = session.getAttribute(ATTRIBUTE);
            if (token == null) {
                byte[] bytes = new byte[32];
                RANDOM.nextBytes(bytes);
                token = HexFormat.of().formatHex(bytes);
                session.setAttribute(ATTRIBUTE, token);
            }
            return (String) token;
        }
    }

    /** @return whether the request carries its session's token */
    static boolean isValid(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        Object expected = session == null ? null : session.getAttribute(ATTRIBUTE);
        String given = request.getParameter(FIELD);
        return expected != null && given != null && MessageDigest.isEqual(
                ((String) expected).getBytes(StandardCharsets.US_ASCII), given.getBytes(StandardCharsets.US_ASCII));
    }
}
