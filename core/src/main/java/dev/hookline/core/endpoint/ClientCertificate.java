package dev.hookline.core.endpoint;

import java.time.Instant;

/**
 * The client certificate an endpoint presents to its receiver (mutual TLS): either held sealed here (certificate
 * chain and private key as one PEM text, encrypted with the master key ring and bound to the endpoint) or read from
 * a Secrets Manager secret ({@code secretArn}) at send time. What the API shows: subject, issuer, expiry and the
 * leaf certificate's SHA-256 fingerprint (public facts); never the key.
 */
public record ClientCertificate(String sealedPem, String secretArn, String subject, String issuer, Instant notAfter,
                                String fingerprintSha256) {

    /** What changes when another certificate (or another reference) is configured. */
    public String identity() {
        return secretArn != null ? "arn:" + secretArn : "sha256:" + fingerprintSha256;
    }

    @Override
    public String toString() {
        return "ClientCertificate[" + subject + ", " + (secretArn != null ? secretArn : "sealed") + "]";
    }
}
