package dev.hookline.core.delivery;

import dev.hookline.core.fault.FaultPoint;
import dev.hookline.core.fault.Faults;
import dev.hookline.core.outbound.AttemptOutcome;
import dev.hookline.core.outbound.FailureKind;

import java.util.Optional;

/**
 * Makes one attempt of one delivery: claim it ({@link DeliveryClaims}), sign and send ({@link AttemptSender}),
 * record ({@link AttemptRecorder}), which schedules the next attempt, parks it, or dead-letters it. A delivery
 * that already succeeded is never sent again, however often its message is redelivered: the claim refuses final
 * deliveries and the record is fenced by the attempt count.
 */
public final class DeliveryWorker {
    /** What the queue should do with the message that asked for this attempt. */
    public enum Result { DONE, RESCHEDULED, SKIPPED, HANDED_BACK }

    public static final String USER_AGENT = DeliveryRequests.USER_AGENT;

    private final DeliveryClaims claims;
    private final AttemptSender sender;
    private final AttemptRecorder recorder;

    /** {@code recorder} schedules its push retries through the same {@link LaneQueues} as {@code claims}. */
    public DeliveryWorker(DeliveryClaims claims, AttemptSender sender, AttemptRecorder recorder) {
        this.claims = claims;
        this.sender = sender;
        this.recorder = recorder;
    }

    public Result attempt(DeliveryTask task) {
        DeliveryClaims.Claim claim = claims.claim(task);
        if (claim instanceof DeliveryClaims.Settled(Result result)) {
            return result;
        }
        DeliveryClaims.Ready ready = (DeliveryClaims.Ready) claim;
        try (LaneGate.Slot slot = ready.admission().slot()) {
            Optional<Result> held = claims.held(task, ready);
            return held.isPresent() ? held.get() : sendAndRecord(ready, slot);
        }
    }

    private Result sendAndRecord(DeliveryClaims.Ready ready, LaneGate.Slot slot) {
        Delivery claimed = ready.delivery();
        int n = claimed.attemptCount() + 1;
        if (ready.message() == null) {
            recorder.recordExpired(claimed, n, ready.now());
            return Result.DONE;
        }
        OutboundResponse response = sender.send(ready.endpoint(), ready.message(), ready.now());
        slot.observed(response.latencyMs(), response.failure() == FailureKind.TIMEOUT);
        Faults.at(FaultPoint.DELIVERY_AFTER_RESPONSE);
        AttemptOutcome outcome = sender.classify(response);
        recorder.recordPushed(claimed, ready.endpoint(), AttemptSender.attempt(n, ready.now(), response, outcome), outcome);
        return Result.DONE;
    }
}
