package dev.hookline.core.inbound.stream;

import dev.hookline.core.crypto.Tokens;
import dev.hookline.core.wire.WireJson;

/**
 * The FIFO message group of a record: the SHA-256 (64 hex characters, inside SQS's 128) of
 * {@code tenant/source/key}, so two tenants or two sources with the same ordering key never share a group (one's
 * slow or poisoned record cannot hold up the other's), while one source's records with one key keep their order.
 * Tenant and source ids never contain '/', so the joined form is unambiguous; the key is taken in its escaped JSON
 * form so lone surrogates hash losslessly. A record without a key is ordered per source.
 */
public final class StreamGroups {
    private StreamGroups() {
    }

    public static String of(String tenantId, String sourceId, String orderingKey) {
        return Tokens.sha256Hex(tenantId + "/" + sourceId + "/" + (orderingKey == null ? "" : WireJson.quote(orderingKey)));
    }
}
