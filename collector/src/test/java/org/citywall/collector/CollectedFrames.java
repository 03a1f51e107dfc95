package org.citywall.collector;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A frame sink that remembers what a framer found, for framer tests. */
final class CollectedFrames implements FrameSink {

    record Frame(String body, boolean truncated) {}

    final List<Frame> frames = new ArrayList<>();
    final List<byte[]> bodies = new ArrayList<>();
    int oversizedRejected;
    final List<String> malformed = new ArrayList<>();
    long skipped;

    @Override
    public void frame(byte[] body, boolean truncated) {
        frames.add(new Frame(new String(body, StandardCharsets.ISO_8859_1), truncated));
        bodies.add(body);
    }

    @Override
    public void oversizedRejected() {
        oversizedRejected++;
    }

    @Override
    public void malformed(String what) {
        malformed.add(what);
    }

    @Override
    public void skipped(long bytes) {
        skipped += bytes;
    }

    List<String> texts() {
        return frames.stream().map(Frame::body).toList();
    }
}
