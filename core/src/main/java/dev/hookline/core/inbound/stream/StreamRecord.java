package dev.hookline.core.inbound.stream;

import dev.hookline.core.inbound.parse.NormalizedRecord;
import dev.hookline.core.inbound.trigger.Violation;
import dev.hookline.core.wire.WireJson;

import java.util.List;
import java.util.Map;

/**
 * One record as a stream consumer reads it (an element of a {@code hookline.records.v2} message's {@code records}):
 *
 * <pre>{"tenant_id","source_id","record_id","delivery_id","received_at","event_id"?,"type"?,"timestamp"?,
 *  "ordering_key"?,"headers":{…},
 *  "payload" (+"payload_base64"?) | "payload_ref":{bucket,key,size,sha256,content_type},
 *  "attachments"?:[{bucket,key,size,sha256,content_type,field,filename?}],
 *  "raw_body_base64"? | "raw_body_ref"?, "quarantined"?:true, "violations"?:[{"path","message"}]}</pre>
 *
 * Everything Hookline adds is escaped ASCII; the payload stays the sender's text (see {@link NormalizedRecord}).
 */
public final class StreamRecord {

    /**
     * What every record of one call shares.
     *
     * @param rawBodyBase64 the request body, when the source asks for it and it is small; else null
     * @param rawBodyRef    the request body in object storage, when the source asks for it and it is not small
     */
    public record Call(String tenantId, String sourceId, Map<String, String> headers, String rawBodyBase64,
                       Attachment rawBodyRef) {
    }

    private StreamRecord() {
    }

    /**
     * @param orderingKey the record's ordering-key value; null when the source orders by source
     * @param payloadRef  where the payload went when it was over the inline limit; null when it is inline
     * @param quarantine  the schema violations of a record kept in quarantine; null or empty when none
     */
    public static String message(Call call, NormalizedRecord record, String orderingKey, Attachment payloadRef,
                                 List<Attachment> attachments, List<Violation> quarantine) {
        StringBuilder out = new StringBuilder(256);
        out.append("{\"tenant_id\":").append(WireJson.quote(call.tenantId()))
                .append(",\"source_id\":").append(WireJson.quote(call.sourceId())).append(',');
        record.appendEnvelope(out);
        if (orderingKey != null) {
            out.append(",\"ordering_key\":").append(WireJson.quote(orderingKey));
        }
        out.append(",\"headers\":{");
        boolean first = true;
        for (Map.Entry<String, String> h : call.headers().entrySet()) {
            out.append(first ? "" : ",").append(WireJson.quote(h.getKey())).append(':').append(WireJson.quote(h.getValue()));
            first = false;
        }
        out.append('}');
        if (payloadRef != null) {
            out.append(",\"payload_ref\":").append(payloadRef.toJson());
        } else {
            record.appendPayload(out);
        }
        if (attachments != null && !attachments.isEmpty()) {
            out.append(",\"attachments\":[");
            for (int i = 0; i < attachments.size(); i++) {
                out.append(i == 0 ? "" : ",").append(attachments.get(i).toJson());
            }
            out.append(']');
        }
        if (call.rawBodyBase64() != null) {
            out.append(",\"raw_body_base64\":\"").append(call.rawBodyBase64()).append('"');
        } else if (call.rawBodyRef() != null) {
            out.append(",\"raw_body_ref\":").append(call.rawBodyRef().toJson());
        }
        if (quarantine != null && !quarantine.isEmpty()) {
            out.append(",\"quarantined\":true,\"violations\":[");
            for (int i = 0; i < quarantine.size(); i++) {
                Violation v = quarantine.get(i);
                out.append(i == 0 ? "" : ",").append("{\"path\":").append(WireJson.quote(v.field()))
                        .append(",\"message\":").append(WireJson.quote(v.message())).append('}');
            }
            out.append(']');
        }
        return out.append('}').toString();
    }
}
