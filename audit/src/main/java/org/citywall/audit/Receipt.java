package org.citywall.audit;

import java.time.Instant;

/**
 * Proof of durable recording, returned once the record is on disk (fsynced).
 *
 * @param seq the record's sequence number (its leaf index)
 * @param time the time the log stamped on it
 * @param leafHash {@code SM3(0x00 ‖ canonical record)}
 */
public record Receipt(long seq, Instant time, byte[] leafHash) {
    public Receipt {
        leafHash = leafHash.clone();
    }

    @Override
    public byte[] leafHash() {
        return leafHash.clone();
    }
}
