package org.citywall.detection.decode;

import org.citywall.event.Ecs;
import org.citywall.event.Event;

/** Chooses and runs the codec for one event: the input's fixed format, or what its bytes look like. */
final class Codecs {

    private final SyslogDecoder syslog;
    private final AuditdParser auditd;
    private final CefParser cef;
    private final JsonDecoder json = new JsonDecoder();

    Codecs(DecodeContext ctx) {
        this.auditd = new AuditdParser(ctx.fallback);
        this.cef = new CefParser(ctx.timestamps);
        this.syslog = new SyslogDecoder(ctx, new MessageNormalisers(auditd, cef, json));
    }

    void decode(Format format, DecodeContext ctx) throws DecodeException {
        ctx.codec = format; // so even a codec bug is counted against the right codec
        switch (format) {
            case AUTO -> auto(ctx);
            case SYSLOG -> {
                if (FormatSniffer.syslogVersion(ctx.bytes, 0)) {
                    ctx.codec = Format.RFC5424;
                    syslog.decodeRfc5424(ctx);
                } else {
                    ctx.codec = Format.RFC3164;
                    syslog.decodeRfc3164(ctx);
                }
            }
            case RFC5424 -> syslog.decodeRfc5424(ctx);
            case RFC3164 -> syslog.decodeRfc3164(ctx);
            case PLAIN -> plain(ctx, false);
            default -> fixed(format, ctx);
        }
    }

    private void auto(DecodeContext ctx) throws DecodeException {
        Format sniffed = FormatSniffer.sniff(ctx.bytes);
        ctx.codec = sniffed;
        switch (sniffed) {
            case RFC5424 -> syslog.decodeRfc5424(ctx);
            case RFC3164 -> syslog.decodeRfc3164(ctx);
            case JSON -> json.decode(ctx.text, 0, utf8Bytes(ctx), JsonDecoder.Expect.ANY, ctx);
            case CEF -> {
                cef.parse(ctx.text, ctx.text.indexOf("CEF:"), ctx);
                ctx.handledBy(Format.CEF, DecodeCounters.Outcome.DECODED);
            }
            case PLAIN -> plain(ctx, true);
            default -> {
                if (line(sniffed, ctx.text, ctx)) {
                    ctx.handledBy(sniffed, DecodeCounters.Outcome.DECODED);
                } else {
                    plain(ctx, true);
                }
            }
        }
    }

    /** A fixed format: bare, or wrapped in a syslog envelope when the line starts with a PRI. */
    private void fixed(Format format, DecodeContext ctx) throws DecodeException {
        String s = ctx.text;
        int start = 0;
        while (start < s.length() && (s.charAt(start) == ' ' || s.charAt(start) == '\uFEFF')) {
            start++;
        }
        boolean enveloped = start < s.length() && s.charAt(start) == '<' && !(format == Format.CEF && s.startsWith("CEF:", start));
        String body = s;
        int from = start;
        if (enveloped) {
            SyslogMessage m = syslog.envelope(ctx);
            if (m == null || m.message == null) {
                throw notA(format, "a syslog message without content");
            }
            body = m.message;
            from = 0;
        }
        switch (format) {
            case CEF -> {
                int at = body.indexOf("CEF:", from);
                cef.parse(body, at < 0 ? from : at, ctx);
            }
            case JSON, CLOUDTRAIL, CITYWALL -> {
                JsonDecoder.Expect expect = format == Format.JSON ? JsonDecoder.Expect.ANY
                        : format == Format.CLOUDTRAIL ? JsonDecoder.Expect.CLOUDTRAIL : JsonDecoder.Expect.CITYWALL;
                json.decode(body, from, enveloped ? null : utf8Bytes(ctx), expect, ctx);
            }
            default -> {
                if (!line(format, from == 0 ? body : body.substring(from), ctx)) {
                    throw notA(format, "this line");
                }
            }
        }
        ctx.handledBy(format, DecodeCounters.Outcome.DECODED);
    }

    /** The line-oriented formats; false when the line is not one. */
    private boolean line(Format format, String s, DecodeContext ctx) {
        return switch (format) {
            case AUDITD -> auditd.parse(s, 0, ctx);
            case NGINX -> AccessLogParser.parse(s, "nginx", ctx);
            case APACHE -> AccessLogParser.parse(s, "apache", ctx);
            case FIREWALL -> IptablesParser.looksLikeNetfilter(s) ? IptablesParser.parse(s, ctx) : KeyValueFirewallParser.parse(s, ctx);
            case VPCFLOW -> VpcFlowParser.parse(s, ctx);
            default -> false;
        };
    }

    private static void plain(DecodeContext ctx, boolean unrecognised) {
        Event e = ctx.event;
        e.put(Ecs.EVENT_MODULE, "generic");
        e.put(Ecs.EVENT_DATASET, "generic.log");
        String s = ctx.text;
        int n = s.length();
        while (n > 0 && (s.charAt(n - 1) == '\n' || s.charAt(n - 1) == '\r' || s.charAt(n - 1) == 0)) {
            n--;
        }
        if (n > 0) {
            e.put(Ecs.MESSAGE, s.substring(0, n));
        }
        if (unrecognised) {
            e.addTag(EventDecoder.TAG_UNRECOGNISED);
        }
        ctx.handledBy(Format.PLAIN, unrecognised ? DecodeCounters.Outcome.UNRECOGNISED : DecodeCounters.Outcome.DECODED);
    }

    /** The raw bytes when they are the text's UTF-8 form (Jackson reads them faster and reports byte columns). */
    private static byte[] utf8Bytes(DecodeContext ctx) {
        return ctx.utf8 ? ctx.bytes : null;
    }

    private static DecodeException notA(Format format, String what) {
        return new DecodeException(format.id(), "format", -1, "expecting a " + format.id() + " record, got " + what);
    }
}
