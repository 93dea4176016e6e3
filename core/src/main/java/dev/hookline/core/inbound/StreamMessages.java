package dev.hookline.core.inbound;

import dev.hookline.core.crypto.Tokens;
import dev.hookline.core.limits.ServiceLimits;
import dev.hookline.core.problem.Problem;
import dev.hookline.core.problem.ProblemType;
import dev.hookline.core.schedule.OrderedSender.OrderedMessage;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Packs the records of one ingest call into streams-queue messages: the records of one ordering key, in order,
 * in as few messages as fit SQS's 1 MiB, so a 10,000-record array is a couple of sends rather than thousands.
 * Each message body is
 *
 * <pre>{"format":"hookline.records.v2","records":[&lt;record&gt;,&lt;record&gt;,…]}</pre>
 *
 * where each record is a {@link dev.hookline.core.inbound.stream.StreamRecord}, copied in unchanged. v2 (not v1)
 * because a v1 reader would misread it: the message group is no longer the ordering key (it is a hash scoped by
 * tenant and source; the key is the record's {@code ordering_key}), and a record may carry its payload by reference
 * ({@code payload_ref}) instead of {@code payload}. Its FIFO deduplication id is derived
 * from the call's dedup key, the group and the message's place in the group, so a retry of the same call (which
 * packs the same way) adds nothing that the first attempt already sent.
 */
public final class StreamMessages {
    /** Names the body layout, so consumers can tell it from what a later version sends. */
    public static final String FORMAT = "hookline.records.v2";
    private static final String HEAD = "{\"format\":\"" + FORMAT + "\",\"records\":[";
    private static final String TAIL = "]}";

    /** One record's FIFO group ({@link dev.hookline.core.inbound.stream.StreamGroups}) and its JSON text. */
    public record Record(String groupId, String json) {
    }

    private StreamMessages() {
    }

    /** Packs with SQS's limit. */
    public static List<OrderedMessage> pack(String dedupKey, List<Record> records) {
        return pack(dedupKey, records, ServiceLimits.SQS_MESSAGE_BYTES);
    }

    /**
     * Groups keep the order of their first record and records keep their order within a group. A record that
     * cannot fit a message even alone is refused for good (413): no retry could ever queue it.
     */
    public static List<OrderedMessage> pack(String dedupKey, List<Record> records, int maxBodyBytes) {
        int frame = ServiceLimits.utf8Length(HEAD) + ServiceLimits.utf8Length(TAIL);
        Map<String, List<Record>> groups = new LinkedHashMap<>();
        for (Record r : records) {
            groups.computeIfAbsent(r.groupId(), k -> new ArrayList<>()).add(r);
        }
        List<OrderedMessage> out = new ArrayList<>();
        for (Map.Entry<String, List<Record>> group : groups.entrySet()) {
            StringBuilder body = null;
            int bytes = 0;
            int chunk = 0;
            for (Record r : group.getValue()) {
                int size = ServiceLimits.utf8Length(r.json());
                if (frame + size > maxBodyBytes) {
                    throw Problem.of(ProblemType.PAYLOAD_TOO_LARGE, "A record is " + size + " bytes once normalized;"
                            + " the streams queue takes at most " + maxBodyBytes + " bytes per message (SQS's limit),"
                            + " so it can never be queued. Send smaller records.").toException();
                }
                if (body != null && bytes + 1 + size + TAIL.length() > maxBodyBytes) {
                    out.add(message(dedupKey, group.getKey(), chunk++, body));
                    body = null;
                }
                if (body == null) {
                    body = new StringBuilder(HEAD);
                    bytes = ServiceLimits.utf8Length(HEAD);
                } else {
                    body.append(',');
                    bytes++;
                }
                body.append(r.json());
                bytes += size;
            }
            if (body != null) {
                out.add(message(dedupKey, group.getKey(), chunk, body));
            }
        }
        return out;
    }

    private static OrderedMessage message(String dedupKey, String groupId, int chunk, StringBuilder body) {
        body.append(TAIL);
        return new OrderedMessage(groupId, Tokens.sha256Hex(dedupKey + "#" + groupId + "#" + chunk), body.toString());
    }
}
