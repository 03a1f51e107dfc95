package org.citywall.crypto;

/** Life cycle of one key version. */
public enum VersionState {
    /** Usable for every operation of its key type. */
    ENABLED,
    /** Kept, but refused for every operation until enabled again. */
    DISABLED,
    /** Secret material erased for good; an SM2 version keeps its public key so old signatures still verify. */
    DESTROYED
}
