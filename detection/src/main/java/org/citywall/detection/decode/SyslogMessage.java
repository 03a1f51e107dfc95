package org.citywall.detection.decode;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The parts of one syslog message (RFC 5424 or RFC 3164), as far as they were read. A parser fills
 * it field by field, so after a failure it holds what was read before the mistake.
 */
final class SyslogMessage {
    /** PRI value 0..191, or -1 when the message had none. */
    int priority = -1;
    /** RFC 5424 VERSION, or -1 (RFC 3164 has none). */
    int version = -1;
    Instant timestamp;
    /** The UTC offset as written ({@code +08:00}, {@code Z}), or null when the timestamp had none. */
    String timezone;
    String hostname;
    String appname;
    String procid;
    String msgid;
    /** SD-ID → param name → value (a String, or a List of Strings when the param repeats). */
    Map<String, Map<String, Object>> structuredData;
    String message;
    /** A vendor message code found in the header, e.g. Cisco's {@code ASA-6-302013}. */
    String vendorCode;

    Map<String, Object> addElement(String sdId) {
        if (structuredData == null) {
            structuredData = new LinkedHashMap<>(4);
        }
        Map<String, Object> params = new LinkedHashMap<>(4);
        structuredData.put(sdId, params);
        return params;
    }
}
