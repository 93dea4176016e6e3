package dev.hookline.local.streams;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.StreamRecord;

import java.util.Base64;
import java.util.Map;

/**
 * A DynamoDB Streams record (as GetRecords returns it) in the JSON Lambda hands a function: {@code eventID},
 * {@code eventName}, {@code dynamodb} with {@code Keys}/{@code NewImage}/{@code OldImage} in DynamoDB's typed
 * JSON, {@code SequenceNumber}, and the stream's ARN - the shape filters match and handlers deserialize.
 */
final class StreamRecords {
    private static final ObjectMapper JSON = new ObjectMapper();

    private StreamRecords() {
    }

    static ObjectNode toLambda(Record r, String streamArn, String region) {
        ObjectNode out = JSON.createObjectNode();
        out.put("eventID", r.eventID());
        out.put("eventName", r.eventNameAsString());
        out.put("eventVersion", r.eventVersion() == null ? "1.1" : r.eventVersion());
        out.put("eventSource", "aws:dynamodb");
        out.put("awsRegion", region);
        StreamRecord d = r.dynamodb();
        ObjectNode dynamodb = out.putObject("dynamodb");
        if (d.approximateCreationDateTime() != null) {
            dynamodb.put("ApproximateCreationDateTime", d.approximateCreationDateTime().getEpochSecond());
        }
        putImage(dynamodb, "Keys", d.keys());
        putImage(dynamodb, "NewImage", d.newImage());
        putImage(dynamodb, "OldImage", d.oldImage());
        dynamodb.put("SequenceNumber", d.sequenceNumber());
        if (d.sizeBytes() != null) {
            dynamodb.put("SizeBytes", d.sizeBytes());
        }
        if (d.streamViewType() != null) {
            dynamodb.put("StreamViewType", d.streamViewTypeAsString());
        }
        out.put("eventSourceARN", streamArn);
        return out;
    }

    static String sequenceNumber(JsonNode lambdaRecord) {
        return lambdaRecord.path("dynamodb").path("SequenceNumber").asText();
    }

    private static void putImage(ObjectNode parent, String name, Map<String, AttributeValue> image) {
        if (image != null && !image.isEmpty() && !(image instanceof software.amazon.awssdk.core.util.SdkAutoConstructMap)) {
            ObjectNode node = parent.putObject(name);
            image.forEach((k, v) -> node.set(k, typed(v)));
        }
    }

    private static JsonNode typed(AttributeValue v) {
        ObjectNode node = JSON.createObjectNode();
        switch (v.type()) {
            case S -> node.put("S", v.s());
            case N -> node.put("N", v.n());
            case B -> node.put("B", base64(v.b()));
            case BOOL -> node.put("BOOL", v.bool());
            case NUL -> node.put("NULL", true);
            case SS -> v.ss().forEach(node.putArray("SS")::add);
            case NS -> v.ns().forEach(node.putArray("NS")::add);
            case BS -> v.bs().forEach(b -> node.withArray("BS").add(base64(b)));
            case M -> {
                ObjectNode m = node.putObject("M");
                v.m().forEach((k, x) -> m.set(k, typed(x)));
            }
            case L -> {
                ArrayNode l = node.putArray("L");
                v.l().forEach(x -> l.add(typed(x)));
            }
            default -> throw new IllegalArgumentException("Unknown attribute type " + v.type());
        }
        return node;
    }

    private static String base64(SdkBytes bytes) {
        return Base64.getEncoder().encodeToString(bytes.asByteArray());
    }
}
