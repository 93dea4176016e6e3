package dev.hookline.core.inbound;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hookline.core.inbound.verify.HmacAlgorithm;
import dev.hookline.core.inbound.verify.HmacConfig;
import dev.hookline.core.inbound.verify.InboundRequest;
import dev.hookline.core.inbound.verify.SchemeConfig;
import dev.hookline.core.inbound.verify.VendorConfig;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Endpoint-ownership challenges some senders send before (and while) delivering events. Each returns the JSON body to
 * answer with ({@code application/json}, status 200) when the request is such a challenge, and empty otherwise, in
 * which case it is an ordinary event.
 *
 * <p>Call these after the request passed its verification scheme: Slack and Zoom sign their challenges like any event,
 * and answering unverified challenges would let anyone prove "ownership" of our endpoint to a third party.
 */
public final class Handshakes {

    /** Challenges are short random strings; refusing long ones keeps us from echoing arbitrary payloads. */
    static final int MAX_TOKEN_LENGTH = 256;

    private Handshakes() {
    }

    /** The answer to the challenge the source's scheme takes part in, if the request is one. */
    public static Optional<String> answer(SchemeConfig config, InboundRequest request) {
        if (config instanceof VendorConfig vendor) {
            return switch (vendor.preset().handshake()) {
                case SLACK_URL_VERIFICATION -> slackUrlVerification(request);
                case ZOOM_URL_VALIDATION -> zoomUrlValidation(request, vendor.secrets().getFirst());
                case NONE -> Optional.empty();
            };
        }
        // Before the zoom preset, Zoom sources were configured as generic hmac; they keep their answers.
        if (config instanceof HmacConfig hmac && !hmac.secrets().isEmpty()) {
            return zoomUrlValidation(request, hmac.secrets().getFirst());
        }
        return Optional.empty();
    }

    /** Slack Events API: {@code {"type":"url_verification","challenge":"…"}} gets {@code {"challenge":"…"}}. */
    public static Optional<String> slackUrlVerification(InboundRequest request) {
        return JsonBodies.object(request.body())
                .filter(json -> "url_verification".equals(json.path("type").asText(null)))
                .flatMap(json -> token(json.path("challenge")))
                .map(challenge -> JsonBodies.write(Map.of("challenge", challenge)));
    }

    /**
     * Zoom: {@code {"event":"endpoint.url_validation","payload":{"plainToken":"…"}}} is answered with the plain token
     * and {@code encryptedToken = hex(HMAC-SHA256(secret token, plainToken))}.
     */
    public static Optional<String> zoomUrlValidation(InboundRequest request, String secretToken) {
        if (secretToken == null || secretToken.isEmpty()) {
            return Optional.empty();
        }
        return JsonBodies.object(request.body())
                .filter(json -> "endpoint.url_validation".equals(json.path("event").asText(null)))
                .flatMap(json -> token(json.path("payload").path("plainToken")))
                .map(plain -> {
                    byte[] mac = HmacAlgorithm.SHA256.mac(secretToken.getBytes(StandardCharsets.UTF_8),
                            plain.getBytes(StandardCharsets.UTF_8));
                    Map<String, String> answer = new LinkedHashMap<>();
                    answer.put("plainToken", plain);
                    answer.put("encryptedToken", HexFormat.of().formatHex(mac));
                    return JsonBodies.write(answer);
                });
    }

    private static Optional<String> token(JsonNode node) {
        if (!node.isTextual() || node.asText().isEmpty() || node.asText().length() > MAX_TOKEN_LENGTH) {
            return Optional.empty();
        }
        return Optional.of(node.asText());
    }
}
