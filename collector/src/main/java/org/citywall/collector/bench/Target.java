package org.citywall.collector.bench;

/** A receiver under load: a syslog TCP port, the process whose CPU counts, and how much it has handled. */
interface Target extends AutoCloseable {

    /** Short label for the table, e.g. {@code collector+null}. */
    String name();

    int port();

    /** The receiving process (its CPU time is the receiver's cost). */
    long pid();

    /** Messages fully handled so far; -1 when the target cannot tell exactly. */
    long handled();

    /** Nothing received is still waiting (for the bus, for an output). */
    boolean drained();

    @Override
    void close();
}
