package org.citywall.detection.decode;

import java.util.Map;
import org.citywall.event.Ecs;
import org.citywall.event.Event;

/**
 * Syslog envelopes (RFC 5424 and RFC 3164) to ECS {@code log.syslog.*}, {@code host.*},
 * {@code process.*} and {@code message}, then hands the message to the normaliser for its program.
 */
final class SyslogDecoder {

    static final String MODULE = "system";
    static final String DATASET = "system.syslog";

    private static final String[] FACILITIES = {
        "kern", "user", "mail", "daemon", "auth", "syslog", "lpr", "news", "uucp", "cron", "authpriv", "ftp",
        "ntp", "security", "console", "solaris-cron", "local0", "local1", "local2", "local3", "local4", "local5",
        "local6", "local7"
    };
    private static final String[] SEVERITIES = {
        "Emergency", "Alert", "Critical", "Error", "Warning", "Notice", "Informational", "Debug"
    };

    private final Rfc5424Parser rfc5424 = new Rfc5424Parser();
    private final Rfc3164Parser rfc3164;
    private final MessageNormalisers normalisers;

    SyslogDecoder(DecodeContext ctx, MessageNormalisers normalisers) {
        this.rfc3164 = new Rfc3164Parser(ctx.timestamps);
        this.normalisers = normalisers;
    }

    /** Decodes an RFC 5424 message and normalises what it says. */
    void decodeRfc5424(DecodeContext ctx) throws DecodeException {
        SyslogMessage m = rfc5424(ctx);
        if (m != null) {
            normalisers.normalise(m, ctx);
        }
    }

    /** Decodes an RFC 3164 message and normalises what it says. */
    void decodeRfc3164(DecodeContext ctx) throws DecodeException {
        normalisers.normalise(rfc3164(ctx), ctx);
    }

    /**
     * Decodes the syslog envelope only (RFC 5424 or 3164 by the version digit), for fixed formats
     * that arrive wrapped in syslog; null when lenient mode kept an RFC 5424 message unparsed.
     */
    SyslogMessage envelope(DecodeContext ctx) throws DecodeException {
        return FormatSniffer.syslogVersion(ctx.bytes, 0) ? rfc5424(ctx) : rfc3164(ctx);
    }

    private SyslogMessage rfc5424(DecodeContext ctx) throws DecodeException {
        SyslogMessage m = new SyslogMessage();
        try {
            rfc5424.parse(ctx.bytes, ctx.fallback, m);
        } catch (DecodeException ex) {
            if (ctx.strictSyslog) {
                throw ex;
            }
            keepUnparsed(ctx, m, ex);
            ctx.handledBy(Format.RFC5424, DecodeCounters.Outcome.UNPARSED);
            return null;
        }
        write(m, ctx.event, false, ctx);
        ctx.handledBy(Format.RFC5424, DecodeCounters.Outcome.DECODED);
        return m;
    }

    private SyslogMessage rfc3164(DecodeContext ctx) throws DecodeException {
        SyslogMessage m = new SyslogMessage();
        rfc3164.parse(ctx.text, ctx.strictSyslog, ctx.receivedAtMillis, m);
        write(m, ctx.event, true, ctx);
        ctx.handledBy(Format.RFC3164, DecodeCounters.Outcome.DECODED);
        return m;
    }

    /** Lenient RFC 5424: the whole line is the message; the header fields read before the mistake stay. */
    private static void keepUnparsed(DecodeContext ctx, SyslogMessage partial, DecodeException ex) {
        partial.message = ctx.text;
        Event e = ctx.event;
        write(partial, e, false, ctx);
        e.put(Ecs.ERROR_TYPE, ex.codec() + "." + ex.kind());
        e.put("error.code", ex.kind());
        e.put(Ecs.ERROR_MESSAGE, ex.getMessage());
        e.put(EventDecoder.FIELD_DECODE_CODEC, ex.codec());
        if (ex.column() >= 0) {
            e.put(EventDecoder.FIELD_DECODE_COLUMN, (long) ex.column());
        }
        e.addTag(EventDecoder.TAG_SYSLOG_UNPARSED);
    }

    static void write(SyslogMessage m, Event e, boolean bsd, DecodeContext ctx) {
        e.put(Ecs.EVENT_MODULE, MODULE);
        e.put(Ecs.EVENT_DATASET, DATASET);
        if (m.timestamp != null) {
            ctx.eventTime(m.timestamp);
            if (bsd && m.timezone == null) {
                e.put("event.timezone", ctx.zone.getId()); // the zone we assumed, as ECS asks
            }
        }
        if (m.priority >= 0) {
            int facility = m.priority >> 3;
            int severity = m.priority & 7;
            e.put(Ecs.LOG_SYSLOG_PRIORITY, (long) m.priority);
            e.put(Ecs.LOG_SYSLOG_FACILITY_CODE, (long) facility);
            e.put("log.syslog.facility.name", FACILITIES[facility]);
            e.put(Ecs.LOG_SYSLOG_SEVERITY_CODE, (long) severity);
            e.put("log.syslog.severity.name", SEVERITIES[severity]);
        }
        if (m.version >= 0) {
            e.put(Ecs.LOG_SYSLOG_VERSION, Integer.toString(m.version));
        }
        if (m.hostname != null) {
            e.put(Ecs.LOG_SYSLOG_HOSTNAME, m.hostname);
            e.put(Ecs.HOST_HOSTNAME, m.hostname);
            e.put(Ecs.HOST_NAME, m.hostname);
        }
        if (m.appname != null) {
            e.put(Ecs.LOG_SYSLOG_APPNAME, m.appname);
            e.put(Ecs.PROCESS_NAME, m.appname);
        }
        if (m.procid != null) {
            e.put(Ecs.LOG_SYSLOG_PROCID, m.procid);
            Long pid = Numbers.parseLong(m.procid);
            if (pid != null) {
                e.put(Ecs.PROCESS_PID, pid);
            }
        }
        if (m.msgid != null) {
            e.put(Ecs.LOG_SYSLOG_MSGID, m.msgid);
        }
        if (m.vendorCode != null) {
            e.put("event.code", m.vendorCode);
        }
        if (m.structuredData != null) {
            for (Map.Entry<String, Map<String, Object>> element : m.structuredData.entrySet()) {
                String prefix = "log.syslog.structured_data." + element.getKey() + ".";
                for (Map.Entry<String, Object> param : element.getValue().entrySet()) {
                    e.put(prefix + param.getKey(), param.getValue());
                }
            }
        }
        if (m.message != null) {
            e.put(Ecs.MESSAGE, m.message);
        }
    }
}
