package dev.hookline.infrastructure.sqs;

import dev.hookline.core.schedule.OrderedSender;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.GetQueueAttributesRequest;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The FIFO streams queue, ten messages per request. A batch that SQS only partly accepts counts as failed:
 * the caller answers 503 and the sender retries; the deduplication ids make the accepted part harmless.
 */
public final class SqsOrderedSender implements OrderedSender {
    private record Depth(long value, Instant at) {
    }

    private static final Duration DEPTH_TTL = Duration.ofSeconds(5);

    private final SqsClient sqs;
    private final String queueUrl;
    private final Clock clock;
    private final AtomicReference<Depth> depth = new AtomicReference<>();

    public SqsOrderedSender(SqsClient sqs, String queueUrl, Clock clock) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.clock = clock;
    }

    @Override
    public void send(List<OrderedMessage> messages) {
        for (int i = 0; i < messages.size(); i += 10) {
            List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
            List<OrderedMessage> chunk = messages.subList(i, Math.min(i + 10, messages.size()));
            for (int j = 0; j < chunk.size(); j++) {
                OrderedMessage m = chunk.get(j);
                entries.add(SendMessageBatchRequestEntry.builder().id(Integer.toString(j)).messageBody(m.body())
                        .messageGroupId(m.groupId()).messageDeduplicationId(m.deduplicationId()).build());
            }
            SendMessageBatchResponse response = sqs.sendMessageBatch(SendMessageBatchRequest.builder()
                    .queueUrl(queueUrl).entries(entries).build());
            if (response.hasFailed() && !response.failed().isEmpty()) {
                throw new IllegalStateException("SQS refused " + response.failed().size() + " of " + entries.size()
                        + " stream records (" + response.failed().getFirst().code() + ")");
            }
        }
    }

    @Override
    public long approximateDepth() {
        Depth cached = depth.get();
        Instant now = clock.instant();
        if (cached != null && cached.at().plus(DEPTH_TTL).isAfter(now)) {
            return cached.value();
        }
        String value = sqs.getQueueAttributes(GetQueueAttributesRequest.builder().queueUrl(queueUrl)
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES).build())
                .attributes().get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES);
        long d = value == null ? 0 : Long.parseLong(value);
        depth.set(new Depth(d, now));
        return d;
    }
}
