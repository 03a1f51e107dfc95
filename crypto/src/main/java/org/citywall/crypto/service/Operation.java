package org.citywall.crypto.service;

/**
 * Every operation of the crypto service, with its permission string. Key-scoped operations
 * need {@code crypto:<operation>:<key>} (e.g. {@code crypto:sign:invoice-signing}); the others
 * need {@code crypto:<operation>} ({@code crypto:hash}, {@code crypto:list},
 * {@code crypto:cert-issue}, {@code crypto:cert-revoke}, {@code crypto:crl},
 * {@code crypto:cms-verify}). Shiro wildcard permissions such as {@code crypto:*:app1-*}
 * fit this layout.
 */
public enum Operation {
    SIGN("sign", true),
    VERIFY("verify", true),
    ENCRYPT("encrypt", true),
    DECRYPT("decrypt", true),
    REWRAP("rewrap", true),
    HMAC("hmac", true),
    HMAC_VERIFY("hmac-verify", true),
    HASH("hash", false),
    DATA_KEY("datakey", true),
    KEY_CREATE("key-create", true),
    KEY_ROTATE("key-rotate", true),
    KEY_DISABLE("key-disable", true),
    KEY_ENABLE("key-enable", true),
    KEY_CONFIG("key-config", true),
    KEY_LIST("list", false),
    PUBLIC_KEY("publickey", true),
    CERT_ISSUE("cert-issue", false),
    CERT_REVOKE("cert-revoke", false),
    CRL("crl", false),
    CMS_SIGN("cms-sign", true),
    CMS_VERIFY("cms-verify", false);

    private final String name;
    private final boolean keyScoped;

    Operation(String name, boolean keyScoped) {
        this.name = name;
        this.keyScoped = keyScoped;
    }

    /** The operation's name in permission strings and audit events, e.g. {@code sign}. */
    public String label() {
        return name;
    }

    /** Whether the permission names a key. */
    public boolean keyScoped() {
        return keyScoped;
    }

    /** The permission needed for this operation on {@code key} (ignored when not key-scoped). */
    public String permission(String key) {
        return keyScoped ? "crypto:" + name + ":" + key : "crypto:" + name;
    }
}
