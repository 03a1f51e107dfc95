package org.citywall.detection.decode;

/** How syslog codecs treat a message that breaks its RFC. */
public enum SyslogMode {
    /**
     * Reject: the event becomes a decode failure naming the error kind and column. For RFC 3164,
     * PRI, timestamp and hostname are required.
     */
    STRICT,
    /**
     * Keep: an RFC 5424 message that breaks the grammar is kept unparsed (whole line as
     * {@code message}, the header fields read before the mistake, the error, tag
     * {@code syslog_unparsed}); RFC 3164 accepts every real-world variant it knows.
     */
    LENIENT
}
