package dev.hookline.core.outbound;

/** Ways an attempt can fail without a complete, well-formed answer. */
public enum FailureKind {
    /** Connect or response deadline passed (the whole attempt, body included, has one deadline). */
    TIMEOUT,
    /** Refused, reset, unreachable, DNS failure at send time. */
    CONNECT_ERROR,
    /** Handshake or certificate problem. */
    TLS_ERROR,
    /** The URL guard refused the target at connect time (e.g. the name now resolves to a private address). */
    UNSAFE_TARGET,
    /** The status line or headers went beyond what we read (too long, too many): never taken as an answer. */
    RESPONSE_TOO_LARGE,
    /** The receiver closed before the answer ended (no answer at all, headers that never ended, a cut body). */
    INCOMPLETE_RESPONSE,
    /** What came back is not HTTP/1.1 (garbled status line, broken chunk coding, invalid header). */
    MALFORMED_RESPONSE
}
