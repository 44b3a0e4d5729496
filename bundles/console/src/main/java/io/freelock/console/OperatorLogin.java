package io.freelock.console;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.UUID;

import org.apache.felix.webconsole.spi.SecurityProvider;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

/**
 * The Web Console's only way in: one operator, whose user name and PBKDF2 password hash come from ConfigAdmin (see
 * {@link OperatorConfiguration}, which registers this provider only for a configuration it accepts). The launcher
 * names this provider ({@value #PROVIDER_ID}) as required, so the Web Console serves nothing, and its built-in
 * admin/admin provider is never consulted, until an operator is configured.
 *
 * <p>A browser logs in through a form and is then known by its session (whose id is renewed at login, so a session
 * id planted before the login is worth nothing); scripts may send HTTP Basic credentials with every request.
 */
final class OperatorLogin implements SecurityProvider {

    /** What the launcher's {@code felix.webconsole.security.providers} names. */
    static final String PROVIDER_ID = "freelock";
    /** Where the login form posts to, under the console's root. */
    static final String LOGIN_PATH = "/freelock-login";
    static final String USER_FIELD = "j_username";
    static final String PASSWORD_FIELD = "j_password";
    static final String TARGET_FIELD = "target";
    private static final String SESSION_MARK = OperatorLogin.class.getName() + ".mark";

    private final String user;
    private final PasswordHash password;
    /**
     * What a logged-in session holds: new with every configuration of the operator, so that changing the password (or
     * removing the operator) ends every session logged in before.
     */
    private final String sessionMark = UUID.randomUUID().toString();
    /**
     * The SHA-256 of the last Authorization header that passed, so that a script sending Basic credentials with every
     * request costs one PBKDF2 run (deliberately slow) per operator, not per request. Only that exact header passes.
     */
    private volatile byte[] acceptedBasic = new byte[0];

    /** @param user checked by {@link OperatorConfiguration}, as the hash is */
    OperatorLogin(String user, PasswordHash password) {
        this.user = user;
        this.password = password;
    }

    @Override
    public Object authenticate(HttpServletRequest request, HttpServletResponse response) {
        try {
            Object known = sessionUser(request);
            if (known != null) {
                return known;
            }
            String basic = basicUser(request);
            if (basic != null) {
                return basic;
            }
            // The Web Console hands us its root as context path + servlet path ("" + "/system/console" by default).
            String root = request.getContextPath() + request.getServletPath();
            if ("POST".equals(request.getMethod()) && (root + LOGIN_PATH).equals(request.getRequestURI())) {
                logIn(request, response, root);
            } else {
                LoginPage.write(response, root, target(request), null);
            }
        } catch (IOException e) {
            response.setStatus(HttpServletResponse.SC_INTERNAL_SERVER_ERROR);
        }
        return null; // the response says what to do
    }

    @Override
    public boolean authorize(Object user, String role) {
        return this.user.equals(user); // one operator, who may do everything the console offers
    }

    @Override
    public void logout(HttpServletRequest request, HttpServletResponse response) {
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.removeAttribute(SESSION_MARK);
        }
    }

    private Object sessionUser(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        Object mark = session == null ? null : session.getAttribute(SESSION_MARK);
        return sessionMark.equals(mark) ? user : null; // a session from before a change of operator is not enough
    }

    private String basicUser(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        byte[] digest = sha256(header);
        if (MessageDigest.isEqual(digest, acceptedBasic)) {
            return user;
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(header.substring(6).trim());
        } catch (IllegalArgumentException notBase64) {
            return null;
        }
        char[] pair = chars(StandardCharsets.UTF_8.decode(ByteBuffer.wrap(decoded)));
        Arrays.fill(decoded, (byte) 0);
        int colon = indexOf(pair, ':');
        try {
            if (colon < 0) {
                return null;
            }
            String name = new String(pair, 0, colon);
            if (!check(name, Arrays.copyOfRange(pair, colon + 1, pair.length))) {
                return null;
            }
            acceptedBasic = digest;
            return name;
        } finally {
            Arrays.fill(pair, '\0');
        }
    }

    private void logIn(HttpServletRequest request, HttpServletResponse response, String root) throws IOException {
        String name = request.getParameter(USER_FIELD);
        String secret = request.getParameter(PASSWORD_FIELD);
        String target = safeTarget(request.getParameter(TARGET_FIELD), root);
        if (name == null || secret == null || !check(name, secret.toCharArray())) {
            LoginPage.write(response, root, target, "Wrong user or password.");
            return;
        }
        HttpSession session = request.getSession(true);
        request.changeSessionId(); // whoever knew the session id before the login learns nothing from it
        session.setAttribute(SESSION_MARK, sessionMark);
        response.setStatus(HttpServletResponse.SC_SEE_OTHER);
        response.setHeader("Location", target);
    }

    /** Both are checked, always, so the time taken says nothing about which of them was wrong. */
    private boolean check(String name, char[] secret) {
        try {
            boolean passwordOk = password.matches(secret);
            return passwordOk & MessageDigest.isEqual(user.getBytes(StandardCharsets.UTF_8),
                    name.getBytes(StandardCharsets.UTF_8));
        } finally {
            Arrays.fill(secret, '\0');
        }
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static String target(HttpServletRequest request) {
        String query = request.getQueryString();
        return request.getRequestURI() + (query == null ? "" : "?" + query);
    }

    /** Only a page of this console: a login link must not send the operator elsewhere (an open redirect). */
    static String safeTarget(String target, String root) {
        if (target == null || !(target.equals(root) || target.startsWith(root + "/")) || target.contains("//")
                || target.contains("\\") || target.startsWith(root + LOGIN_PATH)
                || target.chars().anyMatch(c -> c < 0x20)) {
            return root + "/";
        }
        return target;
    }

    private static int indexOf(char[] chars, char wanted) {
        for (int i = 0; i < chars.length; i++) {
            if (chars[i] == wanted) {
                return i;
            }
        }
        return -1;
    }

    /** @return exactly the buffer's characters (its backing array may be longer) */
    private static char[] chars(CharBuffer buffer) {
        char[] out = new char[buffer.remaining()];
        buffer.get(out);
        return out;
    }
}
