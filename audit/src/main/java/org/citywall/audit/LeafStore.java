package org.citywall.audit;

import java.io.IOException;

/** Leaf hashes by index, in the order the records were appended. */
interface LeafStore {

    /** How many leaf hashes there are. */
    long size();

    /** Copies leaf hashes {@code [from, from+count)} into {@code into} (32 bytes each, from offset 0). */
    void read(long from, int count, byte[] into) throws IOException;
}
