package org.citywall.detection.decode;

/**
 * A codec could not read its input: which codec, what kind of mistake, and the byte column (0-based)
 * where it was found.
 *
 * <p>Thrown and caught inside the decoder only; {@link EventDecoder} turns it into a decode-failure
 * event. No stack trace is filled in: hostile input can make this the common path, and the trace
 * would only ever point into the codec.
 */
final class DecodeException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String codec;
    private final String kind;
    private final int column;

    DecodeException(String codec, String kind, int column, String message) {
        super(message, null, false, false);
        this.codec = codec;
        this.kind = kind;
        this.column = column;
    }

    String codec() {
        return codec;
    }

    /** Short, stable identifier of the mistake, e.g. {@code hostname} or {@code sd_param}. */
    String kind() {
        return kind;
    }

    /** 0-based byte offset into the input, or -1 when the mistake has no single position. */
    int column() {
        return column;
    }
}
