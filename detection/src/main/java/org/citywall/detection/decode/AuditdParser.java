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
 *
 * <p>auditd writes one process start as several records with one serial: SYSCALL (the executable,
 * pid, parent pid, user, result), then EXECVE (the arguments), CWD, PATH, PROCTITLE. The EXECVE event
 * is the process start ({@code event.category: process}, {@code event.type: start}) and gets what its
 * SYSCALL record said — and the parent's executable and command line from the starts seen earlier on
 * the same host — so that rules about a process start, which name the image and the command line
 * together, can match one event. This memory is bounded (recent serials, recent processes per host)
 * and per decoder; the lines of one host reach one decoder (the bus keys by sender).
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
    /** Host + serial → what the SYSCALL record of that audit event said. */
    private final Lru<Syscall> syscalls = new Lru<>(4096);
    /** Host + pid → the executable and command line of the process that pid ran last. */
    private final Lru<String[]> processes = new Lru<>(65_536);

    /** The fields of a SYSCALL record an EXECVE record of the same event lacks. */
    private record Syscall(String exe, String pid, String ppid, String uid, String auid, String comm, String success, String key) {}

    /** A map that forgets its least recently used entry beyond {@code max}. */
    private static final class Lru<V> extends java.util.LinkedHashMap<String, V> {
        private static final long serialVersionUID = 1L;
        private final int max;

        Lru(int max) {
            super(256, 0.75f, true);
            this.max = max;
        }

        @Override
        protected boolean removeEldestEntry(java.util.Map.Entry<String, V> eldest) {
            return size() > max;
        }
    }

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
        assemble(e, type, serial);
        return true;
    }

    /** Remembers SYSCALL records and completes the EXECVE/PROCTITLE records of the same audit event with them. */
    private void assemble(Event e, String type, long serial) {
        String host = e.getString(Ecs.HOST_NAME);
        if (host == null) {
            host = e.getString(Ecs.CITYWALL_PEER);
        }
        String prefix = (host == null ? "" : host) + '\u0000';
        if (type.equals("SYSCALL")) {
            String exe = e.getString(PREFIX + "exe");
            String pid = e.getString(PREFIX + "pid");
            syscalls.put(prefix + serial, new Syscall(exe, pid, e.getString(PREFIX + "ppid"), e.getString(PREFIX + "uid"),
                    e.getString(PREFIX + "auid"), e.getString(PREFIX + "comm"), e.getString(PREFIX + "success"),
                    e.getString(PREFIX + "key")));
            if (pid != null && exe != null && !processes.containsKey(prefix + pid)) {
                processes.put(prefix + pid, new String[] {exe, null});
            }
            return;
        }
        if (!type.equals("EXECVE") && !type.equals("PROCTITLE")) {
            return;
        }
        Syscall sc = syscalls.get(prefix + serial);
        if (type.equals("EXECVE")) {
            e.put(Ecs.EVENT_CATEGORY, "process");
            e.put(Ecs.EVENT_TYPE, "start");
        }
        if (sc == null) {
            return; // its SYSCALL record was lost or went elsewhere: the arguments alone still match
        }
        putIfReal(e, "process.executable", sc.exe());
        putIfReal(e, Ecs.PROCESS_NAME, sc.comm());
        Long pid = sc.pid() == null ? null : Numbers.parseLong(sc.pid());
        Long ppid = sc.ppid() == null ? null : Numbers.parseLong(sc.ppid());
        if (pid != null) {
            e.put(Ecs.PROCESS_PID, pid);
        }
        if (ppid != null) {
            e.put("process.parent.pid", ppid);
            String[] parent = processes.get(prefix + ppid);
            if (parent != null) {
                putIfReal(e, "process.parent.executable", parent[0]);
                putIfReal(e, "process.parent.command_line", parent[1]);
            }
        }
        putIfReal(e, "user.id", sc.uid());
        putIfReal(e, "user.audit.id", sc.auid());
        putIfReal(e, PREFIX + "key", sc.key());
        if (sc.success() != null && e.get(Ecs.EVENT_OUTCOME) == null) {
            e.put(Ecs.EVENT_OUTCOME, sc.success().equals("yes") ? "success" : "failure");
        }
        if (type.equals("EXECVE") && pid != null) {
            processes.put(prefix + pid, new String[] {sc.exe(), e.getString(Ecs.PROCESS_COMMAND_LINE)});
        }
    }

    private static void putIfReal(Event e, String field, String v) {
        if (v != null && !v.equals("?") && !v.equals("(null)") && !v.equals("unset") && !v.equals("4294967295")) {
            e.put(field, v);
        }
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
