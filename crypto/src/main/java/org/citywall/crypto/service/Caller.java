package org.citywall.crypto.service;

import java.util.Objects;

/**
 * Who is calling the crypto service: the identity the transport authenticated (an
 * application id for API-key, HMAC-signed or SM2 client-certificate requests). The service
 * never authenticates; it authorises this identity per key and operation and names it in
 * the audit trail.
 */
public record Caller(String id) {
    public Caller {
        Objects.requireNonNull(id, "caller id");
        if (id.isBlank()) {
            throw new IllegalArgumentException("caller id must not be blank");
        }
    }
}
