package org.citywall.audit;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.citywall.crypto.Sm2PublicKey;

/**
 * What the verifier checks, whatever it comes from (an exported bundle, an archive, a log
 * directory): signed heads, the keys the source carries, where its records start, the peaks
 * of the tree before that start, a leaf-hash list, proofs, and the records themselves.
 * Nothing a source says is trusted; the verifier authenticates it against signed heads.
 */
interface TrailSource extends Closeable {

    /** One record line as found. */
    record RecordLine(byte[] bytes, boolean terminated, String file, long line) {
        String location() {
            return file + " line " + line;
        }
    }

    /** What is verified, for reports. */
    String name();

    /** The log id the source claims, or null. */
    String logId();

    /** The heads, as listed. */
    List<SignedTreeHead> heads();

    /** Where each head was found (parallel to {@link #heads()}). */
    List<String> headLocations();

    /** Keys the source carries, by {@link LogState#keyRef}. */
    Map<String, Sm2PublicKey> keys();

    /** Seq of the first record. */
    long start();

    /** The peaks of the tree over [0, start), or null if missing or unusable (a problem says why). */
    CompactRange frontier();

    /** Leaf hashes are available for seqs [start, leafEnd()). */
    long leafEnd();

    /** Copies leaf hashes [from, from+n) (within [start, leafEnd())). */
    void readLeaves(long from, int n, byte[] into) throws IOException;

    /** Consistency proofs the source carries, or null if it carries none by design. */
    List<ConsistencyProof> proofs();

    /** How many records the source says it holds, or -1. */
    long declaredRecords();

    /** Whether records before {@link #start()} must be accounted for by archive records (a live log). */
    boolean accountsForArchives();

    /** The log directory whose archive files archive records name, or null for a bundle. */
    default java.nio.file.Path logDirectory() {
        return null;
    }

    /** Layout problems found so far (reading metadata and records). */
    List<Finding> problems();

    /** The next record line, or null at the end. */
    RecordLine nextRecord() throws IOException;
}
