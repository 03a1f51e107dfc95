package org.citywall.app.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Throughput figures side by side, each against the first row (the baseline). */
final class BenchReport {
    private record Row(String name, double perSecond, String note) {}

    private final List<Row> rows = new ArrayList<>();

    void row(String name, double perSecond, String note) {
        rows.add(new Row(name, perSecond, note));
        System.out.printf(Locale.ROOT, "  %-58s %,12.0f events/s  %s%n", name, perSecond, note);
    }

    void print(PrintStream out) {
        out.println();
        out.printf(Locale.ROOT, "%-58s %14s %10s  %s%n", "run", "events/s", "vs loop", "notes");
        double base = rows.isEmpty() ? 1 : rows.get(0).perSecond();
        for (Row r : rows) {
            out.printf(Locale.ROOT, "%-58s %,14.0f %9.2fx  %s%n", r.name(), r.perSecond(), r.perSecond() / base, r.note());
        }
    }
}
