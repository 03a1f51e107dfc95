package org.citywall.crypto;

import java.util.List;

/**
 * Public facts about a named key: its type, primary version (used for new signatures and
 * ciphertexts), minimum decryption version (older versions are refused for decrypt, verify and
 * unwrap) and every version it has had.
 */
public record KeyInfo(String name, KeyType type, int primaryVersion, int minDecryptionVersion, List<KeyVersionInfo> versions) {
    public KeyInfo {
        versions = List.copyOf(versions);
    }
}
