/** {@code citywall crypto keygen | sign | verify | encrypt | decrypt | csr | issue | crl}. */
package org.citywall.crypto.cli;
