package org.citywall.app.embedded;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The embedded platform's HTTP ingest token: generated once, on the first start, into a file only
 * its owner can read ({@code TOKEN DOMAIN}, the collector's tokens-file format), and kept across
 * restarts so shippers configured with it keep working. Operators add lines for more sources.
 */
final class HttpIngestToken {
    private HttpIngestToken() {}

    /** Creates {@code file} with a fresh token for {@code domain} unless it exists; returns the file. */
    static Path ensure(Path file, String domain) throws IOException {
        if (Files.exists(file)) {
            return file;
        }
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        String content = "# HTTP ingest tokens: TOKEN DOMAIN per line (send as 'Authorization: Bearer TOKEN')\n"
                + token + " " + domain + "\n";
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        } catch (FileAlreadyExistsException e) {
            return file; // another start won the race; its token stands
        }
        Files.writeString(file, content);
        return file;
    }
}
