package dev.hookline.core.schedule;

import java.util.List;

/** Port: the FIFO streams queue. Order holds within a group; the dedup id drops a repeat inside SQS's window. */
public interface OrderedSender {
    record OrderedMessage(String groupId, String deduplicationId, String body) {
    }

    /**
     * Sends all or throws; the caller releases its dedup claim when it throws, so a retry is accepted (and the
     * dedup ids drop what this attempt did send). Messages of one group are sent in order, each only after the one
     * before it was acknowledged; each fits {@link dev.hookline.core.limits.ServiceLimits#SQS_MESSAGE_BYTES}.
     */
    void send(List<OrderedMessage> messages);
}
