package org.citywall.collector;

import java.net.InetSocketAddress;

/** A bound listener of one input. */
interface Input extends AutoCloseable {

    /** Where it listens (with the real port when 0 was asked for). */
    InetSocketAddress address();

    /** Stops accepting and closes its connections. */
    @Override
    void close();
}
