package org.citywall.collector;

/** What a connection's frame handler tells the {@link SlowSenderGuard}. */
interface FrameProgress {

    /** Whether part of a frame (or request) has arrived and its end has not. */
    boolean midFrame();

    /** Frames (or requests) completed so far on this connection. */
    long completed();
}
