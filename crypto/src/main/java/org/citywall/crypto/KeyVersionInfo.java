package org.citywall.crypto;

import java.time.Instant;

/** Public facts about one version of a named key (never its material). */
public record KeyVersionInfo(int version, VersionState state, Instant created) {
}
