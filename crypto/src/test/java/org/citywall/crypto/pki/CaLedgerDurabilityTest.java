package org.citywall.crypto.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.citywall.crypto.CryptoException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ledger changes in memory only once the change is on disk. */
class CaLedgerDurabilityTest {

    @TempDir
    Path dir;

    private static final BigInteger SERIAL = BigInteger.valueOf(0xabc);

    /** Makes every later save fail: the ledger's own name is taken by a non-empty directory, so no rename can land. */
    private static void blockSaves(Path file) throws Exception {
        Files.delete(file);
        Files.createDirectories(file.resolve("in-the-way"));
    }

    @Test
    void aRevocationThatCannotBeSavedIsReportedAndNotRemembered() throws Exception {
        Path file = dir.resolve("ledger.json");
        CaLedger ledger = CaLedger.open(file);
        ledger.recordIssued(new CaLedger.Issued(SERIAL, "CN=app", Instant.now().plusSeconds(3600)));
        blockSaves(file);
        assertThatThrownBy(() -> ledger.revoke(SERIAL, 1, Instant.now()))
                .isInstanceOf(CryptoException.class).hasMessageContaining("cannot be written")
                .extracting("reason").isEqualTo(CryptoException.Reason.KEYRING_UNAVAILABLE);
        assertThat(ledger.isRevoked(SERIAL)).isFalse();
        assertThat(ledger.revocations()).isEmpty();
        // no temporary file is left behind
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("ledger.json");
        }
    }

    @Test
    void anIssueOrCrlNumberThatCannotBeSavedLeavesTheLedgerAsItWas() throws Exception {
        Path file = dir.resolve("ledger.json");
        CaLedger ledger = CaLedger.open(file);
        ledger.recordIssued(new CaLedger.Issued(SERIAL, "CN=app", Instant.now().plusSeconds(3600)));
        assertThat(ledger.nextCrlNumber()).isEqualTo(1);
        blockSaves(file);
        assertThatThrownBy(() -> ledger.recordIssued(new CaLedger.Issued(BigInteger.TEN, "CN=other", Instant.now())))
                .isInstanceOf(CryptoException.class);
        assertThat(ledger.issued()).extracting(CaLedger.Issued::serial).containsExactly(SERIAL);
        assertThatThrownBy(ledger::nextCrlNumber).isInstanceOf(CryptoException.class);
        // once the file can be written again, numbering continues where the saved ledger left it
        Files.delete(file.resolve("in-the-way"));
        Files.delete(file);
        assertThat(ledger.nextCrlNumber()).isEqualTo(2);
        assertThat(CaLedger.open(file).issued()).extracting(CaLedger.Issued::serial).containsExactly(SERIAL);
    }

    @Test
    void aSavedRevocationSurvivesReopening() {
        Path file = dir.resolve("ledger.json");
        CaLedger ledger = CaLedger.open(file);
        ledger.recordIssued(new CaLedger.Issued(SERIAL, "CN=app", Instant.now().plusSeconds(3600)));
        ledger.revoke(SERIAL, 1, Instant.now());
        assertThat(CaLedger.open(file).isRevoked(SERIAL)).isTrue();
    }
}
