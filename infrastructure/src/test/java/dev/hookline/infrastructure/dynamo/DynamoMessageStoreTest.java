package dev.hookline.infrastructure.dynamo;

import dev.hookline.core.delivery.Message;
import dev.hookline.core.delivery.MessageStore.Summary;
import dev.hookline.core.delivery.MessageStore.SummaryPage;
import dev.hookline.core.problem.ProblemException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DynamoMessageStoreTest {
    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");

    private static DynamoLocal local;
    private static DynamoMessageStore store;

    @BeforeAll
    static void start() {
        local = DynamoLocal.start().deliveries();
        store = new DynamoMessageStore(local.client(), DynamoLocal.DELIVERIES);
    }

    @AfterAll
    static void stop() {
        if (local != null) {
            local.close();
        }
    }

    private static String tenant() {
        return "ten_" + UUID.randomUUID().toString().replace("-", "");
    }

    private static Message message(String tenant, String id, String type, Instant at) {
        return new Message(id, tenant, type, "{\"n\":\"" + id + "\"}", at, at.plusSeconds(86_400));
    }

    @Test
    void listsATenantsEventsNewestFirstAcrossPages() {
        String tenant = tenant();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            String id = "msg_" + i;
            // A whole second and a later fraction of the same second must still sort as time.
            store.create(message(tenant, id, "invoice.paid", T0.plusSeconds(i / 2).plusMillis(i % 2 == 0 ? 0 : 250)));
            ids.add(0, id);
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            SummaryPage page = store.page(tenant, cursor, 3);
            page.messages().forEach(m -> seen.add(m.id()));
            cursor = page.nextCursor();
            pages++;
        } while (cursor != null && pages < 10);
        assertEquals(ids, seen);
        assertEquals(3, pages, "7 events in pages of 3");
    }

    @Test
    void aSummaryHasTypeAndTimeButTheIndexHoldsNoData() {
        String tenant = tenant();
        store.create(message(tenant, "msg_a", "order.created", T0));
        Summary s = store.page(tenant, null, 10).messages().getFirst();
        assertEquals(new Summary("msg_a", "order.created", T0), s);

        List<Map<String, AttributeValue>> indexed = local.client().query(QueryRequest.builder()
                .tableName(DynamoLocal.DELIVERIES).indexName("recent")
                .keyConditionExpression("recent_pk = :pk")
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(DynamoMessageStore.recentPk(tenant))))
                .build()).items();
        assertEquals(1, indexed.size());
        assertFalse(indexed.getFirst().containsKey("data"), "an event's data is not copied into the index");
    }

    @Test
    void tenantsSeeOnlyTheirOwnEventsAndACursorCannotCrossOver() {
        String a = tenant();
        String b = tenant();
        store.create(message(a, "msg_a1", "a.one", T0));
        store.create(message(a, "msg_a2", "a.two", T0.plusSeconds(1)));
        store.create(message(b, "msg_b1", "b.one", T0));
        assertEquals(List.of("msg_b1"), store.page(b, null, 10).messages().stream().map(Summary::id).toList());

        String cursorOfA = store.page(a, null, 1).nextCursor();
        assertNotNull(cursorOfA);
        // The cursor names a position, the tenant comes from the caller: used by b, it reads b's partition only.
        assertTrue(store.page(b, cursorOfA, 10).messages().stream().allMatch(m -> m.id().startsWith("msg_b")));
        assertEquals(List.of("msg_a1"), store.page(a, cursorOfA, 10).messages().stream().map(Summary::id).toList());
    }

    @Test
    void aMalformedCursorIsABadRequest() {
        String tenant = tenant();
        for (String cursor : List.of("not base64!", b64("no-hash"), b64("yesterday#msg_1"), b64(Instant.now() + "#bad id"))) {
            ProblemException e = assertThrows(ProblemException.class, () -> store.page(tenant, cursor, 5), cursor);
            assertEquals(400, e.problem().status());
        }
    }

    @Test
    void theLastPageHasNoCursor() {
        String tenant = tenant();
        store.create(message(tenant, "msg_only", "x.y", T0));
        assertNull(store.page(tenant, null, 5).nextCursor());
        assertEquals(0, store.page(tenant(), null, 5).messages().size());
    }

    private static String b64(String s) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
