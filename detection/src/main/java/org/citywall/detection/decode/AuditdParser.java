package org.citywall.detection.decode;

import java.nio.charset.Charset;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.citywall.event.Ecs;
import org.citywall.event.Event;

/**
 * Linux audit records, as auditd writes them ({@code [node=H ]type=T msg=audit(SECS.MS:SERIAL): k=v ...})
 * and as the kernel logs them ({@code type=1400 audit(SECS.MS:SERIAL): k=v ...}).
 *
 * <p>Every key lands under {@code auditd.log.<key>} as written. Values of untrusted-string fields
 * that auditd hex-encodes (no quotes: {@code a2=2F746D70}, {@code proctitle=...}) are decoded, NUL
 * separators becoming spaces. In EXECVE records {@code a0..aN} are such strings; in SYSCALL records
 * they are numeric syscall arguments and stay as written. The nested {@code msg='op=... res=...'}
 * of USER_* records is read as key=values too, and the enriched part after the 0x1D separator
 * ({@code AUID="bob" UID="root"}) keeps its upper-case keys.
 */
final class AuditdParser {

    static final String MODULE = "auditd";
    static final String DATASET = "auditd.log";
    static final String PREFIX = "auditd.log.";

    /** Fields auditd writes either quoted or hex-encoded (audit_log_untrustedstring in the kernel). */
    private static final Set<String> ENCODED = Set.of(
            "proctitle", "cmd", "comm", "exe", "name", "cwd", "acct", "key", "data", "path", "dir", "ocomm",
            "old-name", "new-name", "watch", "grp", "new_group", "old_group", "root_dir", "vm", "vm-ctx");

    private final Charset fallback;

    AuditdParser(Charset fallback) {
        this.fallback = fallback;
    }

    /** Reads {@code s} from {@code from}; false when it is not an audit record (nothing written then). */
    boolean parse(String s, int from, DecodeContext ctx) {
        int n = s.length();
        while (n > from && (s.charAt(n - 1) == '\n' || s.charAt(n - 1) == '\r')) {
            n--;
        }
        int audit = s.indexOf("audit(", from);
        if (audit < 0) {
            return false;
        }
        int colon = s.indexOf(':', audit + 6);
        int close = s.indexOf("):", audit + 6);
        if (colon < 0 || close < colon) {
            return false;
        }
        Instant time = epoch(s, audit + 6, colon);
        Long serial = Numbers.parseLong(s, colon + 1, close);
        if (time == null || serial == null) {
            return false;
        }
        String head = s.substring(from, audit);
        String type = null;
        String node = null;
        int typeAt = head.indexOf("type=");
        if (typeAt < 0) {
            return false;
        }
        int typeEnd = head.indexOf(' ', typeAt);
        type = head.substring(typeAt + 5, typeEnd < 0 ? head.length() : typeEnd);
        int nodeAt = head.indexOf("node=");
        if (nodeAt >= 0 && nodeAt < typeAt) {
            int nodeEnd = head.indexOf(' ', nodeAt);
            node = head.substring(nodeAt + 5, nodeEnd < 0 ? typeAt : nodeEnd);
        }

        Event e = ctx.event;
        e.put(Ecs.EVENT_MODULE, MODULE);
        e.put(Ecs.EVENT_DATASET, DATASET);
        e.put(Ecs.EVENT_KIND, "event");
        e.put(PREFIX + "type", type);
        e.put(PREFIX + "sequence", serial);
        e.put(Ecs.EVENT_ACTION, type.toLowerCase(Locale.ROOT));
        ctx.eventTime(time);
        if (node != null) {
            e.put(PREFIX + "node", node);
            e.put(Ecs.HOST_NAME, node);
        }
        boolean execve = type.equals("EXECVE");
        List<String> args = execve ? new ArrayList<>() : null;
        KeyValues.scan(s, close + 2, n, new KeyValues.Sink() {
            @Override
            public void pair(String key, String value, boolean quoted) {
                field(e, key, value, quoted, execve, args);
            }
        });
        ecs(e, type, args);
        return true;
    }

