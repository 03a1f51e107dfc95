package org.citywall.app.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Throughput figures side by side, each against the baseline row (the plain loop) when it ran. */
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
        double base = rows.stream().filter(r -> r.note().equals("baseline")).mapToDouble(Row::perSecond).findFirst().orElse(Double.NaN);
        for (Row r : rows) {
            String ratio = Double.isNaN(base) ? "-" : String.format(Locale.ROOT, "%.2fx", r.perSecond() / base);
            out.printf(Locale.ROOT, "%-58s %,14.0f %10s  %s%n", r.name(), r.perSecond(), ratio, r.note());
        }
    }
}
