package org.citywall.console.browser;

import org.citywall.console.TestResources;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.citywall.audit.AuditLog;
import org.citywall.audit.TreeHeadSigner;
import org.citywall.console.ConsoleServer;
import org.citywall.console.TestRules;
import org.citywall.console.users.Role;
import org.citywall.crypto.KeyRing;
import org.citywall.crypto.KeyType;
import org.citywall.embedded.elasticsearch.EmbeddedElasticsearch;
import org.citywall.event.Alert;
import org.citywall.event.IndexNames;
import org.citywall.event.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console in a real browser (Debian's chromium driven by chromium-driver through Selenium)
 * against a real console, a real Elasticsearch node and a real SM2-signed audit log.
 *
 * <p>The alert documents and their raw events are written to Elasticsearch directly, as the
 * detection job's sinks write them (the app module's BrowserTriageEndToEndTest drives the same screens on an alert
 * raised from real log lines through collector, bus and detection); the raw events carry the original
 * sshd lines. Everything after that goes through the browser: an analyst logs in, finds the
 * brute-force alert in the queue, sees a new alert arrive without reloading, opens the alert,
 * acknowledges it, closes it as resolved with a reason and sees the change in its history (read
 * from the audit trail); an auditor logs in and verifies that change's record — the inclusion
 * proof and the tree head's SM2 signature are checked in the page — and downloads a signed bundle
 * of the last day that the audit module's offline verifier accepts; a security administrator sees
 * an uploaded rule's problem on its line, uploads the fixed rule and switches a rule off and on. Screenshots of the queue, the
 * detail page, the dashboard and the audit record go to {@code target/screenshots}. The browser's
 * console must show no Content-Security-Policy violation.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@org.junit.jupiter.api.extension.ExtendWith(ConsoleBrowserTest.ScreenshotOnFailure.class)
class ConsoleBrowserTest {
    /** Keeps a screenshot of the page a failing test left, to see why. */
    static final class ScreenshotOnFailure implements org.junit.jupiter.api.extension.TestWatcher {
        @Override
        public void testFailed(org.junit.jupiter.api.extension.ExtensionContext c, Throwable cause) {
            if (browser != null) {
                screenshot("failed-" + c.getRequiredTestMethod().getName());
            }
        }
    }

    static final String DOMAIN = "taiyuan";
    static final String BRUTE_FORCE_RULE = "1f0c9a52-6b1e-4d47-9d1c-5f2a7e3b8c01";
    static final String ATTACKER = "203.0.113.7";
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    @TempDir
    static Path dir;
    static EmbeddedElasticsearch es;
    static AuditLog audit;
    static KeyRing ring;
    static ConsoleServer console;
    static WebDriver browser;
    static WebDriverWait wait;
    static String analystPassword;
    static String auditorPassword;
    static String bruteForceId;
    static long closeRecordSeq = -1;
    static final List<String> browserLog = new ArrayList<>();

    @BeforeAll
    static void start() throws IOException {
        es = EmbeddedElasticsearch.start(dir.resolve("es"));
        ring = KeyRing.inMemory();
        ring.create("audit-heads", KeyType.SM2_SIGNING);
        if (Files.isDirectory(Chromium.DOWNLOADS)) {
            try (var old = Files.list(Chromium.DOWNLOADS)) {
                for (Path f : old.toList()) {
                    Files.delete(f);
                }
            }
        }
        audit = AuditLog.open(AuditLog.Options.of(dir.resolve("audit"), TreeHeadSigner.of(ring, "audit-heads"))
                .withHeadEvery(1000, Duration.ofSeconds(1)));
        console = ConsoleServer.builder().dataDirectory(dir.resolve("data")).elasticsearch(es.url()).auditLog(audit).keyRing(ring)
                .rulesDirectory(dir.resolve("data").resolve("rules")).ruleValidator(TestRules.validator())
                .alertFeedInterval(Duration.ofMillis(500)).onFirstAdministrator((u, pw) -> { }).build().start();
        analystPassword = console.users().create("li.wei", List.of(Role.ANALYST), List.of(DOMAIN));
        auditorPassword = console.users().create("zhang.min", List.of(Role.AUDITOR), List.of("*"));
        writeAlerts();
        Files.createDirectories(SCREENSHOTS);
        Files.deleteIfExists(SCREENSHOTS.resolve("login.png"));
        browser = Chromium.start();
        wait = new WebDriverWait(browser, Duration.ofSeconds(30));
    }

