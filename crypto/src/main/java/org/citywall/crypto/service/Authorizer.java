package org.citywall.crypto.service;

/**
 * Decides whether a caller may perform an operation, checked by {@link CryptoService} before
 * every call. The console backs this with Shiro ({@code subject.isPermitted(permission)}).
 */
@FunctionalInterface
public interface Authorizer {

    /**
     * @param caller the authenticated caller
     * @param permission e.g. {@code crypto:sign:invoice-signing} (see {@link Operation#permission})
     */
    boolean isPermitted(Caller caller, String permission);

    /** Permits everything — for tests and single-tenant command-line use only. */
    static Authorizer permitAll() {
        return (caller, permission) -> true;
    }
}
