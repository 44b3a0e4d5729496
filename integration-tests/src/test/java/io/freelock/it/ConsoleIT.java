package io.freelock.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.MetaTypeInformation;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.ObjectClassDefinition;

import io.freelock.queue.ManagedQueue;
import io.freelock.queue.QueueManager;
import io.freelock.queue.QueueSpec;
import io.freelock.queue.testkit.Await;

/**
 * The operator console in the shipped container: Freelock's Web Console pages are registered; without an operator
 * configured the console refuses everything (admin/admin included) and says how to open it; with one, only that
 * operator gets in, and the Queues page swaps a queue through its form, refusing forged and bad requests.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ConsoleIT {

    private static final String PID = "io.freelock.console";
    private static final String CONSOLE = "/system/console";
    private static final String QUEUES = CONSOLE + "/freelock-queues";
    private static final String USER = "operator";
    private static final String PASSWORD = "it's a long secret";
    private static final Set<String> PAGES = Set.of("freelock-queues", "freelock-drivers", "freelock-games", "freelock-metrics");

    @Inject
    private BundleContext context;
    @Inject
    private ConfigurationAdmin configurationAdmin;
    @Inject
    private QueueManager queues;
    @Inject
    private MetaTypeService metaType;

    @Configuration
    public Option[] config() {
        return FreelockContainer.options();
    }

    @Test
    public void freelockPagesAreWebConsolePluginsAndEveryConfigurationHasLabels() throws Exception {
        Await.until("the four Freelock pages", () -> pages().containsAll(PAGES));
        for (ServiceReference<?> page : context.getServiceReferences("jakarta.servlet.Servlet", "(felix.webconsole.label=freelock-*)")) {
            assertEquals("Freelock", page.getProperty("felix.webconsole.category"));
            assertTrue(String.valueOf(page.getProperty("felix.webconsole.title")).length() > 0);
        }
        List<String> unlabelled = new ArrayList<>();
        int checked = 0;
        for (Bundle bundle : context.getBundles()) {
            if (bundle.getSymbolicName() == null || !bundle.getSymbolicName().startsWith("io.freelock.")) {
                continue;
            }
            MetaTypeInformation info = metaType.getMetaTypeInformation(bundle);
            List<String> pids = new ArrayList<>(List.of(info.getPids()));
            pids.addAll(List.of(info.getFactoryPids()));
            for (String pid : pids) {
                ObjectClassDefinition ocd = info.getObjectClassDefinition(pid, null);
                for (AttributeDefinition attribute : ocd.getAttributeDefinitions(ObjectClassDefinition.ALL)) {
                    checked++;
                    if (blank(attribute.getName()) || blank(attribute.getDescription())) {
                        unlabelled.add(pid + "/" + attribute.getID());
                    }
                    String[] labels = attribute.getOptionLabels();
                    for (int i = 0; labels != null && i < labels.length; i++) {
                        if (blank(labels[i]) || labels[i].equals(attribute.getOptionValues()[i])) {
                            unlabelled.add(pid + "/" + attribute.getID() + " option " + attribute.getOptionValues()[i]);
                        }
                    }
                }
            }
        }
        assertTrue("attributes checked: " + checked, checked >= 20); // engine, journal, metrics, queues, demo, console
        assertEquals("attributes or options without a label or description", List.of(), unlabelled);
    }

    @Test
    public void withoutAnOperatorTheConsoleServesNothingAndSaysHowToOpenIt() throws Exception {
        removeOperator();
        Http http = new Http(port());
        for (String path : List.of(CONSOLE + "/bundles", QUEUES, CONSOLE + "/res/ui/webconsole.css")) {
            HttpResponse<String> locked = http.get(path, "admin", "admin"); // the Web Console's own default
            assertEquals(path + ": " + locked.body(), 503, locked.statusCode());
            assertTrue(locked.body(), locked.body().contains("No operator is configured"));
            assertTrue(locked.body(), locked.body().contains(PID));
            assertTrue(locked.body(), locked.body().contains("scripts/console-password"));
        }
        HttpResponse<String> index = http.get("/", null, null);
        assertEquals(200, index.statusCode());
        assertTrue(index.body(), index.body().contains("href='/system/console/'") && index.body().contains("href='/metrics'"));
        assertTrue(index.body(), index.body().contains("locked until an operator is configured"));
        assertEquals(404, http.get("/no-such-page", null, null).statusCode());
    }

    @Test
    public void anOperatorConfigurationTheLoginRefusesKeepsTheConsoleLockedAndIsExplained() throws Exception {
        Hashtable<String, Object> weak = new Hashtable<>();
        weak.put("user", USER);
        weak.put(".passwordHash", "pbkdf2-sha256:1000:" + "ab".repeat(16) + ":" + "cd".repeat(32));
        configurationAdmin.getConfiguration(PID, "?").update(weak);
        try {
            Http http = new Http(port());
            Await.until("the locked page to name the fault",
                    () -> body(http, QUEUES).contains("has 1000 iterations; at least 100000 are needed"));
            HttpResponse<String> locked = http.get(QUEUES, USER, "anything");
            assertEquals(503, locked.statusCode());
            assertTrue(locked.body(), locked.body().contains("The operator's configuration is refused: " + PID
                    + ": &#39;.passwordHash&#39; is wrong"));
            assertFalse("the hash is not shown", locked.body().contains("cd".repeat(32)));
        } finally {
            removeOperator();
        }
    }

    @Test
    public void onlyTheConfiguredOperatorGetsInAndTheQueuesFormSwapsAndRefuses() throws Exception {
        ManagedQueue<Object> queue = queues.open("it-console", QueueSpec.parse("queue:mpsc?driver=vyukov"));
        configureOperator(PASSWORD);
        try {
            Http http = new Http(port());
            Await.until("the console to ask for a login", () -> http.status(QUEUES) == 401);
            assertEquals("admin/admin is never accepted", 401, http.get(QUEUES, "admin", "admin").statusCode());
            assertEquals(401, http.get(QUEUES, USER, "wrong password").statusCode());
            HttpResponse<String> wrong = http.login(PASSWORD + "!", QUEUES);
            assertEquals(401, wrong.statusCode());
            assertTrue(wrong.body(), wrong.body().contains("Wrong user or password."));
            assertEquals(200, http.get(QUEUES, USER, PASSWORD).statusCode()); // scripts: HTTP Basic

            // A session that existed before the login is not the one the login makes (no session fixation).
            String before = http.session();
            HttpResponse<String> login = http.login(PASSWORD, "http://elsewhere.example/" + QUEUES);
            assertEquals(303, login.statusCode());
            assertEquals("a login goes to a page of the console only", CONSOLE + "/",
                    login.headers().firstValue("Location").orElse(""));
            assertNotEquals(before, http.session());
            Http planted = new Http(port());
            planted.useSession(before);
            assertEquals(401, planted.status(QUEUES));

            HttpResponse<String> page = http.get(QUEUES, null, null);
            assertEquals(200, page.statusCode());
            assertEquals("vyukov", driverCell(page.body(), "it-console"));
            String token = token(page.body());

            // A form posted without the session's token (cross-site request forgery) changes nothing.
            HttpResponse<String> forged = http.post(QUEUES, Map.of("queue", "it-console", "driver", "michaelscott"));
            assertEquals(403, forged.statusCode());
            assertEquals("vyukov", queue.driver());

            HttpResponse<String> swapped = http.post(QUEUES, Map.of("queue", "it-console", "driver", "michaelscott", "token", token));
            assertEquals(303, swapped.statusCode());
            assertEquals("michaelscott", queue.driver());
            page = http.get(QUEUES, null, null);
            assertEquals("michaelscott", driverCell(page.body(), "it-console"));
            assertTrue(page.body(), page.body().contains("Queue &#39;it-console&#39; now on michaelscott."));

            // A single-producer driver for a multi-producer queue: refused with the manager's reason, nothing changes.
            http.post(QUEUES, Map.of("queue", "it-console", "driver", "spsc", "token", token));
            page = http.get(QUEUES, null, null);
            Matcher refusal = Pattern.compile("<p id='swap-result' class='refused'[^>]*>Refused: ([^<]+)</p>").matcher(page.body());
            assertTrue(page.body(), refusal.find());
            assertTrue(refusal.group(1), refusal.group(1).contains("spsc"));
            assertEquals("michaelscott", queue.driver());

            for (String label : PAGES) {
                assertEquals(label, 200, http.get(CONSOLE + "/" + label, null, null).statusCode());
            }

            // Elements taken a second: the page reads the manager's counts from the registry once a second.
            AtomicBoolean moving = new AtomicBoolean(true);
            Thread mover = new Thread(() -> {
                for (long i = 0; moving.get(); i++) {
                    queue.offer(i);
                    queue.poll();
                }
            }, "it-console-mover");
            mover.start();
            try {
                Await.until("the Queues page to show elements taken a second",
                        () -> throughput(body(http, QUEUES), "it-console") > 0);
            } finally {
                moving.set(false);
                mover.join();
            }

            // A new password ends the sessions logged in with the old one. (While the Web Console takes the new login on,
            // it answers 503 and, for a moment, 403: wait for the new password to work.)
            configureOperator(PASSWORD + " changed");
            Http basic = new Http(port());
            Await.until("the new password to open the console",
                    () -> status(basic, QUEUES, USER, PASSWORD + " changed") == 200);
            assertEquals("the session logged in before", 401, http.status(QUEUES));
            assertEquals(401, http.get(QUEUES, USER, PASSWORD).statusCode());
        } finally {
            removeOperator();
        }
        Await.until("the console to lock again once the operator is removed",
                () -> new Http(port()).status(QUEUES) == 503);
    }

    private static int status(Http http, String path, String user, String password) {
        try {
            return http.get(path, user, password).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    private static String body(Http http, String path) {
        try {
            return http.get(path, null, null).body();
        } catch (Exception e) {
            return "";
        }
    }

    private Set<String> pages() {
        try {
            ServiceReference<?>[] refs = context.getServiceReferences("jakarta.servlet.Servlet", "(felix.webconsole.label=*)");
            return refs == null ? Set.of() : List.of(refs).stream().map(r -> String.valueOf(r.getProperty("felix.webconsole.label")))
                    .collect(Collectors.toCollection(TreeSet::new));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }

    private static String driverCell(String page, String queue) {
        Matcher m = Pattern.compile("<tr data-queue='" + queue + "'>.*?<td class='driver'>([^<]*)</td>").matcher(page);
        assertTrue(page, m.find());
        return m.group(1);
    }

    /** @return the number in the queue's "Taken / s" cell, or -1 while it shows none */
    private static double throughput(String page, String queue) {
        Matcher m = Pattern.compile("<tr data-queue='" + queue + "'>.*?<td class='throughput'>([^<]*)</td>").matcher(page);
        return m.find() && !m.group(1).equals("-") ? Double.parseDouble(m.group(1).replace(",", "")) : -1;
    }

    private static String token(String page) {
        Matcher m = Pattern.compile("name='token' value='([0-9a-f]+)'").matcher(page);
        assertTrue(page, m.find());
        return m.group(1);
    }

    private void configureOperator(String password) throws Exception {
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        int iterations = 100_000;
        byte[] key = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                .generateSecret(new PBEKeySpec(password.toCharArray(), salt, iterations, 256)).getEncoded();
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("user", USER);
        properties.put(".passwordHash", "pbkdf2-sha256:" + iterations + ":" + HexFormat.of().formatHex(salt) + ":"
                + HexFormat.of().formatHex(key));
        configurationAdmin.getConfiguration(PID, "?").update(properties);
    }

    private void removeOperator() throws Exception {
        configurationAdmin.getConfiguration(PID, "?").delete();
        Await.until("the console to lock", () -> new Http(port()).status(QUEUES) == 503);
    }

    private int port() {
        return Integer.parseInt(context.getProperty(FreelockContainer.HTTP_PORT));
    }

    /** A browser's worth of HTTP: cookies kept, redirects not followed, so that the tests see each answer. */
    private static final class Http {
        private final int port;
        private final CookieManager cookies = new CookieManager();
        private final HttpClient client;

        Http(int port) {
            this.port = port;
            this.client = HttpClient.newBuilder().cookieHandler(cookies).connectTimeout(Duration.ofSeconds(5)).build();
        }

        HttpResponse<String> get(String path, String user, String password) throws Exception {
            HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30));
            if (user != null) {
                request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (user + ":" + password).getBytes(StandardCharsets.UTF_8)));
            }
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }

        int status(String path) {
            try {
                return get(path, null, null).statusCode();
            } catch (Exception e) {
                return -1;
            }
        }

        HttpResponse<String> post(String path, Map<String, String> form) throws Exception {
            String body = form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                    + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
            return client.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> login(String password, String target) throws Exception {
            return post(CONSOLE + "/freelock-login", Map.of("j_username", USER, "j_password", password, "target", target));
        }

        /** @return the session cookie's value, or null */
        String session() {
            return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals("JSESSIONID"))
                    .map(HttpCookie::getValue).findFirst().orElse(null);
        }

        void useSession(String id) {
            HttpCookie cookie = new HttpCookie("JSESSIONID", id);
            cookie.setPath("/");
            cookie.setVersion(0);
            cookies.getCookieStore().add(uri("/"), cookie);
        }

        private URI uri(String path) {
            return URI.create("http://" + FreelockContainer.HTTP_HOST + ":" + port + path);
        }
    }
}
