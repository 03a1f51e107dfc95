package org.citywall.audit.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.citywall.audit.AuditLog;
import org.citywall.audit.AuditRecord;
import org.citywall.audit.ConsistencyProof;
import org.citywall.audit.InclusionProof;
import org.citywall.audit.SignedTreeHead;
import org.citywall.audit.TreeHashes;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code citywall audit prove}: an inclusion proof for a record, or a consistency proof between two heads. */
@Command(name = "prove", mixinStandardHelpOptions = true,
        description = {"Print, as JSON, an inclusion proof of record SEQ in the first signed tree head that covers it",
            "(or in --size), or a consistency proof between two tree sizes, with the signed heads involved."})
public final class ProveCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    LogOption log;

    @ArgGroup(multiplicity = "1")
    What what;

    static final class What {
        @Option(names = "--seq", description = "the record to prove")
        Long seq;

        @Option(names = "--consistency", arity = "2", paramLabel = "SIZE", description = "old and new tree sizes")
        long[] sizes;
    }

    @Option(names = "--size", description = "tree size to prove inclusion in (default: the first signed head that covers the record)")
    Long size;

    @Override
    public Integer call() throws Exception {
        try (AuditLog l = AuditLog.openReadOnly(log.dir)) {
            String json;
            if (what.seq != null) {
                long seq = what.seq;
                SignedTreeHead head = l.heads().stream().filter(h -> h.size() > seq && (size == null || h.size() == size))
                        .findFirst().orElse(null);
                long n = size != null ? size : head != null ? head.size() : -1;
                if (n < 0) {
                    throw new IllegalArgumentException("no signed tree head covers record " + seq + " yet");
                }
                InclusionProof p = l.inclusionProof(seq, n);
                AuditRecord r = l.read(seq, 1).get(0);
                json = "{\"head\":" + (head == null ? "null" : head.toJson()) + ",\"leafHash\":\"" + TreeHashes.hex(r.leafHash())
                        + "\",\"leafIndex\":" + seq + ",\"path\":" + hexes(p.path()) + ",\"record\":" + r.toJson()
                        + ",\"treeSize\":" + n + "}";
            } else {
                ConsistencyProof p = l.consistencyProof(what.sizes[0], what.sizes[1]);
                json = "{\"newRoot\":\"" + TreeHashes.hex(l.root(p.newSize())) + "\",\"newSize\":" + p.newSize()
                        + ",\"oldRoot\":\"" + TreeHashes.hex(l.root(p.oldSize())) + "\",\"oldSize\":" + p.oldSize()
                        + ",\"path\":" + hexes(p.path()) + "}";
            }
            spec.commandLine().getOut().println(json);
            spec.commandLine().getOut().flush();
        }
        return 0;
    }

    private static String hexes(List<byte[]> path) {
        List<String> out = new ArrayList<>();
        path.forEach(h -> out.add("\"" + TreeHashes.hex(h) + "\""));
        return "[" + String.join(",", out) + "]";
    }
}
