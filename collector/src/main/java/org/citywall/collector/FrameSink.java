package org.citywall.collector;

/** Receives what a framer finds in a byte stream. */
interface FrameSink {

    /** One complete frame; {@code truncated} when only its first max-frame-bytes were kept. */
    void frame(byte[] body, boolean truncated);

    /** An oversized frame that was discarded (oversize policy {@code reject}). */
    void oversizedRejected();

    /** Bytes that break the framing rules; the framer has resynchronised (or will close, if it says so). */
    void malformed(String what);

    /**
     * Bytes the framer discarded without making a frame of them: the rest of an oversized frame (all of a
     * rejected one), a line after a framing error.
     */
    default void skipped(long bytes) {}
}
