package dev.hookline.infrastructure.dynamo;

import dev.hookline.core.inbound.DedupStore.Claim;
import dev.hookline.core.inbound.DedupStore.Claimed;
import dev.hookline.core.inbound.DedupStore.Done;
import dev.hookline.core.inbound.DedupStore.InFlight;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** Dedup claims as leases: pending until committed or released, taken over when a call died, done for duplicates. */
class DynamoDedupStoreTest {
    /** In the future: DynamoDB Local does run TTL deletion now and then, and would take items "expired" in the past. */
    private static final Instant NOW = Instant.parse("2100-03-01T10:00:00Z");
    private static final Instant LEASE = NOW.plusSeconds(15);
    private static final Instant WINDOW = NOW.plusSeconds(86_400);

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
    void aCommittedClaimMakesLaterCallsDuplicatesOfIt() {
        String key = key();
        assertEquals(new Claimed("rec_1", false), store.claim(key, "rec_1", NOW, LEASE, WINDOW));
        store.commit(key, "rec_1", WINDOW);
        assertEquals(new Done("rec_1"), store.claim(key, "rec_2", NOW.plusSeconds(1), LEASE, WINDOW));
        assertEquals(new Claimed("rec_4", false), store.claim(key(), "rec_4", NOW, LEASE, WINDOW), "other keys are independent");
    }

    @Test
    void whileTheFirstCallIsInFlightACopyIsToldToComeBackNotThatItIsADuplicate() {
        String key = key();
        store.claim(key, "rec_1", NOW, LEASE, WINDOW);
        Claim copy = store.claim(key, "rec_2", NOW.plusSeconds(3), NOW.plusSeconds(18), WINDOW);
        assertEquals(new InFlight("rec_1", LEASE), copy);
    }

    @Test
    void aCallThatDiedIsTakenOverAfterItsLeaseWithTheSameRecordId() {
        String key = key();
        store.claim(key, "rec_1", NOW, LEASE, WINDOW);
        Instant later = LEASE.plusSeconds(1);
        assertEquals(new Claimed("rec_1", true), store.claim(key, "rec_2", later, later.plusSeconds(15), WINDOW));
        assertInstanceOf(InFlight.class, store.claim(key, "rec_3", later.plusSeconds(1), later.plusSeconds(16), WINDOW),
                "the new holder has a fresh lease");
        store.commit(key, "rec_1", WINDOW);
        assertEquals(new Done("rec_1"), store.claim(key, "rec_4", later.plusSeconds(2), later.plusSeconds(17), WINDOW));
    }

    @Test
    void aReleasedKeyIsAcceptedAgainAndKeepsItsRecordId() {
        String key = key();
        store.claim(key, "rec_1", NOW, LEASE, WINDOW);
        store.release(key, "rec_1");
        assertEquals(new Claimed("rec_1", true), store.claim(key, "rec_2", NOW.plusSeconds(1), LEASE, WINDOW));
    }

    @Test
    void concurrentClaimsHaveExactlyOneHolder() throws Exception {
        int n = 20;
        assertExactlyOneHolder(claimAtOnce(store, key(), n), n);
    }

