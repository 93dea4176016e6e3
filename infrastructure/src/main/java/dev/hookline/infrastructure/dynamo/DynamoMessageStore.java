package dev.hookline.infrastructure.dynamo;

import dev.hookline.core.delivery.Message;
import dev.hookline.core.delivery.MessageStore;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static dev.hookline.infrastructure.dynamo.Attr.s;

/** Messages in the deliveries table, expiring with the retention period (TTL on {@code expires_at}). */
public final class DynamoMessageStore implements MessageStore {
    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoMessageStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    static String messagePk(String tenantId, String messageId) {
        return "T#" + tenantId + "#MSG#" + messageId;
    }

    @Override
    public boolean create(Message m) {
        Map<String, AttributeValue> item = new HashMap<>(Attr.key(messagePk(m.tenantId(), m.id()), "MSG"));
        item.put("id", s(m.id()));
        item.put("tenant_id", s(m.tenantId()));
        item.put("type", s(m.type()));
        item.put("data", s(m.dataJson()));
        item.put("timestamp", Attr.time(m.timestamp()));
        item.put("expires_at", Attr.n(m.expiresAt().getEpochSecond()));
        try {
            dynamo.putItem(PutItemRequest.builder().tableName(table).item(item)
                    .conditionExpression("attribute_not_exists(pk)").build());
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public Optional<Message> get(String tenantId, String messageId) {
        Map<String, AttributeValue> item = dynamo.getItem(GetItemRequest.builder().tableName(table)
                .key(Attr.key(messagePk(tenantId, messageId), "MSG")).consistentRead(true).build()).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        Instant expires = Instant.ofEpochSecond(Attr.num(item, "expires_at", Long.MAX_VALUE / 2));
        return Optional.of(new Message(Attr.str(item, "id"), Attr.str(item, "tenant_id"), Attr.str(item, "type"),
                Attr.str(item, "data"), Attr.instant(item, "timestamp"), expires));
    }
}
