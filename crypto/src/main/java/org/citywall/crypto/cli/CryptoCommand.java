package org.citywall.crypto.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code citywall crypto ...}: SM2/SM3/SM4 operations for operators, reading and writing the
 * PEM and DER files the OpenSSL 3 command line reads and writes.
 */
@Command(name = "crypto",
        mixinStandardHelpOptions = true,
        description = "SM2 keys, signatures, encryption, CSRs, certificates and CRLs (files OpenSSL 3 reads and writes).",
        subcommands = {
            KeygenCommand.class,
            SignCommand.class,
            VerifyCommand.class,
            EncryptCommand.class,
            DecryptCommand.class,
            CsrCommand.class,
            IssueCommand.class,
            CrlCommand.class,
        })
public final class CryptoCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
