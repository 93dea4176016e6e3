package dev.hookline.infrastructure.dynamo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hookline.core.inbound.run.Run;
import dev.hookline.core.inbound.run.RunStore.RunPage;
import dev.hookline.core.inbound.trigger.Violation;
import dev.hookline.core.problem.ProblemException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DynamoRunStoreTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");

    private static DynamoLocal local;
    private static DynamoRunStore store;

    @BeforeAll
    static void start() {
        local = DynamoLocal.start().deliveries();
        store = new DynamoRunStore(local.client(), DynamoLocal.DELIVERIES);
    }

    @AfterAll
    static void stop() {
        if (local != null) {
            local.close();
        }
    }

    private static String unique(String prefix) {
        return prefix + "_" + UUID.randomUUID().toString().replace("-", "");
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static Run run(String tenant, String id, String source, String status, Instant at) {
        return new Run(id, tenant, source, "deploy", "3", json("{\"env\":\"prod\"}"), status, List.of(), null, at, at,
                at.plusSeconds(86_400 * 30));
    }

    @Test
    void roundTripsEveryField() {
        String tenant = unique("ten");
        Run full = new Run(unique("run"), tenant, unique("src"), "deploy", "v2.1",
                json("{\"env\":\"prod\",\"replicas\":3,\"tags\":[\"a\",\"b\"],\"nested\":{\"x\":null}}"), "rejected",
                List.of(new Violation("$.env", "must be one of dev, prod"), new Violation("$.replicas", "too many")),
                "schema check failed", T0, T0.plusSeconds(1), T0.plusSeconds(86_400));
        store.create(full);
        assertEquals(Optional.of(full), store.get(tenant, full.id()));

        Run bare = new Run(unique("run"), tenant, unique("src"), "deploy", null, null, "accepted", null, null, T0, T0,
                T0.plusSeconds(60));
        store.create(bare);
        assertEquals(Optional.of(bare), store.get(tenant, bare.id()));

        assertTrue(store.get(unique("ten"), full.id()).isEmpty(), "another tenant sees nothing");
        assertTrue(store.get(tenant, unique("run")).isEmpty());
    }

    @Test
    void transitionsOnlyFromTheExpectedStatus() {
        String tenant = unique("ten");
        Run r = run(tenant, unique("run"), "src", "accepted", T0);
        store.create(r);

        assertTrue(store.transition(tenant, r.id(), "accepted", "running", null, T0.plusSeconds(5)));
        Run running = store.get(tenant, r.id()).orElseThrow();
        assertEquals("running", running.status());
        assertEquals(T0.plusSeconds(5), running.updatedAt());
        assertNull(running.detail());

        assertFalse(store.transition(tenant, r.id(), "accepted", "failed", "late", T0.plusSeconds(6)), "from mismatch");
        assertEquals("running", store.get(tenant, r.id()).orElseThrow().status());

        assertTrue(store.transition(tenant, r.id(), "running", "succeeded", "all steps done", T0.plusSeconds(9)));
        Run done = store.get(tenant, r.id()).orElseThrow();
        assertEquals("succeeded", done.status());
        assertEquals("all steps done", done.detail());
        assertEquals(T0.plusSeconds(9), done.updatedAt());
        assertEquals(r.receivedAt(), done.receivedAt());
        assertEquals(r.parameters(), done.parameters());

        assertFalse(store.transition(tenant, unique("run"), "accepted", "running", null, T0), "no such run");
        assertFalse(store.transition(unique("ten"), r.id(), "succeeded", "running", null, T0), "another tenant");
        assertTrue(store.get(tenant, unique("run")).isEmpty(), "a failed transition creates nothing");
    }

    @Test
    void listsNewestFirstWithFiltersAndCursors() {
        String tenant = unique("ten");
        List<Run> all = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String source = i % 2 == 0 ? "src_a" : "src_b";
            String status = i % 5 == 0 ? "failed" : "succeeded";
            Run r = run(tenant, String.format("run_%03d", i), source, status, T0.plusSeconds(i));
            store.create(r);
            all.add(r);
        }
        store.create(run(unique("ten"), "run_other", "src_a", "failed", T0.plusSeconds(1000)));
        List<String> newestFirst = all.reversed().stream().map(Run::id).toList();

        RunPage one = store.list(tenant, null, null, null, 100);
        assertEquals(newestFirst, one.runs().stream().map(Run::id).toList());
        assertNull(one.nextCursor());
        assertEquals(all.getLast(), one.runs().getFirst());

        assertEquals(newestFirst, collect(tenant, null, null, 7));
        assertEquals(newestFirst, collect(tenant, null, null, 40));
        assertEquals(newestFirst.stream().filter(id -> num(id) % 2 == 0).toList(), collect(tenant, "src_a", null, 3));
        assertEquals(newestFirst.stream().filter(id -> num(id) % 5 == 0).toList(), collect(tenant, null, "failed", 3));
        assertEquals(newestFirst.stream().filter(id -> num(id) % 10 == 0).toList(), collect(tenant, "src_a", "failed", 1));
        assertEquals(List.of(), collect(tenant, "src_none", null, 5));

        RunPage exact = store.list(tenant, null, "failed", null, 8);
        assertEquals(8, exact.runs().size());
        assertNull(exact.nextCursor(), "no cursor when the page ends exactly at the last match");
    }

    private static int num(String id) {
        return Integer.parseInt(id.substring("run_".length()));
    }

    /** Follows cursors to the end, checking every page but the last is full. */
    private static List<String> collect(String tenant, String source, String status, int limit) {
        List<String> ids = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            RunPage page = store.list(tenant, source, status, cursor, limit);
            page.runs().forEach(r -> {
                assertEquals(tenant, r.tenantId());
                if (source != null) {
                    assertEquals(source, r.sourceId());
                }
                if (status != null) {
                    assertEquals(status, r.status());
                }
            });
            if (page.nextCursor() != null) {
                assertEquals(limit, page.runs().size());
            }
            page.runs().forEach(r -> ids.add(r.id()));
            cursor = page.nextCursor();
            assertTrue(++pages < 100);
        } while (cursor != null);
        return ids;
    }

    @Test
    void rejectsAForeignOrBrokenCursor() {
        String mine = unique("ten");
        String theirs = unique("ten");
        for (int i = 0; i < 3; i++) {
            store.create(run(mine, "run_" + i, "s", "accepted", T0.plusSeconds(i)));
            store.create(run(theirs, "run_" + i, "s", "accepted", T0.plusSeconds(i)));
        }
        RunPage theirPage = store.list(theirs, null, null, null, 1);
        assertNotNull(theirPage.nextCursor());
        ProblemException e = assertThrows(ProblemException.class,
                () -> store.list(mine, null, null, theirPage.nextCursor(), 1));
        assertEquals(422, e.problem().status());
        assertEquals(422, assertThrows(ProblemException.class,
                () -> store.list(mine, null, null, "not a cursor!", 1)).problem().status());
        String threeParts = Base64.getUrlEncoder().withoutPadding().encodeToString("a\nb\nc".getBytes());
        assertEquals(422, assertThrows(ProblemException.class,
                () -> store.list(mine, null, null, threeParts, 1)).problem().status());
        assertEquals(2, store.list(mine, null, null, store.list(mine, null, null, null, 1).nextCursor(), 5).runs().size());
    }
}
