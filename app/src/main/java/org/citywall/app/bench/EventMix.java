package org.citywall.app.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.citywall.event.Json;
import org.citywall.event.RawEvent;

/**
 * A realistic mix of the logs a government cloud sends, as raw events: sshd and sudo, nginx
 * access logs (a few attacks among them), firewall drops, auditd, CloudTrail records from the
 * shared corpus, and everyday syslog. Deterministic for a seed.
 */
final class EventMix {
    private static final DateTimeFormatter NGINX = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final String[] USERS = {"root", "admin", "oracle", "deploy", "zhangwei", "liuyang", "wangfang", "ubuntu"};
    private static final String[] PATHS = {"/", "/index.html", "/api/v1/licences", "/static/app.js", "/login", "/gov/notice/2026/11"};
    private static final String[] ATTACKS = {"/item?id=1%27%20OR%20%271%27=%271", "/../../etc/passwd", "/cgi-bin/.%2e/.%2e/bin/sh",
        "/search?q=%3Cscript%3Ealert(1)%3C/script%3E", "/index.php?page=php://filter/resource=index"};
    private static final String[] AGENTS = {"Mozilla/5.0 (Windows NT 10.0; Win64; x64)", "curl/8.5.0", "okhttp/4.12.0"};
    private static final String[] SCANNERS = {"sqlmap/1.7.2#stable", "Nikto/2.5.0", "Mozilla/5.0 zgrab/0.x"};

    private final SplittableRandom random;
    private final List<String> cloudTrail;

    EventMix(long seed, Path sharedData) throws IOException {
        this.random = new SplittableRandom(seed);
        this.cloudTrail = loadCloudTrail(sharedData);
    }

    private static List<String> loadCloudTrail(Path shared) throws IOException {
        Path corpus = shared == null ? null : shared.resolve("cloudtrail/aws_cloudtrail_rules_tests.jsonl");
        List<String> out = new ArrayList<>();
        if (corpus != null && Files.exists(corpus)) {
            for (String line : Files.readAllLines(corpus)) {
                Map<String, Object> test = Json.readObject(line);
                Object log = test.get("log");
                // everyday traffic: the corpus's benign records (its malicious ones would make every tenth event an attack)
                if (Boolean.FALSE.equals(test.get("expected_result")) && log instanceof Map<?, ?> m && m.containsKey("eventName")) {
                    out.add(Json.write(m));
                }
            }
        }
        return out;
    }

    /** One raw event, with the given event time written into the line. */
    RawEvent next(long eventTimeMillis, String domain) {
        Instant t = Instant.ofEpochMilli(eventTimeMillis);
        int pick = random.nextInt(100);
        String line;
        if (pick < 30) {
            line = sshd(t);
        } else if (pick < 55) {
            line = access(t);
        } else if (pick < 63) {
            line = sudo(t);
        } else if (pick < 73 && !cloudTrail.isEmpty()) {
            line = cloudTrail.get(random.nextInt(cloudTrail.size()));
        } else if (pick < 83) {
            line = firewall(t);
        } else if (pick < 93) {
            line = auditd(t);
        } else {
            line = syslog(t, "app" + random.nextInt(20), "CRON", random.nextInt(9000) + 100,
                    "(root) CMD (/usr/local/bin/backup --incremental)");
        }
        return new RawEvent(line.getBytes(StandardCharsets.UTF_8), System.currentTimeMillis(),
                "10.1." + random.nextInt(4) + "." + random.nextInt(250) + ":514", "syslog-tcp", domain);
    }

    /** The failed SSH logins of one brute force from {@code attacker}, one event per entry of {@code times}. */
    static RawEvent failedPassword(long eventTimeMillis, String attacker, String user, String domain) {
        String line = syslog(Instant.ofEpochMilli(eventTimeMillis), "bastion-01", "sshd", 2211,
                "Failed password for " + user + " from " + attacker + " port 50022 ssh2");
        return new RawEvent(line.getBytes(StandardCharsets.UTF_8), System.currentTimeMillis(), "10.9.9.9:514",
                "syslog-tcp", domain);
    }

    private String sshd(Instant t) {
        String user = USERS[random.nextInt(USERS.length)];
        String ip = ip();
        int k = random.nextInt(10);
        String msg = k < 5 ? "Accepted publickey for " + user + " from " + ip + " port " + port() + " ssh2: ED25519 SHA256:Zk9x"
                : k < 8 ? "Failed password for " + user + " from " + ip + " port " + port() + " ssh2"
                : k < 9 ? "Invalid user " + user + random.nextInt(100) + " from " + ip + " port " + port()
                : "pam_unix(sshd:session): session opened for user " + user + "(uid=1000) by (uid=0)";
        return syslog(t, "web-" + random.nextInt(40), "sshd", 1000 + random.nextInt(60000), msg);
    }

    private String access(Instant t) {
        boolean attack = random.nextInt(100) == 0;
        String path = attack ? ATTACKS[random.nextInt(ATTACKS.length)] : PATHS[random.nextInt(PATHS.length)];
        String agent = attack && random.nextBoolean() ? SCANNERS[random.nextInt(SCANNERS.length)] : AGENTS[random.nextInt(AGENTS.length)];
        String msg = ip() + " - - [" + NGINX.format(t) + "] \"GET " + path + " HTTP/1.1\" " + (attack ? 404 : 200) + " "
                + random.nextInt(20000) + " \"-\" \"" + agent + "\"";
        return syslog(t, "gw-" + random.nextInt(8), "nginx", 900 + random.nextInt(50), msg);
    }

    private String sudo(Instant t) {
        String user = USERS[random.nextInt(USERS.length)];
        return syslog(t, "app" + random.nextInt(20), "sudo", 0, user + " : TTY=pts/" + random.nextInt(5)
                + " ; PWD=/home/" + user + " ; USER=root ; COMMAND=/usr/bin/systemctl restart nginx");
    }

    private String firewall(Instant t) {
        return syslog(t, "fw-0" + random.nextInt(4), "kernel", 0, "IPTABLES-DROP: IN=eth0 OUT= SRC=" + ip() + " DST=10.0."
                + random.nextInt(255) + "." + random.nextInt(255) + " LEN=60 TTL=50 PROTO=TCP SPT=" + port() + " DPT="
                + (random.nextBoolean() ? 22 : 3389) + " WINDOW=1024 SYN URGP=0");
    }

    private String auditd(Instant t) {
        double secs = t.toEpochMilli() / 1000.0;
        return String.format(Locale.ROOT, "type=EXECVE msg=audit(%.3f:%d): argc=3 a0=\"/bin/bash\" a1=\"-c\" a2=\"id\"",
                secs, random.nextInt(1_000_000));
    }

    private static String syslog(Instant t, String host, String app, int pid, String msg) {
        return "<38>1 " + t + " " + host + " " + app + " " + (pid == 0 ? "-" : Integer.toString(pid)) + " - - " + msg;
    }

    private String ip() {
        int k = random.nextInt(3);
        return k == 0 ? "203.0.113." + random.nextInt(250)
                : k == 1 ? "198.51.100." + random.nextInt(250)
                : "10.20." + random.nextInt(250) + "." + random.nextInt(250);
    }

    private int port() {
        return 1024 + random.nextInt(60000);
    }
}
