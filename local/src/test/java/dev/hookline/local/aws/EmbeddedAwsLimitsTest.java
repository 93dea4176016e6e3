package dev.hookline.local.aws;

import dev.hookline.infrastructure.aws.AwsClients;
import dev.hookline.infrastructure.config.Environment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchEntryIdsNotDistinctException;
import software.amazon.awssdk.services.sqs.model.BatchRequestTooLongException;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchResponse;
import software.amazon.awssdk.services.sqs.model.EmptyBatchRequestException;
import software.amazon.awssdk.services.sqs.model.InvalidBatchEntryIdException;
import software.amazon.awssdk.services.sqs.model.InvalidMessageContentsException;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.SqsException;
import software.amazon.awssdk.services.sqs.model.TooManyEntriesInBatchRequestException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The embedded engines refuse what AWS refuses, with AWS's errors (so the SDK raises the same exception types):
 * SQS message size (1 MiB, UTF-8 bytes, attributes included), characters, batch limits, visibility timeout and FIFO
 * deduplication (ElasticMQ behind {@link SqsLimitsFront}); DynamoDB's 400 KB item (DynamoDB Local's own check);
 * Secrets Manager's 64 KB secret value (our emulator). Each limit is checked on both sides of its edge.
 */
class EmbeddedAwsLimitsTest {
    private static final int MIB = 1_048_576;

    private static EmbeddedAws embedded;
    private static AwsClients aws;
    private static SqsClient sqs;
    private static String queue;

    @BeforeAll
    static void start() {
        embedded = EmbeddedAws.start(null);
        aws = AwsClients.from(new Environment(AwsEndpoints.of(embedded).asEnvironment()));
        sqs = aws.sqs();
        queue = sqs.createQueue(b -> b.queueName("limits")).queueUrl();
    }

    @AfterAll
    static void stop() {
        aws.close();
        embedded.close();
    }

    // ------------------------------------------------------------------ SQS: size

    @Test
    void aMessageOfOneMibIsTakenAndOneByteMoreIsRefusedAsInvalidParameterValue() {
        assertDoesNotThrow(() -> sqs.sendMessage(b -> b.queueUrl(queue).messageBody("a".repeat(MIB))));
        SqsException e = assertThrows(SqsException.class,
                () -> sqs.sendMessage(b -> b.queueUrl(queue).messageBody("a".repeat(MIB + 1))));
        assertEquals("InvalidParameterValue", e.awsErrorDetails().errorCode());
        assertEquals(400, e.statusCode());
        assertTrue(e.awsErrorDetails().errorMessage().contains("Message must be shorter than 1048576 bytes"), e.getMessage());
    }

    @Test
    void theSizeIsCountedInUtf8BytesNotCharacters() {
        // 'é' is two bytes in UTF-8: ElasticMQ alone would count 524,289 of them as 524,289 and take them.
        assertDoesNotThrow(() -> sqs.sendMessage(b -> b.queueUrl(queue).messageBody("é".repeat(MIB / 2))));
        SqsException e = assertThrows(SqsException.class,
                () -> sqs.sendMessage(b -> b.queueUrl(queue).messageBody("é".repeat(MIB / 2 + 1))));
        assertEquals("InvalidParameterValue", e.awsErrorDetails().errorCode());
    }

    @Test
    void messageAttributesCountTowardTheSize() {
        // name (8) + data type (6) + value (10) = 24 bytes
        Map<String, MessageAttributeValue> attribute = Map.of("attrname",
                MessageAttributeValue.builder().dataType("String").stringValue("0123456789").build());
        assertDoesNotThrow(() -> sqs.sendMessage(b -> b.queueUrl(queue).messageBody("a".repeat(MIB - 24)).messageAttributes(attribute)));
        SqsException e = assertThrows(SqsException.class,
                () -> sqs.sendMessage(b -> b.queueUrl(queue).messageBody("a".repeat(MIB - 23)).messageAttributes(attribute)));
        assertEquals("InvalidParameterValue", e.awsErrorDetails().errorCode());
    }

    // ------------------------------------------------------------------ SQS: characters