    /** {@code n} calls claim one key at the same moment, each with its own record id. */
    private static List<Claim> claimAtOnce(DynamoDedupStore on, String key, int n) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Claim>> results = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < n; i++) {
                String recordId = "rec_" + i;
                results.add(threads.submit(() -> {
                    go.await();
                    return on.claim(key, recordId, NOW, LEASE, WINDOW);
                }));
            }
            go.countDown();
        }
        List<Claim> claims = new ArrayList<>();
        for (Future<Claim> f : results) {
            claims.add(f.get());
        }
        return claims;
    }

    private static void assertExactlyOneHolder(List<Claim> claims, int n) {
        List<Claimed> holders = new ArrayList<>();
        List<InFlight> waiting = new ArrayList<>();
        for (Claim claim : claims) {
            switch (claim) {
                case Claimed c -> holders.add(c);
                case InFlight w -> waiting.add(w);
                case Done d -> throw new AssertionError("nothing was committed, so nothing is a duplicate: " + d);
            }
        }
        assertEquals(1, holders.size(), "exactly one call holds the claim: " + claims);
        assertEquals(n - 1, waiting.size());
        waiting.forEach(w -> assertEquals(holders.getFirst().recordId(), w.recordId()));
    }

    @Test
    void aClaimWhoseAnswerWasLostIsStillTheCallersAfterTheSdkRetriesIt() {
        LostAnswers lost = new LostAnswers("PutItem");
        DynamoDedupStore flaky = new DynamoDedupStore(local.client(lost), DynamoLocal.IDEMPOTENCY);
        String key = key();
        lost.loseNext(1);
        // The first try puts the item; the retry finds this very call's item and must not answer "in flight".
        assertEquals(new Claimed("rec_1", false), flaky.claim(key, "rec_1", NOW, LEASE, WINDOW));
        assertEquals(1, lost.lost(), "the put landed and was retried");
        assertEquals(new InFlight("rec_1", LEASE), store.claim(key, "rec_2", NOW.plusSeconds(1), LEASE, WINDOW),
                "another call still waits for it");
        flaky.commit(key, "rec_1", WINDOW);
        assertEquals(new Done("rec_1"), store.claim(key, "rec_3", NOW.plusSeconds(2), LEASE, WINDOW));
    }

    @Test
    void aTakeOverWhoseAnswerWasLostIsStillTheCallersAfterTheSdkRetriesIt() {
        LostAnswers lost = new LostAnswers("UpdateItem");
        DynamoDedupStore flaky = new DynamoDedupStore(local.client(lost), DynamoLocal.IDEMPOTENCY);
        String key = key();
        store.claim(key, "rec_1", NOW, LEASE, WINDOW);
        Instant later = LEASE.plusSeconds(1);
        lost.loseNext(1);
        // The take-over lands; its retry fails the fence on the lease it replaced; the claim is still this call's.
        assertEquals(new Claimed("rec_1", true), flaky.claim(key, "rec_2", later, later.plusSeconds(15), WINDOW));
        assertEquals(1, lost.lost(), "the take-over landed and was retried");
        assertEquals(new InFlight("rec_1", later.plusSeconds(15)),
                store.claim(key, "rec_3", later.plusSeconds(1), later.plusSeconds(16), WINDOW));
    }

    @Test
    void concurrentClaimsWhoseAnswersAreLostStillHaveExactlyOneHolder() throws Exception {
        LostAnswers lost = new LostAnswers("PutItem");
        DynamoDedupStore flaky = new DynamoDedupStore(local.client(lost), DynamoLocal.IDEMPOTENCY);
        String key = key();
        int n = 20;
        lost.loseNext(1); // the one put that lands: its call must still be the holder, and the others wait for it
        List<Claim> claims = claimAtOnce(flaky, key, n);
        assertEquals(1, lost.lost());
        assertExactlyOneHolder(claims, n);
    }

    @Test
    void anExpiredWindowStartsAfresh() {
        String key = key();
        store.claim(key, "rec_old", NOW.minusSeconds(120), NOW.minusSeconds(105), NOW.minusSeconds(60));
        store.commit(key, "rec_old", NOW.minusSeconds(60));
        assertEquals(new Claimed("rec_new", false), store.claim(key, "rec_new", NOW, LEASE, WINDOW));
    }

    @Test
    void aReleaseByACallThatLostItsLeaseLeavesTheNewHolderAlone() {
        String key = key();
        store.claim(key, "rec_1", NOW, LEASE, WINDOW);
        Instant later = LEASE.plusSeconds(1);
        store.claim(key, "rec_x", later, later.plusSeconds(15), WINDOW); // takes over, same record id
        store.commit(key, "rec_1", WINDOW);
        store.release(key, "rec_1"); // the first call, late: its release must not undo the commit
        assertEquals(new Done("rec_1"), store.claim(key, "rec_y", later.plusSeconds(1), later.plusSeconds(16), WINDOW));
    }
}
