package org.citywall.collector;

import java.nio.file.Path;
import java.util.List;

/**
 * A throw-away PKI made with the openssl command line: a CA, a server certificate for
 * {@value #SERVER_NAME} and 127.0.0.1, a client certificate the CA signed, and a self-signed client
 * certificate it did not. Keys are EC P-256 in PKCS#8 PEM.
 */
final class TestPki {

    static final String SERVER_NAME = "citywall-test-server";

    final Path caCert;
    final Path serverCert;
    final Path serverKey;
    final Path clientCert;
    final Path clientKey;
    final Path strangerCert;
    final Path strangerKey;

    TestPki(Path dir) {
        caCert = dir.resolve("ca.pem");
        Path caKey = dir.resolve("ca.key");
        serverCert = dir.resolve("server.pem");
        serverKey = dir.resolve("server.key");
        clientCert = dir.resolve("client.pem");
        clientKey = dir.resolve("client.key");
        strangerCert = dir.resolve("stranger.pem");
        strangerKey = dir.resolve("stranger.key");
        openssl(List.of("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", caKey.toString(), "-out", caCert.toString(), "-subj", "/CN=CityWall Test CA", "-days", "2",
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign"));
        issue(dir, "server", "/CN=" + SERVER_NAME, "subjectAltName=DNS:" + SERVER_NAME + ",IP:127.0.0.1\nextendedKeyUsage=serverAuth",
                caCert, caKey, serverKey, serverCert);
        issue(dir, "client", "/CN=sender.taiyuan", "extendedKeyUsage=clientAuth", caCert, caKey, clientKey, clientCert);
        openssl(List.of("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", strangerKey.toString(), "-out", strangerCert.toString(), "-subj", "/CN=stranger", "-days", "2"));
    }

    private static void issue(Path dir, String name, String subject, String extensions, Path caCert, Path caKey,
                              Path key, Path cert) {
        Path csr = dir.resolve(name + ".csr");
        Path ext = dir.resolve(name + ".ext");
        try {
            java.nio.file.Files.writeString(ext, extensions + "\n");
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        openssl(List.of("req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", key.toString(), "-out", csr.toString(), "-subj", subject));
        openssl(List.of("x509", "-req", "-in", csr.toString(), "-CA", caCert.toString(), "-CAkey", caKey.toString(),
                "-CAcreateserial", "-out", cert.toString(), "-days", "2", "-extfile", ext.toString()));
    }

    private static void openssl(List<String> args) {
        List<String> cmd = new java.util.ArrayList<>();
        cmd.add("openssl");
        cmd.addAll(args);
        Command.ok(cmd, null);
    }
}
