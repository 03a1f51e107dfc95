package org.citywall.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * The console's TLS identity from the PEM files operators already have (a certificate chain, leaf
 * first, and its unencrypted private key: PKCS#8, or the traditional RSA/EC forms OpenSSL writes),
 * as the in-memory key store Jetty wants. A file that is missing or holds the wrong thing is a
 * clear error at start.
 */
final class TlsFiles {
    static final char[] STORE_PASSWORD = "in-memory".toCharArray();

    private TlsFiles() {}

    static KeyStore keyStore(Path chainPem, Path keyPem) {
        Certificate[] chain;
        try (InputStream in = Files.newInputStream(chainPem)) {
            Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
            chain = certs.toArray(new Certificate[0]);
        } catch (IOException | java.security.GeneralSecurityException | RuntimeException e) {
            throw new IllegalArgumentException("TLS certificate file " + chainPem + " cannot be read as PEM certificates: " + e.getMessage());
        }
        if (chain.length == 0) {
            throw new IllegalArgumentException("TLS certificate file " + chainPem + " holds no certificate");
        }
        PrivateKey key = privateKey(keyPem);
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("console", key, STORE_PASSWORD, chain);
            return ks;
        } catch (IOException | java.security.GeneralSecurityException e) {
            throw new IllegalArgumentException("the TLS key in " + keyPem + " does not go with the certificate in " + chainPem
                    + ": " + e.getMessage());
        }
    }

    /** The HTTPS-only connector (TLS 1.2 and 1.3) Jetty serves the console on, with {@code identity}. */
    static org.eclipse.jetty.server.ServerConnector httpsConnector(org.eclipse.jetty.server.Server server,
            org.eclipse.jetty.server.HttpConfiguration http, KeyStore identity, String host, int port) {
        org.eclipse.jetty.util.ssl.SslContextFactory.Server ssl = new org.eclipse.jetty.util.ssl.SslContextFactory.Server();
        ssl.setKeyStore(identity);
        ssl.setKeyStorePassword(new String(STORE_PASSWORD));
        ssl.setIncludeProtocols("TLSv1.3", "TLSv1.2");
        org.eclipse.jetty.server.HttpConfiguration https = new org.eclipse.jetty.server.HttpConfiguration(http);
        org.eclipse.jetty.server.SecureRequestCustomizer secure = new org.eclipse.jetty.server.SecureRequestCustomizer();
        secure.setSniHostCheck(false); // clients may use an address the certificate does not name; they decide whether to trust it
        https.addCustomizer(secure);
        org.eclipse.jetty.server.ServerConnector tls = new org.eclipse.jetty.server.ServerConnector(server,
                new org.eclipse.jetty.server.SslConnectionFactory(ssl, "http/1.1"),
                new org.eclipse.jetty.server.HttpConnectionFactory(https));
        tls.setHost(host);
        tls.setPort(port);
        return tls;
    }

    private static PrivateKey privateKey(Path keyPem) {
        try (Reader r = Files.newBufferedReader(keyPem); PEMParser p = new PEMParser(r)) {
            Object o = p.readObject();
            // Bouncy Castle reads every form (an OpenSSL "EC PRIVATE KEY" keeps its curve where the JDK does not
            // look); the key is then re-encoded as PKCS#8 for the JDK's own providers, which TLS uses
            JcaPEMKeyConverter convert = new JcaPEMKeyConverter().setProvider(new org.bouncycastle.jce.provider.BouncyCastleProvider());
            PrivateKey read = o instanceof PEMKeyPair pair ? convert.getPrivateKey(pair.getPrivateKeyInfo())
                    : o instanceof PrivateKeyInfo info ? convert.getPrivateKey(info) : null;
            if (read != null) {
                return java.security.KeyFactory.getInstance(read.getAlgorithm().equals("ECDSA") ? "EC" : read.getAlgorithm())
                        .generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(read.getEncoded()));
            }
            throw new IllegalArgumentException("TLS key file " + keyPem + " holds no unencrypted private key"
                    + (o == null ? "" : " (found " + o.getClass().getSimpleName() + ")"));
        } catch (IOException | java.security.GeneralSecurityException e) {
            throw new IllegalArgumentException("TLS key file " + keyPem + " cannot be read: " + e.getMessage());
        }
    }
}
