package dev.hookline.core.outbound;

/** Ways an attempt can fail before any HTTP status arrives. */
public enum FailureKind {
    /** Connect or response deadline passed. */
    TIMEOUT,
    /** Refused, reset, unreachable, DNS failure at send time. */
    CONNECT_ERROR,
    /** Handshake or certificate problem. */
    TLS_ERROR,
    /** The URL guard refused the target at connect time (e.g. the name now resolves to a private address). */
    UNSAFE_TARGET
}
