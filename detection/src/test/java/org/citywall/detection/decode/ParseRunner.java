package org.citywall.detection.decode;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.citywall.detection.cli.ParseCommand;
import org.citywall.event.Json;
import picocli.CommandLine;

/** Runs {@code citywall parse} in-process: arguments and stdin bytes in, the JSON lines it prints out. */
final class ParseRunner {
    private ParseRunner() {}

    record Result(int exitCode, List<Map<String, Object>> records) {
        /** The only record, flattened to dotted keys. */
        Map<String, Object> single() {
            if (records.size() != 1) {
                throw new AssertionError("expected one output record, got " + records.size() + ": " + records);
            }
            return Json.flatten(records.get(0));
        }
    }

    static Result run(byte[] stdin, String... args) {
        ParseCommand command = new ParseCommand();
        new CommandLine(command).parseArgs(args);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            int exit = command.run(new ByteArrayInputStream(stdin), out);
            List<Map<String, Object>> records = new ArrayList<>();
            for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
                if (!line.isEmpty()) {
                    records.add(Json.readObject(line));
                }
            }
            return new Result(exit, records);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One NUL-terminated record, so records may contain newlines. */
    static Result runRecord(byte[] record, String... args) {
        byte[] in = new byte[record.length + 1];
        System.arraycopy(record, 0, in, 0, record.length);
        String[] all = new String[args.length + 1];
        all[0] = "-z";
        System.arraycopy(args, 0, all, 1, args.length);
        return run(in, all);
    }
}
