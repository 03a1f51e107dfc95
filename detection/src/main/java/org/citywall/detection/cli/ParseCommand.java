package org.citywall.detection.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.citywall.detection.decode.DecodeBenchmark;
import org.citywall.detection.decode.DecoderConfig;
import org.citywall.detection.decode.EventDecoder;
import org.citywall.detection.decode.Format;
import org.citywall.detection.decode.SyslogMode;
import org.citywall.event.Ecs;
import org.citywall.event.Event;
import org.citywall.event.Json;
import org.citywall.event.RawEvent;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code citywall parse}: decodes log records from standard input exactly as the detection job
 * does and prints one JSON object per record: the normalised event, or an error object naming the
 * codec, the kind of error and its byte column.
 */
@Command(name = "parse",
        mixinStandardHelpOptions = true,
        description = {
            "Decode log records from stdin the way the detection job does; print one JSON object per record.",
            "Decoded: the normalised ECS event. Rejected: {\"error\":{\"codec\",\"kind\",\"column\",\"message\"},\"record\":N,\"event\":{\"original\":...}}.",
            "Exit status: 0 when every record decoded, 1 when any was rejected, 2 on a usage error."
        })
public final class ParseCommand implements Callable<Integer> {

    @Option(names = "--format", paramLabel = "FORMAT", converter = FormatConverter.class,
            description = "auto (default), syslog, rfc5424, rfc3164, cef, json, cloudtrail, citywall, auditd, nginx, apache, firewall, vpcflow, plain")
    Format format = Format.AUTO;

    @CommandLine.ArgGroup(exclusive = true)
    Mode mode = new Mode();

    static final class Mode {
        @Option(names = "--strict", description = "reject syslog that breaks its RFC (error object with kind and column)")
        boolean strict;

        @Option(names = "--lenient", description = "keep such syslog unparsed, with the error, as an event (default)")
        boolean lenient;
    }

    @Option(names = "--zone", paramLabel = "ZONE", description = "zone of timestamps without an offset (default UTC)")
    String zone = "UTC";

    @Option(names = "--received-at", paramLabel = "INSTANT",
            description = "receive time to assume, ISO-8601 (default: now); year-less syslog timestamps resolve against it")
    String receivedAt;

    @Option(names = "--fallback-charset", paramLabel = "CHARSET",
            description = "charset for bytes that are not UTF-8 (default ISO-8859-1; GB18030 for GBK devices)")
    String fallbackCharset = "ISO-8859-1";

    @Option(names = "--input", paramLabel = "NAME", description = "collector input name to stamp (default stdin)")
    String input = "stdin";

    @Option(names = "--domain", paramLabel = "DOMAIN", description = "1+N domain to stamp (default cli)")
    String domain = "cli";

    @Option(names = {"-z", "--null-data"},
            description = "records end with NUL instead of newline (for records that contain newlines)")
    boolean nullData;

    @Option(names = "--benchmark", description = "instead of reading stdin, measure decoding speed per codec (only --format's, unless auto) and print it")
    boolean benchmark;

    @Option(names = "--seconds", paramLabel = "N", description = "measuring time per codec for --benchmark (default 2)")
    double seconds = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (benchmark) {
            DecodeBenchmark.run(new PrintWriter(spec.commandLine().getOut(), true), seconds, format);
            return 0;
        }
        return run(System.in, System.out);
    }

    /** Decodes every record of {@code in} and writes one JSON line per record to {@code out}; returns the exit status. */
    public int run(InputStream in, OutputStream out) throws IOException {
        DecoderConfig config = DecoderConfig.builder()
                .format(format)
                .syslogMode(mode.strict ? SyslogMode.STRICT : SyslogMode.LENIENT)
                .zone(ZoneId.of(zone))
                .fallbackCharset(Charset.forName(fallbackCharset))
                .build();
        EventDecoder decoder = new EventDecoder(config);
        Long fixedReceivedAt = receivedAt == null ? null : Instant.parse(receivedAt).toEpochMilli();
        Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        byte delimiter = nullData ? (byte) 0 : (byte) '\n';
        ByteArrayOutputStream record = new ByteArrayOutputStream(512);
        byte[] chunk = new byte[1 << 16];
        long number = 0;
        boolean rejected = false;
        int n;
        while ((n = in.read(chunk)) != -1) {
            int start = 0;
            for (int i = 0; i < n; i++) {
                if (chunk[i] == delimiter) {
                    record.write(chunk, start, i - start);
                    start = i + 1;
                    number = emit(record, decoder, fixedReceivedAt, number, w);
                    rejected |= lastRejected;
                }
            }
            record.write(chunk, start, n - start);
            w.flush();
        }
        if (record.size() > 0) {
            number = emit(record, decoder, fixedReceivedAt, number, w);
            rejected |= lastRejected;
        }
        w.flush();
        return rejected ? 1 : 0;
    }

    private boolean lastRejected;

    /** Decodes and prints the record collected so far; returns the new record count. */
    private long emit(ByteArrayOutputStream record, EventDecoder decoder, Long fixedReceivedAt, long number, Writer w)
            throws IOException {
        byte[] bytes = record.toByteArray();
        record.reset();
        lastRejected = false;
        if (!nullData && bytes.length > 0 && bytes[bytes.length - 1] == '\r') {
            bytes = java.util.Arrays.copyOf(bytes, bytes.length - 1);
        }
        if (!nullData && bytes.length == 0) {
            return number; // blank lines in a log file carry nothing
        }
        long count = number + 1;
        long at = fixedReceivedAt != null ? fixedReceivedAt : System.currentTimeMillis();
        Event e = decoder.decode(new RawEvent(bytes, at, "stdin", input, domain), input + ":" + count);
        lastRejected = e.hasTag(EventDecoder.TAG_DECODE_FAILURE);
        w.write(render(e, count));
        w.write('\n');
        return count;
    }

    /** The event as nested ECS JSON, or for a rejected record the error object. */
    static String render(Event e, long number) {
        if (!e.hasTag(EventDecoder.TAG_DECODE_FAILURE)) {
            return e.toJson();
        }
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("codec", e.get(EventDecoder.FIELD_DECODE_CODEC));
        error.put("kind", e.get("error.code"));
        error.put("column", e.get(EventDecoder.FIELD_DECODE_COLUMN));
        error.put("message", e.get(Ecs.ERROR_MESSAGE));
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("error", error);
        doc.put("record", number);
        doc.put("event", Map.of("original", e.getString(Ecs.EVENT_ORIGINAL)));
        return Json.write(doc);
    }

    static final class FormatConverter implements CommandLine.ITypeConverter<Format> {
        @Override
        public Format convert(String value) {
            try {
                return Format.of(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
