package org.citywall.console.alerts;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch.core.GetResponse;
import java.io.IOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.citywall.event.IndexNames;

/**
 * Writes triage state onto alerts with partial updates that touch only triage fields
 * ({@code status, resolution, resolution_reason, assignee, updated_at}) and only if the document
 * is unchanged since it was read (sequence number and primary term), so the detection job's merges
 * — which touch only detection fields — and concurrent analysts never clobber each other.
 */
public final class Triage {
    private final ElasticsearchClient es;

    public Triage(ElasticsearchClient es) {
        this.es = es;
    }

    /** An alert as read with the version needed for a conditional update. */
    public record Versioned(Map<String, Object> source, long seqNo, long primaryTerm) {
        public String status() {
            Object s = source.get("status");
            return s == null ? "open" : s.toString();
        }

        public String domain() {
            return (String) source.get("domain");
        }
    }

    /** Reads the alert with its version. */
    @SuppressWarnings({"rawtypes", "unchecked"})
    public Optional<Versioned> read(String id) {
        try {
            GetResponse<Map> r = es.get(g -> g.index(IndexNames.ALERTS).id(id), Map.class);
            if (!r.found() || r.source() == null) {
                return Optional.empty();
            }
            return Optional.of(new Versioned(r.source(), r.seqNo(), r.primaryTerm()));
        } catch (ElasticsearchException e) {
            if (e.status() == 404) {
                return Optional.empty();
            }
            throw new SearchUnavailableException("alert lookup failed", e);
        } catch (IOException e) {
            throw new SearchUnavailableException("alert lookup failed", e);
        }
    }

    /**
     * Applies {@code change} to the alert read as {@code before}.
     *
     * @return the fields written
     * @throws TriageException {@code invalid_transition} etc. when not allowed, {@code conflict} when
     *     the alert changed since it was read
     */
    public Map<String, Object> apply(String id, Versioned before, TriageChange change, Instant now) {
        change.checkAgainst(before.status());
        Map<String, Object> doc = new LinkedHashMap<>();
        if (change.status() != null) {
            doc.put("status", change.status());
            boolean closing = "closed".equals(change.status());
            doc.put("resolution", closing ? change.resolution() : null);
            doc.put("resolution_reason", closing ? change.reason() : null);
        }
        if (change.assignee() != null) {
            doc.put("assignee", change.assignee().isEmpty() ? null : change.assignee());
        }
        doc.put("updated_at", now.toString());
        Map<String, Object> partial = new HashMap<>(doc); // Map.copyOf refuses the nulls that clear fields
        try {
            es.update(u -> u.index(IndexNames.ALERTS).id(id).doc(partial)
                    .ifSeqNo(before.seqNo()).ifPrimaryTerm(before.primaryTerm()).refresh(Refresh.WaitFor), Map.class);
        } catch (ElasticsearchException e) {
            if (e.status() == 409) {
                throw new TriageException("conflict", "the alert changed meanwhile; reload it and try again");
            }
            throw new SearchUnavailableException("alert update failed", e);
        } catch (IOException e) {
            throw new SearchUnavailableException("alert update failed", e);
        }
        return doc;
    }
}
