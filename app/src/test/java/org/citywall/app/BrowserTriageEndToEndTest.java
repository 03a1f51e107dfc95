package org.citywall.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.citywall.app.embedded.EmbeddedPlatform;
import org.citywall.app.embedded.Endpoints;
import org.citywall.app.embedded.PlatformSettings;
import org.citywall.console.browser.Chromium;
import org.citywall.console.browser.ConsolePages;
import org.citywall.event.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The analyst's and the auditor's day on the whole embedded platform, in a real browser: failed
 * sshd log-ins sent by util-linux {@code logger} over syslog TCP pass the collector, Kafka and the
 * Flink job, which raises the brute-force alert into Elasticsearch; the demo analyst finds it in
 * the console's queue, sees the original log lines, acknowledges it, closes it as resolved with a
 * reason and sees the change in its history; the demo auditor finds that change on the access
 * trail and verifies its record's inclusion proof and the tree head's SM2 signature in the page.
 * Screenshots go to {@code target/screenshots/e2e-*.png}.
 */
@org.junit.jupiter.api.extension.ExtendWith(BrowserTriageEndToEndTest.ScreenshotOnFailure.class)
class BrowserTriageEndToEndTest {
    /** Keeps a screenshot of the page a failing test left, to see why. */
    static final class ScreenshotOnFailure implements org.junit.jupiter.api.extension.TestWatcher {
        @Override
        public void testFailed(org.junit.jupiter.api.extension.ExtensionContext c, Throwable cause) {
            if (browser != null) {
                screenshot("e2e-failed");
            }
        }
    }

    static final String ATTACKER = "203.0.113.99";
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    @TempDir
    static Path dataDir;
    static EmbeddedPlatform platform;
    static Endpoints endpoints;
    static WebDriver browser;
    static WebDriverWait wait;

    @BeforeAll
    static void start() throws IOException {
        platform = EmbeddedPlatform.start(new PlatformSettings(dataDir, true, "taiyuan", List.of()));
        endpoints = platform.endpoints();
        Files.createDirectories(SCREENSHOTS);
        browser = Chromium.start();
        // generous: on a busy two-core machine the job's first window may take a while to close
        wait = new WebDriverWait(browser, Duration.ofSeconds(90));
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void an_analyst_triages_the_alert_raised_by_real_sshd_lines_and_the_auditor_verifies_the_change() throws Exception {
        String[] users = {"root", "admin", "root", "oracle", "root"};
        for (int i = 0; i < users.length; i++) {
            logger("Failed password for " + users[i] + " from " + ATTACKER + " port " + (47100 + i) + " ssh2");
        }

        logIn("analyst", demoPassword("analyst"));
        WebElement search = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-test=search]")));
        search.sendKeys(ATTACKER);
        // the queue shows the alert once the job has raised it: apply the search until it does
        WebElement row = wait.until(d -> {
            d.findElement(By.cssSelector("[data-test=apply]")).click();
            List<WebElement> rows = d.findElements(By.cssSelector("[data-test=alerts] tbody tr[data-alert]"));
            return rows.size() == 1 && rows.get(0).getText().contains("SSH brute force") ? rows.get(0) : null;
        });
        String alertId = row.getAttribute("data-alert");
        screenshot("e2e-queue");

        row.findElement(By.cssSelector(".alert-title")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[data-test=alert-title]"), "SSH brute force"));
        // the raw events are the lines logger sent, as the collector received them
        wait.until(d -> d.findElements(By.cssSelector("[data-test=events] td.original")).size() == users.length);
        String events = browser.findElement(By.cssSelector("[data-test=events]")).getText();
        for (int i = 0; i < users.length; i++) {
            assertThat(events).contains("Failed password for " + users[i] + " from " + ATTACKER + " port " + (47100 + i));
        }
        assertThat(browser.findElement(By.cssSelector("[data-test=matched]")).getText()).contains("user.name").contains("oracle");
        screenshot("e2e-alert-detail");

        browser.findElement(By.cssSelector("[data-action=acknowledge]")).click();
        wait.until(ExpectedConditions.attributeContains(By.cssSelector(".alert-head [data-test=status]"), "class", "status-acknowledged"));
        browser.findElement(By.cssSelector("[data-action=close]")).click();
        WebElement dialog = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-test=close-dialog]")));
        new Select(dialog.findElement(By.name("resolution"))).selectByValue("resolved");
        String reason = "Source " + ATTACKER + " blocked at the border; no successful log-in";
        dialog.findElement(By.name("reason")).sendKeys(reason);
        dialog.findElement(By.cssSelector("[data-test=close-confirm]")).click();
        wait.until(ExpectedConditions.attributeContains(By.cssSelector(".alert-head [data-test=status]"), "class", "status-closed"));
        WebElement closeRow = wait.until(d -> d.findElements(By.cssSelector("[data-test=history] tr[data-seq]")).stream()
                .filter(r -> r.getText().contains(reason)).findFirst().orElse(null));
        assertThat(closeRow.getText()).contains("analyst").contains("Closed").contains("Resolved");
        assertThat(browser.findElement(By.cssSelector("[data-test=history]")).getText()).contains("Open → Acknowledged");
        String closeSeq = closeRow.getAttribute("data-seq");
        screenshot("e2e-alert-closed");
        logOut();

        logIn("auditor", demoPassword("auditor"));
        WebElement form = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-test=audit-search]")));
        form.findElement(By.name("object")).sendKeys("alert:" + alertId);
        form.findElement(By.name("action")).sendKeys("alert.triage");
        form.findElement(By.cssSelector("[data-test=audit-search-submit]")).click();
        wait.until(d -> d.findElements(By.cssSelector("[data-test=audit-records] tr[data-seq]")).size() == 2);
        browser.findElement(By.cssSelector("[data-test=audit-records] tr[data-seq='" + closeSeq + "']")).click();
        // the record is proven once a signed tree head covers it (the page retries until then)
        WebElement inclusion = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-test=inclusion-verdict]")));
        assertThat(inclusion.getAttribute("data-ok")).isEqualTo("true");
        assertThat(browser.findElement(By.cssSelector("[data-test=signature-verdict]")).getAttribute("data-ok")).isEqualTo("true");
        String canonical = (String) ((JavascriptExecutor) browser)
                .executeScript("return document.querySelector('[data-test=canonical]').textContent");
        assertThat(canonical).contains("\"subject\":\"analyst\"").contains("\"action\":\"alert.triage\"").contains(reason);
        screenshot("e2e-audit-record");
        logOut();
    }

    private static void logIn(String user, String password) {
        ConsolePages.logIn(browser, wait, endpoints.console(), user, password);
    }

    private static void logOut() {
        ConsolePages.logOut(browser, wait);
    }

    private static void screenshot(String name) {
        ConsolePages.screenshot(browser, SCREENSHOTS, name);
    }

    private static void logger(String message) throws Exception {
        String target = endpoints.syslogTcp();
        Process p = new ProcessBuilder("logger", "-T", "--rfc3164", "-n", target.substring(0, target.lastIndexOf(':')),
                "-P", target.substring(target.lastIndexOf(':') + 1), "-t", "sshd", "-i", "-p", "auth.info", message)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("logger: " + out).isZero();
    }

    @SuppressWarnings("unchecked")
    private static String demoPassword(String user) throws IOException {
        Map<String, Object> file = Json.readObject(Files.readString(dataDir.resolve("demo-users.json")));
        return (String) ((Map<String, Object>) ((Map<String, Object>) file.get("users")).get(user)).get("password");
    }
}
