package org.citywall.collector;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.nio.file.Files;

/** Builds an input's TLS server context from its PEM files (RFC 5425 for syslog, and any other TCP input). */
final class TlsContexts {
    private TlsContexts() {}

    static SslContext server(InputSpec spec, InputOptions o) {
        for (var file : new java.nio.file.Path[] {o.tlsCert, o.tlsKey, o.tlsClientCa}) {
            if (file != null && !Files.isReadable(file)) {
                throw new IllegalArgumentException("input " + spec.name() + ": cannot read " + file);
            }
        }
        try {
            SslContextBuilder b = SslContextBuilder.forServer(o.tlsCert.toFile(), o.tlsKey.toFile())
                    .sslProvider(SslProvider.JDK)
                    .protocols("TLSv1.3", "TLSv1.2");
            if (o.tlsClientCa != null) {
                b.trustManager(o.tlsClientCa.toFile());
            }
            b.clientAuth(switch (o.clientAuth) {
                case NONE -> ClientAuth.NONE;
                case OPTIONAL -> ClientAuth.OPTIONAL;
                case REQUIRE -> ClientAuth.REQUIRE;
            });
            return b.build();
        } catch (Exception e) {
            throw new IllegalArgumentException("input " + spec.name() + ": cannot use the TLS certificate/key ("
                    + ConnectionErrors.rootMessage(e) + "); give PEM files, the key in PKCS#8", e);
        }
    }
}
