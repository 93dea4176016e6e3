package dev.hookline.infrastructure.dynamo;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DynamoDedupStoreTest {
    private static final Instant NOW = Instant.parse("2025-03-01T10:00:00Z");
    private static final Instant LATER = NOW.plusSeconds(86_400);

    private static DynamoLocal local;
    private static DynamoDedupStore store;

    @BeforeAll
    static void start() {
        local = DynamoLocal.start().idempotency();
        store = new DynamoDedupStore(local.client(), DynamoLocal.IDEMPOTENCY);
    }

    @AfterAll
    static void stop() {
        if (local != null) {
            local.close();
        }
    }

    private static String key() {
        return "src_1#" + UUID.randomUUID();
    }

    @Test
    void firstClaimWinsAndDuplicatesGetItsRecordId() {
        String key = key();
        assertEquals(Optional.empty(), store.claim(key, "rec_1", NOW, LATER));
        assertEquals(Optional.of("rec_1"), store.claim(key, "rec_2", NOW.plusSeconds(1), LATER));
        assertEquals(Optional.of("rec_1"), store.claim(key, "rec_3", NOW.plusSeconds(2), LATER));
        assertEquals(Optional.empty(), store.claim(key(), "rec_4", NOW, LATER), "other keys are independent");
    }

    @Test
    void concurrentClaimsHaveExactlyOneWinner() throws Exception {
        String key = key();
        int n = 20;
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Optional<String>>> results = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < n; i++) {
                String recordId = "rec_" + i;
                results.add(threads.submit(() -> {
                    go.await();
                    return store.claim(key, recordId, NOW, LATER);
                }));
            }
            go.countDown();
        }
        List<Integer> winners = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (results.get(i).get().isEmpty()) {
                winners.add(i);
            }
        }
        assertEquals(1, winners.size(), "exactly one claim wins");
        String winner = "rec_" + winners.getFirst();
        for (int i = 0; i < n; i++) {
            if (i != winners.getFirst()) {
                assertEquals(Optional.of(winner), results.get(i).get());
            }
        }
    }

    @Test
    void releaseLetsTheKeyBeClaimedAgain() {
        String key = key();
        assertTrue(store.claim(key, "rec_1", NOW, LATER).isEmpty());
        store.release(key);
        assertEquals(Optional.empty(), store.claim(key, "rec_2", NOW, LATER));
        assertEquals(Optional.of("rec_2"), store.claim(key, "rec_3", NOW, LATER));
        store.release(key());
    }

    @Test
    void anExpiredClaimCanBeClaimedAgain() {
        String key = key();
        assertTrue(store.claim(key, "rec_old", NOW.minusSeconds(120), NOW.minusSeconds(60)).isEmpty());
        assertEquals(Optional.empty(), store.claim(key, "rec_new", NOW, LATER));
        assertEquals(Optional.of("rec_new"), store.claim(key, "rec_dup", NOW.plusSeconds(1), LATER));
        assertEquals(Optional.empty(), store.claim(key, "rec_after", LATER.plusSeconds(1), LATER.plusSeconds(60)));
    }
}
