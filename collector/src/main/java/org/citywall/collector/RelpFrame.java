package org.citywall.collector;

/**
 * One RELP frame: {@code TXNR SP COMMAND SP DATALEN [SP DATA] LF}.
 *
 * @param txnr        transaction number, 0-999999999
 * @param command     e.g. {@code open}, {@code syslog}, {@code close}
 * @param data        the data, or its first max-frame-bytes when {@code truncated}; empty when rejected as oversized
 * @param truncated   the data was longer than the input's maximum and was cut
 * @param oversizedRejected the data was longer than the maximum and dropped (oversize policy {@code reject})
 */
record RelpFrame(int txnr, String command, byte[] data, boolean truncated, boolean oversizedRejected) {
}
