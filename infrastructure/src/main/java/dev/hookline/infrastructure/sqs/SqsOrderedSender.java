package dev.hookline.infrastructure.sqs;

import dev.hookline.core.fault.FaultPoint;
import dev.hookline.core.fault.Faults;
import dev.hookline.core.limits.ServiceLimits;
import dev.hookline.core.schedule.OrderedSender;
import dev.hookline.infrastructure.concurrent.Parallel;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The FIFO streams queue. Messages go out in waves: the first message of every group, then the second, and so
 * on, so a group's next message is sent only once the one before it was acknowledged (order holds even across
 * requests), while different groups share requests (ten entries and 1 MiB each) that run a few at a time. A
 * request that SQS only partly accepts counts as failed: the caller answers 503 and the sender retries; the
 * deduplication ids make the accepted part harmless.
 */
public final class SqsOrderedSender implements OrderedSender {
    /** Requests in flight at once for one call: enough to send thousands of groups inside the ingest timeout. */
    private static final int PARALLEL_REQUESTS = 16;

    private final SqsClient sqs;
    private final String queueUrl;

    public SqsOrderedSender(SqsClient sqs, String queueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
    }

    @Override
    public void send(List<OrderedMessage> messages) {
        List<List<OrderedMessage>> requests = new ArrayList<>();
        List<Integer> waveEnds = new ArrayList<>();
        for (List<OrderedMessage> wave : waves(messages)) {
            requests.addAll(requests(wave));
            waveEnds.add(requests.size());
        }
        int next = 0;
        for (int end : waveEnds) {
            if (next == 0 && end > 0) {
                sendBatch(requests.getFirst()); // the first alone: a crash after it leaves a call half sent
                next = 1;
                if (requests.size() > 1) {
                    Faults.at(FaultPoint.INGEST_MID_SEND);
                }
            }
            sendAll(requests.subList(next, end));
            next = end;
        }
    }

    /** The k-th wave holds the k-th message of every group that has one, in the groups' order. */
    private static List<List<OrderedMessage>> waves(List<OrderedMessage> messages) {
        Map<String, List<OrderedMessage>> groups = new LinkedHashMap<>();
        messages.forEach(m -> groups.computeIfAbsent(m.groupId(), k -> new ArrayList<>()).add(m));
        List<List<OrderedMessage>> waves = new ArrayList<>();
        for (List<OrderedMessage> group : groups.values()) {
            for (int k = 0; k < group.size(); k++) {
                if (waves.size() == k) {
                    waves.add(new ArrayList<>());
                }
                waves.get(k).add(group.get(k));
            }
        }
        return waves;
    }

    /** Requests of at most ten entries whose bodies add up to at most SQS's 1 MiB. */
    private static List<List<OrderedMessage>> requests(List<OrderedMessage> wave) {
        List<List<OrderedMessage>> out = new ArrayList<>();
        List<OrderedMessage> current = new ArrayList<>();
        long bytes = 0;
        for (OrderedMessage m : wave) {
            int size = ServiceLimits.utf8Length(m.body());
            if (!current.isEmpty() && (current.size() == ServiceLimits.SQS_BATCH_ENTRIES
                    || bytes + size > ServiceLimits.SQS_MESSAGE_BYTES)) {
                out.add(current);
                current = new ArrayList<>();
                bytes = 0;
            }
            current.add(m);
            bytes += size;
        }
        if (!current.isEmpty()) {
            out.add(current);
        }
        return out;
    }

    private void sendAll(List<List<OrderedMessage>> requests) {
        Parallel.runAll(requests.stream().<Runnable>map(request -> () -> sendBatch(request)).toList(), PARALLEL_REQUESTS);
    }

    private void sendBatch(List<OrderedMessage> chunk) {
        List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
        for (int j = 0; j < chunk.size(); j++) {
            OrderedMessage m = chunk.get(j);
            entries.add(SendMessageBatchRequestEntry.builder().id(Integer.toString(j)).messageBody(m.body())
                    .messageGroupId(m.groupId()).messageDeduplicationId(m.deduplicationId()).build());
        }
        SendMessageBatchResponse response = sqs.sendMessageBatch(SendMessageBatchRequest.builder()
                .queueUrl(queueUrl).entries(entries).build());
        if (response.hasFailed() && !response.failed().isEmpty()) {
            throw new IllegalStateException("SQS refused " + response.failed().size() + " of " + entries.size()
                    + " stream messages (" + response.failed().getFirst().code() + ")");
        }
    }
}