    @Test
    void charactersOutsideTheAllowedSetAreRefusedAsInvalidMessageContents() {
        for (String bad : List.of("\u0000", "\u0001", "\u0008", "\u001F", "\uFFFE", "\uFFFF", "\uD800", "\uDC00x")) {
            String body = "before" + bad + "after";
            InvalidMessageContentsException e = assertThrows(InvalidMessageContentsException.class,
                    () -> sqs.sendMessage(b -> b.queueUrl(queue).messageBody(body)), "U+" + Integer.toHexString(bad.codePointAt(0)));
            assertEquals("InvalidMessageContents", e.awsErrorDetails().errorCode());
            assertEquals(400, e.statusCode());
        }
        Map<String, MessageAttributeValue> badAttribute = Map.of("note",
                MessageAttributeValue.builder().dataType("String").stringValue("bell\u0007").build());
        assertThrows(InvalidMessageContentsException.class,
                () -> sqs.sendMessage(b -> b.queueUrl(queue).messageBody("fine").messageAttributes(badAttribute)));
    }

    @Test
    void everyAllowedCharacterAtTheEdgesOfItsRangeIsTakenAndComesBackUnchanged() {
        String q = sqs.createQueue(b -> b.queueName("edges")).queueUrl();
        String body = "\t\n\r \uD7FF\uE000\uFFFD" + new String(Character.toChars(0x10000)) + new String(Character.toChars(0x10FFFF));
        sqs.sendMessage(b -> b.queueUrl(q).messageBody(body).messageAttributes(Map.of("edge",
                MessageAttributeValue.builder().dataType("String").stringValue(body).build())));
        Message m = sqs.receiveMessage(b -> b.queueUrl(q).waitTimeSeconds(1).messageAttributeNames("All")).messages().getFirst();
        assertEquals(body, m.body());
        assertEquals(body, m.messageAttributes().get("edge").stringValue());
    }

    // ------------------------------------------------------------------ SQS: batches

    @Test
    void aBatchHoldsAtMostTenEntries() {
        assertEquals(10, sqs.sendMessageBatch(b -> b.queueUrl(queue).entries(entries(10, "m"))).successful().size());
        TooManyEntriesInBatchRequestException e = assertThrows(TooManyEntriesInBatchRequestException.class,
                () -> sqs.sendMessageBatch(b -> b.queueUrl(queue).entries(entries(11, "m"))));
        assertEquals("AWS.SimpleQueueService.TooManyEntriesInBatchRequest", e.awsErrorDetails().errorCode());
        assertThrows(EmptyBatchRequestException.class, () -> sqs.sendMessageBatch(b -> b.queueUrl(queue).entries(List.of())));
    }

    @Test
    void aBatchHoldsAtMostOneMibOfMessagesInAll() {
        SendMessageBatchResponse exact = sqs.sendMessageBatch(b -> b.queueUrl(queue).entries(
                entry("a", "a".repeat(MIB / 2)), entry("b", "b".repeat(MIB / 2))));
        assertEquals(2, exact.successful().size());
        BatchRequestTooLongException e = assertThrows(BatchRequestTooLongException.class,
                () -> sqs.sendMessageBatch(b -> b.queueUrl(queue).entries(entry("a", "a".repeat(MIB / 2)), entry("b", "b".repeat(MIB / 2 + 1)))));
        assertEquals("AWS.SimpleQueueService.BatchRequestTooLong", e.awsErrorDetails().errorCode());
        // One entry alone above 1 MiB is also a batch above 1 MiB.
        assertThrows(BatchRequestTooLongException.class,
                () -> sqs.sendMessageBatch(b -> b.queueUrl(queue).entries(entry("a", "a".repeat(MIB + 1)))));
    }

    @Test
    void batchEntryIdsAreWellFormedAndDistinct() {
        assertThrows(InvalidBatchEntryIdException.class,
                () -> sqs.sendMessageBatch(b -> b.queueUrl(queue).entries(entry("a.b", "x"))));
        assertThrows(InvalidBatchEntryIdException.class,
                () -> sqs.sendMessageBatch(b -> b.queueUrl(queue).entries(entry("i".repeat(81), "x"))));
        assertThrows(BatchEntryIdsNotDistinctException.class,
                () -> sqs.sendMessageBatch(b -> b.queueUrl(queue).entries(entry("same", "x"), entry("same", "y"))));
        assertEquals(1, sqs.sendMessageBatch(b -> b.queueUrl(queue).entries(entry("Ok_id-" + "i".repeat(74), "x"))).successful().size());
    }

