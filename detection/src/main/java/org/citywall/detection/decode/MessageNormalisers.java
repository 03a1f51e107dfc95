package org.citywall.detection.decode;

import java.util.HashMap;
import java.util.Map;
import org.citywall.event.Event;

/**
 * Reads what a syslog message says, choosing the normaliser by the network device's message code
 * first (Cisco ASA, Huawei, H3C; only when the header had one), by program name next (one hash
 * lookup) and by the message's shape otherwise: CEF, JSON, audit records, PAM, netfilter, access
 * log, key=value connection records. A message nothing recognises stays plain {@code system.syslog}
 * (or {@code system.auth} when it came from the auth facilities).
 */
final class MessageNormalisers {

    private enum Program { SSHD, SUDO, SU, ACCOUNTS, KERNEL, NGINX, APACHE, AUDIT }

    private static final Map<String, Program> PROGRAMS = new HashMap<>();

    static {
        for (String p : new String[] {"sshd", "sshd-session", "sshd-auth"}) {
            PROGRAMS.put(p, Program.SSHD);
        }
        PROGRAMS.put("sudo", Program.SUDO);
        PROGRAMS.put("su", Program.SU);
        PROGRAMS.put("su-l", Program.SU);
        for (String p : new String[] {"useradd", "userdel", "usermod", "groupadd", "groupdel", "groupmod", "passwd",
            "chpasswd", "chage", "gpasswd", "newusers", "adduser", "deluser"}) {
            PROGRAMS.put(p, Program.ACCOUNTS);
        }
        PROGRAMS.put("kernel", Program.KERNEL);
        PROGRAMS.put("nginx", Program.NGINX);
        for (String p : new String[] {"apache", "apache2", "httpd"}) {
            PROGRAMS.put(p, Program.APACHE);
        }
        for (String p : new String[] {"audit", "auditd", "audispd", "audisp-syslog", "audisp"}) {
            PROGRAMS.put(p, Program.AUDIT);
        }
    }

    private static final int FACILITY_AUTH = 4;
    private static final int FACILITY_AUTHPRIV = 10;

    private final AuditdParser auditd;
    private final CefParser cef;
    private final JsonDecoder json;

    MessageNormalisers(AuditdParser auditd, CefParser cef, JsonDecoder json) {
        this.auditd = auditd;
        this.cef = cef;
        this.json = json;
    }

    void normalise(SyslogMessage m, DecodeContext ctx) {
        String msg = m.message;
        if (msg == null) {
            return;
        }
        Event e = ctx.event;
        msg = unwrapRepeated(msg, e);
        if (m.vendorCode != null && byVendorCode(m.vendorCode, msg, ctx)) {
            return;
        }
        Program program = m.appname == null ? null : PROGRAMS.get(m.appname);
        if (program != null && byProgram(program, msg, ctx)) {
            return;
        }
        if (byShape(msg, m.appname, ctx)) {
            return;
        }
        int facility = m.priority >= 0 ? m.priority >> 3 : -1;
        if (facility == FACILITY_AUTH || facility == FACILITY_AUTHPRIV) {
            EcsFields.auth(e, null, null);
        }
    }

    private static boolean byVendorCode(String code, String msg, DecodeContext ctx) {
        if (CiscoAsaNormaliser.isAsa(code)) {
            return CiscoAsaNormaliser.normalise(code, msg, ctx.event);
        }
        return HuaweiH3cNormaliser.normalise(code, msg, ctx);
    }

    private boolean byProgram(Program program, String msg, DecodeContext ctx) {
        Event e = ctx.event;
        switch (program) {
            case SSHD -> {
                if (!(PamNormaliser.looksLikePam(msg) && PamNormaliser.normalise(msg, e))) {
                    SshdNormaliser.normalise(msg, e);
                }
                EcsFields.auth(e, null, null);
                return true;
            }
            case SUDO, SU, ACCOUNTS -> {
                boolean done = PamNormaliser.looksLikePam(msg) && PamNormaliser.normalise(msg, e);
                if (!done) {
                    switch (program) {
                        case SUDO -> SudoNormaliser.normalise(msg, e);
                        case SU -> SuNormaliser.normalise(msg, e);
                        default -> AccountNormaliser.normalise(msg, e);
                    }
                }
                EcsFields.auth(e, null, null);
                return true;
            }
            case KERNEL -> {
                int audit = msg.indexOf("audit: type=");
                if (audit >= 0) {
                    return auditd.parse(msg, audit + 7, ctx);
                }
                return IptablesParser.looksLikeNetfilter(msg) && IptablesParser.parse(msg, ctx);
            }
            case NGINX, APACHE -> {
                return AccessLogParser.parse(msg, program == Program.NGINX ? "nginx" : "apache", ctx);
            }
            case AUDIT -> {
                int type = msg.indexOf("type=");
                return type >= 0 && auditd.parse(msg, type, ctx);
            }
            default -> {
                return false;
            }
        }
    }

    private boolean byShape(String msg, String appname, DecodeContext ctx) {
        Event e = ctx.event;
        if (CefParser.isCef(msg, 0)) {
            try {
                cef.parse(msg, 0, ctx);
                return true;
            } catch (DecodeException ex) {
                e.addTag("cef_header_invalid");
                return false;
            }
        }
        if (!msg.isEmpty() && msg.charAt(0) == '{') {
            try {
                Format before = ctx.codec;
                json.decode(msg, 0, null, JsonDecoder.Expect.ANY, ctx);
                ctx.codec = before; // the envelope stays the codec; the JSON is its content
                return true;
            } catch (DecodeException ex) {
                return false;
            }
        }
        if (msg.startsWith("type=") || msg.startsWith("node=")) {
            return auditd.parse(msg, 0, ctx);
        }
        if (PamNormaliser.looksLikePam(msg) && PamNormaliser.normalise(msg, e)) {
            return true;
        }
        if (IptablesParser.looksLikeNetfilter(msg)) {
            return IptablesParser.parse(msg, ctx);
        }
        if (AccessLogParser.parse(msg, "nginx", ctx)) {
            return true;
        }
        return KeyValueFirewallParser.parse(msg, ctx);
    }

    /** rsyslog's "message repeated N times: [ MSG]": MSG is normalised, N kept in citywall.repeated. */
    private static String unwrapRepeated(String msg, Event e) {
        if (!msg.startsWith("message repeated ")) {
            return msg;
        }
        int times = msg.indexOf(" times: [", 17);
        if (times < 0 || !msg.endsWith("]")) {
            return msg;
        }
        Long n = Numbers.parseLong(msg, 17, times);
        if (n == null) {
            return msg;
        }
        e.put("citywall.repeated", n);
        String inner = msg.substring(times + 9, msg.length() - 1);
        return inner.startsWith(" ") ? inner.substring(1) : inner;
    }
}