    @AfterAll
    static void stop() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        TestResources.closeAll(console, audit, es);
    }

    @Test
    @Order(1)
    void an_analyst_finds_the_brute_force_alert_acknowledges_it_closes_it_as_resolved_and_sees_the_change_in_its_history() {
        logIn("li.wei", analystPassword);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-test=alerts] tbody tr[data-alert]")));

        WebElement search = browser.findElement(By.cssSelector("[data-test=search]"));
        search.clear();
        search.sendKeys("brute");
        browser.findElement(By.cssSelector("[data-test=apply]")).click();
        wait.until(d -> rows().size() == 1 && rows().get(0).getAttribute("data-alert").equals(bruteForceId));
        assertThat(rows().get(0).getText()).contains("SSH brute force").contains(ATTACKER);

        // a new alert appears without reloading: the queue listens to the live stream
        browser.findElement(By.cssSelector("[data-test=reset]")).click();
        wait.until(d -> rows().size() > 1);
        wait.until(ExpectedConditions.attributeContains(By.cssSelector("[data-test=live]"), "class", "on"));
        Alert fresh = alert("fresh-" + System.nanoTime(), "critical", "citywall-console-login-brute-force", "Console log-in brute force",
                Instant.now(), "198.51.100.23", 12, List.of());
        put("/" + IndexNames.ALERTS + "/_doc/" + fresh.id() + "?refresh=true", fresh.toJson());
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-alert='" + fresh.id() + "']")));
        screenshot("queue");

        browser.findElement(By.cssSelector("[data-alert='" + bruteForceId + "'] .alert-title")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[data-test=alert-title]"), "SSH brute force"));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-test=events] td.original")));
        assertThat(browser.findElement(By.cssSelector("[data-test=events]")).getText())
                .contains("Failed password for root from " + ATTACKER);
        assertThat(browser.findElement(By.cssSelector("[data-test=matched]")).getText()).contains("user.name").contains("root");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-test=rule] .attack-link")));
        assertThat(browser.findElement(By.cssSelector("[data-test=rule]")).getText()).contains("T1110.001");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-test=related] tr")));
        tallScreenshot("alert-detail");

        browser.findElement(By.cssSelector("[data-action=acknowledge]")).click();
        wait.until(ExpectedConditions.attributeContains(By.cssSelector(".alert-head [data-test=status]"), "class", "status-acknowledged"));

        browser.findElement(By.cssSelector("[data-action=close]")).click();
        WebElement dialog = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-test=close-dialog]")));
        new Select(dialog.findElement(By.name("resolution"))).selectByValue("resolved");
        dialog.findElement(By.name("reason")).sendKeys("Source blocked at the border firewall; no successful log-in");
        dialog.findElement(By.cssSelector("[data-test=close-confirm]")).click();
        wait.until(ExpectedConditions.attributeContains(By.cssSelector(".alert-head [data-test=status]"), "class", "status-closed"));

        WebElement closeRow = wait.until(d -> d.findElements(By.cssSelector("[data-test=history] tr[data-seq]")).stream()
                .filter(r -> r.getText().contains("Source blocked at the border firewall")).findFirst().orElse(null));
        assertThat(closeRow.getText()).contains("li.wei").contains("alert.triage").contains("Closed").contains("Resolved");
        assertThat(browser.findElement(By.cssSelector("[data-test=history]")).getText()).contains("Open → Acknowledged");
        closeRecordSeq = Long.parseLong(closeRow.getAttribute("data-seq"));
        screenshot("alert-closed");

        browser.get(console.url() + "/#/dashboard");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-test=chart-over-time] canvas")));
        assertThat(browser.findElement(By.cssSelector("[data-test=kpi-total]")).getText()).isNotEqualTo("0");
        tallScreenshot("dashboard");
        logOut();
    }

    @Test
    @Order(2)
    void an_auditor_finds_that_change_on_the_trail_and_verifies_its_record_in_the_page() {
        assertThat(closeRecordSeq).as("the analyst's change was recorded").isGreaterThanOrEqualTo(0);
        logIn("zhang.min", auditorPassword);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-test=head-signature].ok")));

        WebElement form = browser.findElement(By.cssSelector("[data-test=audit-search]"));
        form.findElement(By.name("object")).sendKeys("alert:" + bruteForceId);
        form.findElement(By.name("action")).sendKeys("alert.triage");
        form.findElement(By.cssSelector("[data-test=audit-search-submit]")).click();
        // the acknowledgement and the closing, nothing else
        wait.until(d -> d.findElements(By.cssSelector("[data-test=audit-records] tr[data-seq]")).size() == 2);
        assertThat(browser.findElements(By.cssSelector("[data-test=audit-records] tr[data-seq='" + closeRecordSeq + "']"))).hasSize(1);
        screenshot("audit-search");

        browser.findElement(By.cssSelector("[data-test=audit-records] tr[data-seq='" + closeRecordSeq + "']")).click();
        WebElement inclusion = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-test=inclusion-verdict]")));
        assertThat(inclusion.getAttribute("data-ok")).isEqualTo("true");
        assertThat(browser.findElement(By.cssSelector("[data-test=signature-verdict]")).getAttribute("data-ok")).isEqualTo("true");
        assertThat(browser.findElement(By.cssSelector("[data-test=computed-root]")).getText())
                .isEqualTo(browser.findElement(By.cssSelector("[data-test=signed-root]")).getText());
        String canonical = (String) ((JavascriptExecutor) browser)
                .executeScript("return document.querySelector('[data-test=canonical]').textContent");
        assertThat(canonical).contains("\"action\":\"alert.triage\"").contains("Source blocked at the border firewall")
                .contains("\"subject\":\"li.wei\"");
        screenshot("audit-record");

        // and exports the last day as a signed bundle, which the offline verifier accepts
        browser.findElement(By.cssSelector(".crumbs a")).click();
        WebElement export = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-test=export]")));
        export.findElement(By.cssSelector("button")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[data-test=export-info]"), ".bundle"));
        Path bundle = wait.until(d -> {
            try (var files = Files.list(Chromium.DOWNLOADS)) {
                return files.filter(f -> f.getFileName().toString().endsWith(".bundle")).findFirst().orElse(null);
            } catch (IOException e) {
                return null;
            }
        });
        try {
            var report = org.citywall.audit.AuditVerifier.verify(bundle, org.citywall.audit.TrustedKeys.of(ring, "audit-heads"));
            assertThat(report.intact()).as(report.render()).isTrue();
            assertThat(report.records()).isGreaterThan(closeRecordSeq);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        logOut();
    }

    @Test
    @Order(3)
    void the_console_speaks_simplified_chinese_when_switched() {
        logIn("li.wei", analystPassword);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-test=alerts] tbody tr[data-alert]")));
        new Select(browser.findElement(By.cssSelector(".topbar [data-test=locale]"))).selectByValue("zh-CN");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[data-nav=alerts]"), "告警队列"));
        assertThat(browser.findElement(By.cssSelector("[data-tab=closed]")).getText()).contains("已关闭");
        screenshot("queue-zh");
        browser.get(console.url() + "/#/dashboard");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-test=chart-over-time] canvas")));
        screenshot("dashboard-zh");
        new Select(browser.findElement(By.cssSelector(".topbar [data-test=locale]"))).selectByValue("en");
        logOut();
    }

    @Test
    @Order(4)
    void a_security_administrator_sees_an_uploaded_rules_problems_on_their_lines_then_uploads_a_valid_rule() {
        String pw = console.users().create("wang.qiang", List.of(Role.SECADMIN), List.of("*"));
        logIn("wang.qiang", pw);
        browser.get(console.url() + "/#/admin/rules");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-rule='" + BRUTE_FORCE_RULE + "']")));
        WebElement form = browser.findElement(By.cssSelector("[data-test=rule-upload]"));
        form.findElement(By.name("file_name")).sendKeys("telnet.yml");
        String broken = "title: Telnet log-in\nid: 4d2b9e0a-1111-4c3d-8e9f-00000000000a\ntaxonomy: ecs\nlogsource:\n    product: linux\n"
                + "    service: sshd\ndetection:\n    selection:\n        event.action|sometimes: telnet_login\n"
                + "    condition: selection\nlevel: medium\n";
        setTextarea(form.findElement(By.name("yaml")), broken);
        form.findElement(By.cssSelector("[data-test=rule-submit]")).click();
        WebElement problem = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-test=rule-problems] .has-problem")));
        assertThat(Integer.parseInt(problem.getAttribute("data-line"))).isBetween(8, 9);
        assertThat(browser.findElement(By.cssSelector("[data-test=rule-problems]")).getText()).contains("sometimes");
        assertThat(dir.resolve("data").resolve("rules").resolve("telnet.yml")).doesNotExist();
        tallScreenshot("rules-problems");

        setTextarea(form.findElement(By.name("yaml")), broken.replace("|sometimes", ""));
        form.findElement(By.cssSelector("[data-test=rule-submit]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[data-test=rule-result]"), "telnet.yml"));
        assertThat(dir.resolve("data").resolve("rules").resolve("telnet.yml")).exists();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-rule='4d2b9e0a-1111-4c3d-8e9f-00000000000a']")));

        // SSH brute force shares the rules it counts with password spraying: not switched off alone
        browser.findElement(By.cssSelector("[data-toggle='" + BRUTE_FORCE_RULE + "']")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-test=rules-error]")));
        assertThat(browser.findElement(By.cssSelector("[data-test=rules-error]")).getText()).contains("3c1d7e90-8f52-4b8a-b6f1-0d2e4a6c8b21");
        assertThat(browser.findElement(By.cssSelector("[data-toggle='" + BRUTE_FORCE_RULE + "']")).getAttribute("class")).contains("on");
        assertThat(dir.resolve("data").resolve("rules").resolve("citywall-console-disabled.yml")).doesNotExist();

        String telnet = "4d2b9e0a-1111-4c3d-8e9f-00000000000a";
        browser.findElement(By.cssSelector("[data-toggle='" + telnet + "']")).click();
        wait.until(ExpectedConditions.not(ExpectedConditions.attributeContains(
                By.cssSelector("[data-toggle='" + telnet + "']"), "class", "on")));
        assertThat(console.routes()).isNotEmpty();
        assertThat(dir.resolve("data").resolve("rules").resolve("citywall-console-disabled.yml")).exists();
        browser.findElement(By.cssSelector("[data-toggle='" + telnet + "']")).click();
        wait.until(ExpectedConditions.attributeContains(By.cssSelector("[data-toggle='" + telnet + "']"), "class", "on"));

        browser.get(console.url() + "/#/admin/keys");
        WebElement keyForm = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-test=key-form]")));
        keyForm.findElement(By.name("name")).sendKeys("invoice-signing");
        new Select(keyForm.findElement(By.name("type"))).selectByValue("sm2-signing");
        keyForm.findElement(By.cssSelector("button")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-rotate=invoice-signing]"))).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[data-key=invoice-signing]"), "v2"));
        assertThat(ring.currentVersion("invoice-signing")).isEqualTo(2);
        screenshot("keys");
        logOut();
    }

    @Test
    @Order(5)
    void a_system_administrator_cannot_make_an_auditor_an_administrator_too() {
        String pw = console.users().create("chen.jie", List.of(Role.SYSADMIN), List.of("*"));
        logIn("chen.jie", pw);
        browser.get(console.url() + "/#/admin/users");
        WebElement form = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-test=user-form]")));
        form.findElement(By.name("username")).sendKeys("zhao.lei");
        form.findElement(By.cssSelector("input[value=auditor]")).click();
        form.findElement(By.cssSelector("input[value=secadmin]")).click();
        form.findElement(By.name("domains")).sendKeys("*");
        form.findElement(By.cssSelector("button")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[data-test=user-error]"), "Three-role separation"));
        assertThat(console.users().find("zhao.lei")).isEmpty();
        form.findElement(By.cssSelector("input[value=secadmin]")).click();
        form.findElement(By.cssSelector("input[value=analyst]")).click();
        form.findElement(By.cssSelector("button")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-test=created-password] code")));
        assertThat(console.users().find("zhao.lei").orElseThrow().roleNames()).containsExactly("auditor");
        String given = browser.findElement(By.cssSelector("[data-test=created-password] code")).getText();
        // once it exists the auditor's account is beyond the administrator: no reset here, only on the host
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-test='on-host-zhao.lei']")));
        assertThat(browser.findElements(By.cssSelector("[data-test='reset-zhao.lei']"))).isEmpty();
        screenshot("users");
        logOut();

        // and the auditor replaces the password they were given in the account page
        logIn("zhao.lei", given);
        // a password the administrator has seen opens only the page to replace it
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-test=password-change-required]")));
        browser.get(console.url() + "/#/audit");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-test=password-change-required]")));
        WebElement change = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-test=password-form]")));
        change.findElement(By.name("current_password")).sendKeys(given);
        change.findElement(By.name("new_password")).sendKeys("short");
        change.findElement(By.name("confirm_password")).sendKeys("short");
        change.findElement(By.cssSelector("[data-test=password-submit]")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-test=password-violations] li")));
        String chosen = "Lantern-harbour-47-quietly";
        for (String field : List.of("new_password", "confirm_password")) {
            change.findElement(By.name(field)).clear();
            change.findElement(By.name(field)).sendKeys(chosen);
        }
        change.findElement(By.name("current_password")).clear();
        change.findElement(By.name("current_password")).sendKeys(given);
        change.findElement(By.cssSelector("[data-test=password-submit]")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-test=password-changed]")));
        screenshot("account");
        logOut();
        logIn("zhao.lei", chosen);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-test=head-signature]"))); // the auditor's home
        assertThat(browser.findElements(By.cssSelector("[data-test=password-change-required]"))).isEmpty();
        assertThat(browser.findElement(By.cssSelector("[data-test=user]")).getText()).isEqualTo("zhao.lei");
        logOut();
    }

    @Test
    @Order(6)
    void no_page_broke_the_content_security_policy() {
        collectBrowserLog();
        assertThat(browserLog).noneMatch(l -> l.contains("Content Security Policy") || l.contains("Refused to"));
    }

    // ------------------------------------------------------------------ helpers

    static List<WebElement> rows() {
        return browser.findElements(By.cssSelector("[data-test=alerts] tbody tr[data-alert]"));
    }

    static void logIn(String user, String password) {
        WebElement form = ConsolePages.openLogIn(browser, wait, console.url());
        if (!Files.exists(SCREENSHOTS.resolve("login.png"))) {
            assertThat(browser.findElements(By.cssSelector(".login-form .notice"))).as("no 'session ended' on a first visit").isEmpty();
            screenshot("login");
        }
        ConsolePages.submitLogIn(wait, form, user, password);
    }

    static void logOut() {
        collectBrowserLog();
        ConsolePages.logOut(browser, wait);
    }

    static void collectBrowserLog() {
        for (LogEntry e : browser.manage().logs().get(LogType.BROWSER)) {
            browserLog.add(e.getLevel() + " " + e.getMessage());
        }
    }

    /** A screenshot of the whole page: the window is made as tall as the page first. */
    static void tallScreenshot(String name) {
        org.openqa.selenium.Dimension before = browser.manage().window().getSize();
        long height = (Long) ((JavascriptExecutor) browser).executeScript("return document.documentElement.scrollHeight");
        browser.manage().window().setSize(new org.openqa.selenium.Dimension(before.getWidth(), (int) Math.min(4000, height + 140)));
        screenshot(name);
        browser.manage().window().setSize(before);
    }

    /** Sets a textarea's value the way typing would (Vue listens to input events). */
    static void setTextarea(WebElement area, String text) {
        ((JavascriptExecutor) browser).executeScript(
                "arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input', {bubbles: true}));", area, text);
    }

    static void screenshot(String name) {
        ConsolePages.screenshot(browser, SCREENSHOTS, name);
    }

    /** The brute-force alert with its five raw sshd events, other alerts for the dashboard and the related list. */
    static void writeAlerts() {
        Instant start = Instant.now().minus(47, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
        List<String> eventIds = new ArrayList<>();
        String[] users = {"root", "admin", "root", "oracle", "root"};
        for (int i = 0; i < 5; i++) {
            Instant at = start.plusSeconds(i * 7L);
            String id = "ev-taiyuan-0-" + (1000 + i);
            eventIds.add(id);
            String line = "<38>" + java.time.format.DateTimeFormatter.ofPattern("MMM d HH:mm:ss", java.util.Locale.ROOT)
                    .withZone(java.time.ZoneOffset.UTC).format(at) + " web-01 sshd[4121]: Failed password for " + users[i] + " from "
                    + ATTACKER + " port " + (52144 + i) + " ssh2";
            Map<String, Object> event = Map.of("@timestamp", at.toString(),
                    "event", Map.of("id", id, "original", line, "action", "ssh_login", "outcome", "failure", "dataset", "linux.auth"),
                    "source", Map.of("ip", ATTACKER, "port", 52144 + i), "user", Map.of("name", users[i]),
                    "host", Map.of("name", "web-01"), "citywall", Map.of("domain", DOMAIN, "input", "syslog-tcp"),
                    "system", Map.of("auth", Map.of("ssh", Map.of("method", "password"))));
            put("/" + IndexNames.events(DOMAIN, at) + "/_doc/" + id + "?refresh=true", Json.write(event));
        }
        Alert brute = new Alert(Alert.idFor(BRUTE_FORCE_RULE, DOMAIN, Map.of("source.ip", ATTACKER), start.toEpochMilli()),
                start.toString(), BRUTE_FORCE_RULE, "SSH brute force from one source", "high", List.of("credential-access"),
                List.of("T1110.001"), DOMAIN, start.toString(), start.plusSeconds(28).toString(), 5, Map.of("source.ip", ATTACKER),
                Map.of("user.name", List.of("root", "admin", "oracle"), "host.name", List.of("web-01")), eventIds,
                "5 failed SSH passwords from " + ATTACKER + " within 60s", "open", null, null, null);
        bruteForceId = brute.id();
        put("/" + IndexNames.ALERTS + "/_doc/" + brute.id() + "?refresh=true", brute.toJson());
        Object[][] others = {
            {"spray-1", "high", "8c1d4b7e-2f3a-4e5b-9c6d-7e8f9a0b1c2d", "SSH password spraying", 180, ATTACKER, 31},
            {"sudo-1", "medium", "sudo-not-in-sudoers", "sudo by a user not in sudoers", 320, "10.20.3.14", 1},
            {"sqli-1", "high", "web-sql-injection", "SQL injection attempt in a request", 75, "198.51.100.77", 4},
            {"sqli-2", "high", "web-sql-injection", "SQL injection attempt in a request", 610, "198.51.100.77", 2},
            {"trav-1", "medium", "web-path-traversal", "Path traversal in a request", 400, "192.0.2.91", 3},
            {"scan-1", "low", "web-scanner-user-agent", "Web scanner user agent", 900, "192.0.2.44", 40},
            {"scan-2", "low", "web-scanner-user-agent", "Web scanner user agent", 1200, "192.0.2.45", 22},
            {"root-1", "critical", "aws-root-console-login", "Cloud root account console sign-in", 50, "203.0.113.200", 1},
            {"info-1", "informational", "crypto-signature-spike", "Signature volume above baseline", 300, "10.1.0.8", 900}};
        for (Object[] o : others) {
            Alert a = alert((String) o[0], (String) o[1], (String) o[2], (String) o[3], Instant.now().minus((Integer) o[4], ChronoUnit.MINUTES),
                    (String) o[5], (Integer) o[6], List.of());
            put("/" + IndexNames.ALERTS + "/_doc/" + a.id() + "?refresh=true", a.toJson());
        }
        Alert elsewhere = alert("datong-1", "high", BRUTE_FORCE_RULE, "SSH brute force from one source", Instant.now().minusSeconds(600),
                ATTACKER, 9, List.of());
        put("/" + IndexNames.ALERTS + "/_doc/" + elsewhere.id() + "?refresh=true", Json.write(withDomain(elsewhere, "datong")));
    }

    static Map<String, Object> withDomain(Alert a, String domain) {
        Map<String, Object> m = new java.util.LinkedHashMap<>(Json.readObject(a.toJson()));
        m.put("domain", domain);
        return m;
    }

    static Alert alert(String id, String level, String rule, String title, Instant at, String source, int count, List<String> events) {
        return new Alert(id, at.toString(), rule, title, level, List.of("credential-access"), List.of("T1110"), DOMAIN, at.toString(),
                at.plusSeconds(30).toString(), count, Map.of("source.ip", source), Map.of("source.ip", source), events,
                count + " matching events from " + source, "open", null, null, null);
    }

    static void put(String path, String json) {
        try {
            var http = java.net.http.HttpClient.newHttpClient();
            var r = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(es.url() + path))
                    .header("Content-Type", "application/json").PUT(java.net.http.HttpRequest.BodyPublishers.ofString(json)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() >= 300) {
                throw new IllegalStateException("Elasticsearch refused " + path + ": " + r.body());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
