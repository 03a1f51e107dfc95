package org.citywall.crypto.cli;

/** File encodings the commands write. */
enum Format {
    PEM,
    DER
}
