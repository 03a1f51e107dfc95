package org.citywall.app.embedded;

import java.nio.file.Path;

/**
 * How browsers reach the console: its own TLS (certificate chain and private key PEM files), or a
 * TLS-terminating proxy in front ({@code behindProxy}), or plain HTTP on a trusted network.
 */
public record ConsoleTls(Path certificate, Path key, boolean behindProxy) {
    public static final ConsoleTls NONE = new ConsoleTls(null, null, false);

    public ConsoleTls {
        if ((certificate == null) != (key == null)) {
            throw new IllegalArgumentException("TLS needs both the certificate chain (--tls-cert) and the private key (--tls-key)");
        }
    }
}
