package dev.hookline.infrastructure.dynamo;

import dev.hookline.core.delivery.IdempotencyStore.Claimed;
import dev.hookline.core.delivery.IdempotencyStore.Completed;
import dev.hookline.core.delivery.IdempotencyStore.InProgress;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** Idempotency-Key claims: the first request holds the key, a repeat waits or gets the stored answer. */
class DynamoIdempotencyStoreTest {
    /** In the future: DynamoDB Local deletes items whose TTL is in the past now and then. */
    private static final Instant NOW = Instant.parse("2100-03-01T10:00:00Z");
    private static final Instant WINDOW = NOW.plusSeconds(86_400);

    private static DynamoLocal local;
    private static DynamoIdempotencyStore store;

    @BeforeAll
    static void start() {
        local = DynamoLocal.start().idempotency();
        store = new DynamoIdempotencyStore(local.client(), DynamoLocal.IDEMPOTENCY);
    }

    @AfterAll
    static void stop() {
        if (local != null) {
            local.close();
        }
    }

    private static String key() {
        return "T#tn_1#K#" + UUID.randomUUID();
    }

    @Test
    void theFirstRequestHoldsTheKeyARepeatWaitsThenGetsTheStoredAnswer() {
        String key = key();
        assertEquals(new Claimed("msg_1", false), store.claim(key, "msg_1", NOW, WINDOW));
        assertInstanceOf(InProgress.class, store.claim(key, "msg_2", NOW.plusSeconds(1), WINDOW));
        store.complete(key, "{\"id\":\"msg_1\"}", WINDOW);
        assertEquals(new Completed("{\"id\":\"msg_1\"}"), store.claim(key, "msg_3", NOW.plusSeconds(2), WINDOW));
    }

    @Test
    void aRequestThatDiedIsResumedUnderItsMessageIdOnceItsLeaseRanOut() {
        String key = key();
        store.claim(key, "msg_1", NOW, WINDOW);
        Instant later = NOW.plus(DynamoIdempotencyStore.IN_PROGRESS_LEASE).plusSeconds(1);
        assertEquals(new Claimed("msg_1", true), store.claim(key, "msg_2", later, WINDOW));
    }

    @Test
    void aClaimWhoseAnswerWasLostIsStillTheRequestsAfterTheSdkRetriesIt() {
        LostAnswers lost = new LostAnswers("UpdateItem");
        DynamoIdempotencyStore flaky = new DynamoIdempotencyStore(local.client(lost), DynamoLocal.IDEMPOTENCY);
        String key = key();
        lost.loseNext(1);
        assertEquals(new Claimed("msg_1", false), flaky.claim(key, "msg_1", NOW, WINDOW));
        assertEquals(1, lost.lost(), "the claim landed and was retried");
        assertInstanceOf(InProgress.class, store.claim(key, "msg_2", NOW.plusSeconds(1), WINDOW), "another request waits");
    }

    @Test
    void aResumedClaimWhoseAnswerWasLostKeepsTheEarlierMessageId() {
        LostAnswers lost = new LostAnswers("UpdateItem");
        DynamoIdempotencyStore flaky = new DynamoIdempotencyStore(local.client(lost), DynamoLocal.IDEMPOTENCY);
        String key = key();
        store.claim(key, "msg_1", NOW, WINDOW);
        Instant later = NOW.plus(DynamoIdempotencyStore.IN_PROGRESS_LEASE).plusSeconds(1);
        lost.loseNext(1);
        assertEquals(new Claimed("msg_1", true), flaky.claim(key, "msg_2", later, WINDOW));
        assertEquals(1, lost.lost());
    }
}