    @Test
    void aBatchEntryWithRefusedCharactersFailsAloneAndTheOthersAreSent() {
        String q = sqs.createQueue(b -> b.queueName("batch-chars")).queueUrl();
        SendMessageBatchResponse r = sqs.sendMessageBatch(b -> b.queueUrl(q).entries(
                entry("good", "fine"), entry("bad", "nul\u0000"), entry("also-good", "fine too")));
        assertEquals(List.of("good", "also-good"), r.successful().stream().map(s -> s.id()).toList());
        BatchResultErrorEntry failed = r.failed().getFirst();
        assertEquals("bad", failed.id());
        assertEquals("InvalidMessageContents", failed.code());
        assertTrue(failed.senderFault());
        List<String> received = new ArrayList<>();
        for (int i = 0; i < 5 && received.size() < 2; i++) {
            sqs.receiveMessage(b -> b.queueUrl(q).maxNumberOfMessages(10).waitTimeSeconds(1)).messages()
                    .forEach(m -> received.add(m.body()));
        }
        assertEquals(List.of("fine", "fine too"), received.stream().sorted().toList());
    }

    // ------------------------------------------------------------------ SQS: visibility timeout

    @Test
    void aVisibilityTimeoutIsAtMostTwelveHours() {
        String q = sqs.createQueue(b -> b.queueName("visibility")).queueUrl();
        sqs.sendMessage(b -> b.queueUrl(q).messageBody("v"));
        Message m = sqs.receiveMessage(b -> b.queueUrl(q).waitTimeSeconds(1)).messages().getFirst();
        assertDoesNotThrow(() -> sqs.changeMessageVisibility(b -> b.queueUrl(q).receiptHandle(m.receiptHandle()).visibilityTimeout(43_200)));
        SqsException e = assertThrows(SqsException.class,
                () -> sqs.changeMessageVisibility(b -> b.queueUrl(q).receiptHandle(m.receiptHandle()).visibilityTimeout(43_201)));
        assertEquals("InvalidParameterValue", e.awsErrorDetails().errorCode());

        ChangeMessageVisibilityBatchResponse batch = sqs.changeMessageVisibilityBatch(b -> b.queueUrl(q).entries(
                ChangeMessageVisibilityBatchRequestEntry.builder().id("ok").receiptHandle(m.receiptHandle()).visibilityTimeout(60).build(),
                ChangeMessageVisibilityBatchRequestEntry.builder().id("long").receiptHandle(m.receiptHandle()).visibilityTimeout(43_201).build()));
        assertEquals(List.of("ok"), batch.successful().stream().map(s -> s.id()).toList());
        assertEquals("long", batch.failed().getFirst().id());
        assertEquals("InvalidParameterValue", batch.failed().getFirst().code());
    }

    // ------------------------------------------------------------------ SQS: FIFO deduplication (ElasticMQ's own)

    @Test
    void aFifoQueueDropsADuplicateWithinTheWindowEvenAfterTheFirstWasConsumed() {
        String q = sqs.createQueue(b -> b.queueName("dedup.fifo").attributesWithStrings(Map.of("FifoQueue", "true"))).queueUrl();
        String first = sqs.sendMessage(b -> b.queueUrl(q).messageBody("one").messageGroupId("g").messageDeduplicationId("d1")).messageId();
        String again = sqs.sendMessage(b -> b.queueUrl(q).messageBody("two").messageGroupId("g").messageDeduplicationId("d1")).messageId();
        assertEquals(first, again, "a duplicate is accepted, not enqueued");
        Message m = sqs.receiveMessage(b -> b.queueUrl(q).maxNumberOfMessages(10).waitTimeSeconds(1)).messages().getFirst();
        assertEquals("one", m.body());
        sqs.deleteMessage(b -> b.queueUrl(q).receiptHandle(m.receiptHandle()));
        // SQS's 5-minute window counts from the first send, not from its consumption.
        sqs.sendMessage(b -> b.queueUrl(q).messageBody("three").messageGroupId("g").messageDeduplicationId("d1"));
        assertEquals(List.of(), sqs.receiveMessage(b -> b.queueUrl(q).maxNumberOfMessages(10).waitTimeSeconds(1)).messages());
    }