    private void field(Event e, String key, String value, boolean quoted, boolean execve, List<String> args) {
        String v = value;
        boolean isArg = execve && key.length() > 1 && key.charAt(0) == 'a' && Numbers.parseLong(key, 1, key.length()) != null;
        if (!quoted && (isArg || ENCODED.contains(key)) && !v.equals("(null)") && !v.equals("?")) {
            byte[] raw = KeyValues.hex(v);
            if (raw != null) {
                for (int i = 0; i < raw.length; i++) {
                    if (raw[i] == 0) {
                        raw[i] = ' ';
                    }
                }
                int len = raw.length;
                while (len > 0 && raw[len - 1] == ' ') {
                    len--;
                }
                v = Text.decode(raw, 0, len, fallback);
            }
        }
        if (key.equals("msg") && quoted && v.indexOf('=') > 0) {
            // USER_* records nest their details: msg='op=login acct="root" addr=1.2.3.4 res=failed'
            KeyValues.scan(v, 0, v.length(), new KeyValues.Sink() {
                @Override
                public void pair(String k, String val, boolean q) {
                    field(e, k, val, q, false, null);
                }
            });
            return;
        }
        e.put(PREFIX + key, v);
        if (isArg) {
            int index = Numbers.parseLong(key, 1, key.length()).intValue();
            if (index < 4096) {
                while (args.size() <= index) {
                    args.add(null);
                }
                args.set(index, v);
            }
        }
    }

    private static void ecs(Event e, String type, List<String> args) {
        copy(e, "pid", Ecs.PROCESS_PID, true);
        copy(e, "ppid", "process.parent.pid", true);
        copy(e, "exe", "process.executable", false);
        copy(e, "comm", Ecs.PROCESS_NAME, false);
        copy(e, "cwd", "process.working_directory", false);
        copy(e, "uid", "user.id", false);
        copy(e, "auid", "user.audit.id", false);
        String acct = e.getString(PREFIX + "acct");
        if (acct != null && !acct.equals("?")) {
            EcsFields.user(e, acct);
        } else {
            String enrichedUid = e.getString(PREFIX + "UID");
            if (enrichedUid != null && !enrichedUid.equals("unset")) {
                EcsFields.user(e, enrichedUid);
            }
        }
        String addr = e.getString(PREFIX + "addr");
        if (addr != null) {
            EcsFields.source(e, addr);
        }
        String res = e.getString(PREFIX + "res");
        String success = e.getString(PREFIX + "success");
        String result = res != null ? res : success;
        if (result != null) {
            boolean ok = result.equals("success") || result.equals("yes") || result.equals("1");
            boolean failed = result.equals("failed") || result.equals("no") || result.equals("0");
            if (ok || failed) {
                e.put(Ecs.EVENT_OUTCOME, ok ? "success" : "failure");
            }
        }
        if (type.equals("PATH")) {
            copy(e, "name", "file.path", false);
        }
        if (args != null && !args.isEmpty()) {
            StringBuilder cmd = new StringBuilder();
            for (String a : args) {
                if (a != null) {
                    cmd.append(cmd.length() == 0 ? "" : " ").append(a);
                }
            }
            e.put(Ecs.PROCESS_COMMAND_LINE, cmd.toString());
            List<Object> list = new ArrayList<>(args.size());
            for (String a : args) {
                if (a != null) {
                    list.add(a);
                }
            }
            e.put("process.args", list);
        } else if (type.equals("PROCTITLE")) {
            copy(e, "proctitle", Ecs.PROCESS_COMMAND_LINE, false);
        }
    }

    private static void copy(Event e, String key, String field, boolean number) {
        String v = e.getString(PREFIX + key);
        if (v == null || v.equals("?") || v.equals("(null)") || v.equals("unset") || v.equals("4294967295")) {
            return;
        }
        if (number) {
            Long n = Numbers.parseLong(v);
            if (n != null) {
                e.put(field, n);
            }
        } else {
            e.put(field, v);
        }
    }

    /** "1364481363.243" → instant; null when malformed. */
    private static Instant epoch(String s, int from, int to) {
        int dot = s.indexOf('.', from);
        if (dot < 0 || dot > to) {
            Long secs = Numbers.parseLong(s, from, to);
            return secs == null ? null : Instant.ofEpochSecond(secs);
        }
        Long secs = Numbers.parseLong(s, from, dot);
        Long frac = Numbers.parseLong(s, dot + 1, to);
        if (secs == null || frac == null || to - dot - 1 > 9) {
            return null;
        }
        long nanos = frac;
        for (int k = to - dot - 1; k < 9; k++) {
            nanos *= 10;
        }
        return Instant.ofEpochSecond(secs, nanos);
    }
}
