package org.citywall.audit.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --log DIR} option shared by commands that read a log directory. */
final class LogOption {
    @Option(names = {"-l", "--log"}, paramLabel = "DIR", required = true, description = "the audit log directory")
    Path dir;
}
