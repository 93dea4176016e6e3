package dev.hookline.core.inbound.verify;

/** An endpoint-ownership challenge a sender sends (once verified) and expects answered instead of stored. */
public enum Handshake {
    NONE,
    /** Slack Events API {@code url_verification}. */
    SLACK_URL_VERIFICATION,
    /** Zoom {@code endpoint.url_validation}, answered with an HMAC of the plain token under the secret token. */
    ZOOM_URL_VALIDATION
}
