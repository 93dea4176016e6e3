package dev.hookline.infrastructure.sqs;

import dev.hookline.core.schedule.QueueSender;
import dev.hookline.core.schedule.WorkQueue;
import dev.hookline.infrastructure.config.Environment;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/** Sends to Hookline's own queues, whose URLs come from the environment template.yaml sets. */
public final class SqsQueueSender implements QueueSender {
    private final SqsClient sqs;
    private final Map<WorkQueue, String> urls;

    public SqsQueueSender(SqsClient sqs, Map<WorkQueue, String> urls) {
        this.sqs = sqs;
        this.urls = Map.copyOf(urls);
    }

    public static Map<WorkQueue, String> urlsFrom(Environment env) {
        Map<WorkQueue, String> urls = new EnumMap<>(WorkQueue.class);
        env.optional("DELIVERY_QUEUE_URL").ifPresent(u -> urls.put(WorkQueue.DELIVERY, u));
        env.optional("DELIVERY_SLOW_QUEUE_URL").ifPresent(u -> urls.put(WorkQueue.DELIVERY_SLOW, u));
        env.optional("DELIVERY_DLQ_URL").ifPresent(u -> urls.put(WorkQueue.DELIVERY_DEAD_LETTERS, u));
        env.optional("RUNS_QUEUE_URL").ifPresent(u -> urls.put(WorkQueue.RUNS, u));
        env.optional("STREAMS_QUEUE_URL").ifPresent(u -> urls.put(WorkQueue.STREAMS, u));
        return urls;
    }

    public String urlOf(WorkQueue queue) {
        String url = urls.get(queue);
        if (url == null) {
            throw new IllegalStateException("No queue URL configured for " + queue);
        }
        return url;
    }

    @Override
    public void send(WorkQueue queue, String body, Duration delay) {
        // Rounded up: a retry must never arrive before its due time (Retry-After is a "not before").
        long ceilSeconds = delay.toSeconds() + (delay.toNanosPart() > 0 ? 1 : 0);
        int seconds = (int) Math.min(Math.max(0, ceilSeconds), MAX_DELAY.toSeconds());
        sqs.sendMessage(SendMessageRequest.builder().queueUrl(urlOf(queue)).messageBody(body).delaySeconds(seconds).build());
    }
}
