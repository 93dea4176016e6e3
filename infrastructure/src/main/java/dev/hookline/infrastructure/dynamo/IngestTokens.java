package dev.hookline.infrastructure.dynamo;

import dev.hookline.core.crypto.Tokens;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;

import java.util.Map;
import java.util.Optional;

/** Ingest capability tokens, stored only as hashes: {@code INGEST#<sha256>} -> the source it opens. */
public final class IngestTokens {
    private final DynamoDbClient dynamo;
    private final String table;

    public IngestTokens(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    public Optional<String> sourceFor(String token) {
        if (token.length() < 16 || token.length() > 128) {
            return Optional.empty();
        }
        Map<String, AttributeValue> item = dynamo.getItem(GetItemRequest.builder().tableName(table)
                .key(Attr.key("INGEST#" + Tokens.sha256Hex(token), "INGEST")).build()).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.ofNullable(Attr.str(item, "source_id"));
    }
}