    // ------------------------------------------------------------------ DynamoDB (DynamoDB Local's own check)

    @Test
    void anItemOf400KibIsStoredAndOneByteMoreIsRefused() {
        DynamoDbClient dynamo = aws.dynamo();
        dynamo.createTable(b -> b.tableName("items").billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(AttributeDefinition.builder().attributeName("pk").attributeType("S").build())
                .keySchema(KeySchemaElement.builder().attributeName("pk").keyType("HASH").build()));
        // size = "pk" (2) + "k1" (2) + "d" (1) + value: 409,600 bytes in all
        int value = 409_600 - 5;
        assertDoesNotThrow(() -> dynamo.putItem(b -> b.tableName("items").item(Map.of(
                "pk", AttributeValue.fromS("k1"), "d", AttributeValue.fromS("x".repeat(value))))));
        DynamoDbException e = assertThrows(DynamoDbException.class, () -> dynamo.putItem(b -> b.tableName("items").item(Map.of(
                "pk", AttributeValue.fromS("k2"), "d", AttributeValue.fromS("x".repeat(value + 1))))));
        assertEquals("ValidationException", e.awsErrorDetails().errorCode());
        assertTrue(e.awsErrorDetails().errorMessage().contains("Item size has exceeded the maximum allowed size"), e.getMessage());
        DynamoDbException update = assertThrows(DynamoDbException.class, () -> dynamo.updateItem(b -> b.tableName("items")
                .key(Map.of("pk", AttributeValue.fromS("k1"))).updateExpression("SET e = :v")
                .expressionAttributeValues(Map.of(":v", AttributeValue.fromS("y"))))); // one byte name + one byte value
        assertEquals("ValidationException", update.awsErrorDetails().errorCode());
    }

    // ------------------------------------------------------------------ Secrets Manager (our emulator)

    @Test
    void aSecretValueIsAtMost64KibCountedInUtf8Bytes() {
        SecretsManagerClient secrets = aws.secrets();
        assertDoesNotThrow(() -> secrets.createSecret(b -> b.name(name()).secretString("a".repeat(65_536))));
        assertDoesNotThrow(() -> secrets.createSecret(b -> b.name(name()).secretString("é".repeat(32_768))));
        for (String tooBig : List.of("a".repeat(65_537), "é".repeat(32_769))) {
            SecretsManagerException e = assertThrows(SecretsManagerException.class,
                    () -> secrets.createSecret(b -> b.name(name()).secretString(tooBig)));
            assertEquals("ValidationException", e.awsErrorDetails().errorCode());
        }
        SecretsManagerException binary = assertThrows(SecretsManagerException.class,
                () -> secrets.createSecret(b -> b.name(name()).secretBinary(SdkBytes.fromByteArray(new byte[65_537]))));
        assertEquals("ValidationException", binary.awsErrorDetails().errorCode());
        String existing = name();
        secrets.createSecret(b -> b.name(existing).secretString("small"));
        assertEquals("ValidationException", assertThrows(SecretsManagerException.class,
                () -> secrets.putSecretValue(b -> b.secretId(existing).secretString("é".repeat(32_769)))).awsErrorDetails().errorCode());
    }

    private static String name() {
        return "limits/" + UUID.randomUUID();
    }

    private static List<SendMessageBatchRequestEntry> entries(int count, String prefix) {
        return IntStream.range(0, count).mapToObj(i -> entry(prefix + i, prefix + i)).toList();
    }

    private static SendMessageBatchRequestEntry entry(String id, String body) {
        return SendMessageBatchRequestEntry.builder().id(id).messageBody(body).build();
    }
}
