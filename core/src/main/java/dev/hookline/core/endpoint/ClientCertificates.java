package dev.hookline.core.endpoint;

import dev.hookline.core.crypto.SecretBox;
import dev.hookline.core.outbound.ClientIdentity;
import dev.hookline.core.outbound.PemIdentity;
import dev.hookline.core.problem.Problem;
import dev.hookline.core.problem.Problem.FieldError;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Endpoints' client certificates (mutual TLS): checked and sealed when configured, opened for a send.
 *
 * <p>Inline: the certificate chain and PKCS#8 key are sealed together with the master key ring, bound to the
 * tenant and endpoint (and to their purpose, so no other sealed value of the endpoint opens in their place). By
 * reference: a Secrets Manager secret under the deployment's endpoint prefix holding the PEM certificate chain and
 * key in one text (or JSON {@code {"certificate","private_key"}}); it is read at configuration (to check it and show
 * its subject) and at send time (through the secret cache, so a rotated secret is used within minutes).
 *
 * <p>Opened identities are cached per execution environment (bounded), keyed by what they were opened from, so a
 * delivery does not parse PEM and keys each time.
 */
public final class ClientCertificates {
    static final int MAX_CACHED = 256;
    private static final Pattern SECRET_ARN = Pattern.compile("arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\\d{12}:secret:.+");
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    private final Supplier<SecretBox> box;
    private final Function<String, String> secretReader;
    private final String secretPrefix;
    private final Clock clock;
    private final Map<String, ClientIdentity> opened = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ClientIdentity> eldest) {
            return size() > MAX_CACHED;
        }
    };

    public ClientCertificates(Supplier<SecretBox> box, Function<String, String> secretReader, String secretPrefix,
                              Clock clock) {
        this.box = box;
        this.secretReader = secretReader;
        this.secretPrefix = secretPrefix;
        this.clock = clock;
    }

    /** Checks a PEM chain and key and seals them to the endpoint; 422 naming the field otherwise. */
    public ClientCertificate sealed(String tenantId, String endpointId, String certificatePem, String privateKeyPem) {
        PemIdentity.Parsed parsed = parse(() -> PemIdentity.parse(certificatePem, privateKeyPem, clock.instant()));
        String bundle = certificatePem.strip() + "\n" + privateKeyPem.strip() + "\n";
        return new ClientCertificate(box.get().sealString(bundle, aad(tenantId, endpointId)), null, parsed.subject(),
                parsed.issuer(), parsed.notAfter(), parsed.fingerprintSha256());
    }

    /** A Secrets Manager reference, read now to check it; 422 if it is not one this deployment may read or use. */
    public ClientCertificate referenced(String secretArn) {
        if (!SECRET_ARN.matcher(secretArn).matches()) {
            throw invalid("secret_arn", "must be a Secrets Manager secret ARN");
        }
        if (!secretArn.substring(secretArn.indexOf(":secret:") + 8).startsWith(secretPrefix)) {
            throw invalid("secret_arn", "must name a secret whose name starts with " + secretPrefix);
        }
        String value;
        try {
            value = secretReader.apply(secretArn);
        } catch (RuntimeException e) {
            throw invalid("secret_arn", "cannot be read: " + e.getClass().getSimpleName());
        }
        PemIdentity.Parsed parsed = parse(() -> fromSecretValue(value));
        return new ClientCertificate(null, secretArn, parsed.subject(), parsed.issuer(), parsed.notAfter(),
                parsed.fingerprintSha256());
    }

    /** The identity to present for the endpoint, or null when it has none. Throws if it cannot be opened or read. */
    public ClientIdentity identityOf(Endpoint endpoint) {
        ClientCertificate c = endpoint.clientCertificate();
        if (c == null) {
            return null;
        }
        String source = c.secretArn() != null ? secretReader.apply(c.secretArn()) : c.sealedPem();
        String cacheKey = c.secretArn() != null ? "arn\n" + c.secretArn() + "\n" + source
                : "sealed\n" + endpoint.tenantId() + "\n" + endpoint.id() + "\n" + source;
        synchronized (opened) {
            ClientIdentity hit = opened.get(cacheKey);
            if (hit != null) {
                return hit;
            }
        }
        String pem = c.secretArn() != null ? source : box.get().openString(source, aad(endpoint.tenantId(), endpoint.id()));
        ClientIdentity identity;
        try {
            // An expired certificate fails here with its date, rather than as an opaque TLS alert from the receiver.
            identity = (c.secretArn() != null ? fromSecretValue(pem) : PemIdentity.parseBundle(pem, clock.instant()))
                    .identity();
        } catch (PemIdentity.InvalidPem e) {
            throw new IllegalStateException("The client certificate of " + endpoint.id() + " cannot be used: "
                    + e.getMessage());
        }
        synchronized (opened) {
            opened.put(cacheKey, identity);
        }
        return identity;
    }

    /** The sealed form under the master key ring's current key, if it names an older one. */
    ClientCertificate resealed(ClientCertificate c, String tenantId, String endpointId) {
        if (c == null || c.sealedPem() == null || !box.get().needsReseal(c.sealedPem())) {
            return c;
        }
        return new ClientCertificate(box.get().reseal(c.sealedPem(), aad(tenantId, endpointId)), null, c.subject(),
                c.issuer(), c.notAfter(), c.fingerprintSha256());
    }

    boolean needsReseal(ClientCertificate c) {
        return c != null && c.sealedPem() != null && box.get().needsReseal(c.sealedPem());
    }

    private PemIdentity.Parsed fromSecretValue(String value) throws PemIdentity.InvalidPem {
        String text = value == null ? "" : value.strip();
        if (text.startsWith("{")) {
            try {
                var node = JSON.readTree(text);
                return PemIdentity.parse(node.path("certificate").asText(null), node.path("private_key").asText(null),
                        clock.instant());
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new PemIdentity.InvalidPem("secret_arn", "the secret is neither PEM nor JSON");
            }
        }
        return PemIdentity.parseBundle(text, clock.instant());
    }

    private static byte[] aad(String tenantId, String endpointId) {
        return SecretBox.associatedData(tenantId, endpointId + "#client-certificate");
    }

    private interface Parse {
        PemIdentity.Parsed get() throws PemIdentity.InvalidPem;
    }

    private static PemIdentity.Parsed parse(Parse parse) {
        try {
            return parse.get();
        } catch (PemIdentity.InvalidPem e) {
            throw invalid(e.error().field(), e.error().message());
        }
    }

    private static RuntimeException invalid(String field, String message) {
        return Problem.invalid("The client certificate cannot be used.",
                List.of(new FieldError("client_certificate." + field, message))).toException();
    }
}
