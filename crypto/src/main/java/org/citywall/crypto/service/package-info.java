/**
 * The crypto service behind {@code /api/v1/crypto/...}, independent of transport:
 * {@link org.citywall.crypto.service.CryptoService} with the request and response records of
 * {@link org.citywall.crypto.service.CryptoApi}, per-key authorisation through an
 * {@link org.citywall.crypto.service.Authorizer}, one {@link org.citywall.crypto.service.AuditHook}
 * for every call, and the stable {@link org.citywall.crypto.service.ErrorCode}s.
 */
package org.citywall.crypto.service;
