package dev.hookline.core.delivery;

/**
 * Port: sends one signed webhook request. Implementations run the URL guard again at connect time,
 * never follow redirects, and read at most {@link OutboundResponse#MAX_EXCERPT_BYTES} of the answer.
 * They never throw for a receiver's behaviour: every outcome is an {@link OutboundResponse}.
 */
public interface WebhookSender {
    OutboundResponse send(OutboundRequest request);
}
