package io.freelock.it;

import static io.freelock.it.LauncherProcess.awaitOutput;
import static io.freelock.it.LauncherProcess.exitCode;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The operator console in a real browser: the launcher runs its demo with an operator configured as docs/console.md
 * says (a .cfg in deploy/ made by scripts/console-password), and headless Chromium (Debian's, installed by
 * scripts/chromium) logs in, finds the demo's queues, watches a game's version rise, swaps a queue through the form
 * and sees its driver change, and sees a bad swap refused with its reason. Each page's screenshot is kept in
 * target/console-screenshots.
 */
public class ConsoleBrowserIT {

    private static final String NAME = "browser";
    private static final String USER = "operator";
    private static final String PASSWORD = "a browser's password";
    private static final Duration WAIT = Duration.ofSeconds(30);

    private Process launcher;
    private WebDriver browser;
    private int port;

    @Before
    public void startTheLauncherWithAnOperatorAndABrowser() throws Exception {
        Map<String, String> chromium = script(Map.of(), "", "chromium", "install");
        File work = LauncherProcess.freshFolder(NAME);
        File deploy = new File(work, "deploy");
        deploy.mkdirs();
        // Fewer PBKDF2 rounds than the script's default keep the login quick here; the console takes >= 100,000.
        String cfg = Scripts.run(Map.of("FREELOCK_PBKDF2_ITERATIONS", "100000"), PASSWORD + "\n", "console-password", USER);
        Files.writeString(new File(deploy, "io.freelock.console.cfg").toPath(), cfg, StandardCharsets.UTF_8);
        port = FreelockContainer.freePort();
        // The demo gives its four drivers and the craps table 40% between them, 8% each (the drivers 38.4 s here, then
        // the table 9.6 s), then the managed queue 'demo' the rest; its queues and game stay open to the end. The test
        // stops the launcher when it is done. The table's slice is what the Games page must catch playing: a shorter
        // demo leaves it a few seconds on a loaded machine.
        launcher = LauncherProcess.relaunch(NAME, "--demo", "120s", "--http-port", Integer.toString(port));

        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.get("chromium"));
        // --no-sandbox: Chromium's sandbox refuses to run as root, which CI is.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1280,1000");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(chromium.get("chromedriver"))).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        awaitOutput(NAME, "freelock: HTTP on http://127.0.0.1:" + port + "/");
    }

    @After
    public void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (launcher != null) {
            launcher.destroy();
            exitCode(launcher);
        }
    }

    @Test
    public void anOperatorLogsInWatchesTheDemoAndSwapsAQueue() throws Exception {
        browser.get(url("/"));
        refreshUntil(b -> b.findElements(By.id("console")).isEmpty() ? null : true); // HTTP may be up before the page
        screenshot("01-index");
        browser.findElement(By.id("console")).click();
        assertTrue(browser.getPageSource(), browser.findElement(By.id("login")).isDisplayed());
        browser.findElement(By.id("username")).sendKeys(USER);
        browser.findElement(By.id("password")).sendKeys(PASSWORD);
        screenshot("02-login");
        browser.findElement(By.id("login")).click();
        until(b -> b.getCurrentUrl().contains("/system/console/") && !b.getPageSource().contains("id='login'")
                && !b.getPageSource().contains("id=\"login\""));

        // While the demo runs its drivers: the drivers (it may stop and start one's bundle: wait for all four).
        browser.get(url("/system/console/freelock-drivers"));
        refreshUntil(b -> b.findElements(By.cssSelector("#drivers tbody tr")).size() == 4 ? true : null);
        screenshot("03-drivers");

        // The game: it opens when the table starts playing, and its version rises while it plays.
        browser.get(url("/system/console/freelock-games"));
        long first = refreshUntil(Duration.ofSeconds(60), b -> version(b) > 0 ? version(b) : null); // the table starts at 38 s
        long later = refreshUntil(b -> version(b) > first ? version(b) : null);
        assertTrue(later > first);
        assertEquals("bound", browser.findElement(By.cssSelector("#games tbody tr td.rules")).getText());
        screenshot("04-games");

        // The metrics, charted once a series has two points: the demo reports nothing until the table plays.
        browser.get(url("/system/console/freelock-metrics"));
        refreshUntil(b -> b.findElements(By.cssSelector("#metrics svg.sparkline polyline")).isEmpty() ? null : true);
        screenshot("05-metrics");

        // The demo's queues: the craps table's moves and its journal's feed.
        browser.get(url("/system/console/freelock-queues"));
        refreshUntil(b -> row(b, "craps") != null && row(b, "journal.demo-table-1") != null ? true : null);
        String before = driverOf("craps");
        String target = before.equals("vyukov") ? "michaelscott" : "vyukov"; // both take several producers
        swap("craps", target);
        WebElement result = browser.findElement(By.id("swap-result"));
        assertEquals(result.getText(), "done", result.getAttribute("class"));
        assertEquals(target, driverOf("craps"));
        assertNotEquals(before, driverOf("craps"));
        screenshot("06-queues-swapped");

        // A single-producer ring for a queue three players write to: refused, with the reason, and nothing changes.
        swap("craps", "spsc");
        result = browser.findElement(By.id("swap-result"));
        assertEquals("refused", result.getAttribute("class"));
        assertTrue(result.getText(), result.getText().startsWith("Refused: ") && result.getText().contains("spsc"));
        assertEquals(target, driverOf("craps"));
        screenshot("07-queues-refused");

    }

    private void swap(String queue, String driver) {
        new Select(browser.findElement(By.id("swap-queue"))).selectByVisibleText(queue);
        new Select(browser.findElement(By.id("swap-driver"))).selectByVisibleText(driver);
        browser.findElement(By.id("swap")).click();
        until(b -> !b.findElements(By.id("swap-result")).isEmpty());
    }

    private String driverOf(String queue) {
        return row(browser, queue).findElement(By.cssSelector("td.driver")).getText();
    }

    private static WebElement row(WebDriver browser, String queue) {
        List<WebElement> rows = browser.findElements(By.cssSelector("#queues tr[data-queue='" + queue + "']"));
        return rows.isEmpty() ? null : rows.get(0);
    }

    private static long version(WebDriver browser) {
        List<WebElement> cells = browser.findElements(By.cssSelector("#games tbody tr td.version"));
        return cells.isEmpty() ? -1 : Long.parseLong(cells.get(0).getText());
    }

    private void until(Function<WebDriver, Boolean> condition) {
        new WebDriverWait(browser, WAIT).until(condition::apply);
    }

    /** Reloads the page until {@code value} gives something, and returns it; fails after the wait. */
    private <T> T refreshUntil(Function<WebDriver, T> value) {
        return refreshUntil(WAIT, value);
    }

    private <T> T refreshUntil(Duration wait, Function<WebDriver, T> value) {
        return new WebDriverWait(browser, wait).until(b -> {
            T found = value.apply(b);
            if (found == null) {
                b.navigate().refresh();
            }
            return found;
        });
    }

    private void screenshot(String name) throws IOException {
        File shot = ((ChromeDriver) browser).getScreenshotAs(OutputType.FILE);
        Path folder = Path.of(System.getProperty("freelock.screenshots", "target/console-screenshots"));
        Files.createDirectories(folder);
        Files.copy(shot.toPath(), folder.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    private String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    /** Runs one of the project's scripts and reads its key=value lines. */
    private static Map<String, String> script(Map<String, String> env, String input, String... command) throws Exception {
        Map<String, String> values = new HashMap<>();
        for (String line : Scripts.run(env, input, command).split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                values.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return values;
    }
}
