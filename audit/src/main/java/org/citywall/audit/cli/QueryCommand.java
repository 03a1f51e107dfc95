package org.citywall.audit.cli;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.concurrent.Callable;
import org.citywall.audit.AuditLog;
import org.citywall.audit.AuditQuery;
import org.citywall.audit.AuditRecord;
import org.citywall.audit.AuditResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code citywall audit query}: records of the local log that match, as canonical JSON lines. */
@Command(name = "query", mixinStandardHelpOptions = true,
        description = "Print the live records matching every given criterion, oldest first, one canonical JSON record per line.")
public final class QueryCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    LogOption log;

    @Option(names = "--subject")
    String subject;

    @Option(names = "--action", description = "an action, or a prefix ending in * (crypto.*)")
    String action;

    @Option(names = "--object")
    String object;

    @Option(names = "--result", description = "${COMPLETION-CANDIDATES}")
    AuditResult result;

    @Option(names = "--domain")
    String domain;

    @Option(names = "--from", paramLabel = "TIME", description = "ISO-8601 instant, inclusive")
    Instant from;

    @Option(names = "--to", paramLabel = "TIME", description = "ISO-8601 instant, exclusive")
    Instant to;

    @Option(names = "--after-seq", paramLabel = "SEQ", description = "start after this seq (paging)", defaultValue = "-1")
    long afterSeq;

    @Option(names = "--limit", defaultValue = "1000")
    int limit;

    @Override
    public Integer call() throws Exception {
        AuditQuery q = AuditQuery.builder().subject(subject).action(action).object(object).result(result).domain(domain)
                .between(from, to).fromSeq(afterSeq + 1).limit(limit).build();
        PrintWriter out = spec.commandLine().getOut();
        try (AuditLog l = AuditLog.openReadOnly(log.dir)) {
            for (AuditRecord r : l.query(q)) {
                out.println(r.toJson());
            }
        }
        out.flush();
        return 0;
    }
}
