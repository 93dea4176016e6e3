package dev.hookline.infrastructure.attachments;

import dev.hookline.core.inbound.stream.AttachmentStore;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Stream attachments in the template's AttachmentsBucket: one PutObject each (encrypted by the bucket's default,
 * expired by its lifecycle rule), sent as a SigV4-signed {@code PUT} through the HTTP client and signer the other AWS
 * clients already use. PutObject is the only S3 call Hookline makes, and the S3 SDK client would add ~4 MB of model
 * classes to every function's jar for it. {@code Content-MD5} makes S3 check the bytes, so a corrupted upload fails
 * instead of being referenced.
 */
public final class S3AttachmentStore implements AttachmentStore {
    /** An error answer is read only this far, for the exception's message. */
    private static final int MAX_ERROR_BYTES = 2048;

    private final SdkHttpClient http;
    private final AwsCredentialsProvider credentials;
    private final String region;
    /** Null: AWS's own virtual-hosted endpoint; else an emulator's, addressed path-style. */
    private final URI endpoint;
    private final String bucket;
    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();

    public S3AttachmentStore(SdkHttpClient http, AwsCredentialsProvider credentials, String region, URI endpoint,
                             String bucket) {
        this.http = http;
        this.credentials = credentials;
        this.region = region;
        this.endpoint = endpoint;
        this.bucket = bucket;
    }

    @Override
    public String bucket() {
        return bucket;
    }

    @Override
    public void put(String key, byte[] bytes, String contentType) {
        SdkHttpRequest request = SdkHttpRequest.builder()
                .method(SdkHttpMethod.PUT)
                .uri(objectUri(key))
                .putHeader("Content-Type", contentType)
                .putHeader("Content-Length", Integer.toString(bytes.length))
                .putHeader("Content-MD5", Base64.getEncoder().encodeToString(digest("MD5", bytes)))
                .putHeader("x-amz-content-sha256", HexFormat.of().formatHex(digest("SHA-256", bytes)))
                .build();
        SignedRequest signed = signer.sign(r -> r.identity(credentials.resolveCredentials())
                .request(request)
                .payload(ContentStreamProvider.fromByteArrayUnsafe(bytes))
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "s3")
                .putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, false)
                .putProperty(AwsV4HttpSigner.NORMALIZE_PATH, false));
        try {
            HttpExecuteResponse response = http.prepareRequest(HttpExecuteRequest.builder()
                    .request(signed.request()).contentStreamProvider(signed.payload().orElseThrow()).build()).call();
            int status = response.httpResponse().statusCode();
            String error = status / 100 == 2 ? null : excerpt(response);
            if (response.responseBody().isPresent()) {
                response.responseBody().get().close();
            }
            if (error != null) {
                throw new IllegalStateException("S3 PutObject of " + key + " answered " + status + ": " + error);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("S3 PutObject of " + key + " failed", e);
        }
    }

    URI objectUri(String key) {
        String path = encodeKey(key);
        if (endpoint == null) {
            return URI.create("https://" + bucket + ".s3." + region + ".amazonaws.com/" + path);
        }
        String base = endpoint.toString().replaceAll("/+$", "");
        return URI.create(base + "/" + bucket + "/" + path);
    }

    /** S3's key encoding: every byte but RFC 3986's unreserved characters and '/' percent-encoded. */
    static String encodeKey(String key) {
        StringBuilder out = new StringBuilder();
        for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || "-._~/".indexOf(c) >= 0) {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }

    private static String excerpt(HttpExecuteResponse response) throws IOException {
        if (response.responseBody().isEmpty()) {
            return "(no body)";
        }
        try (InputStream in = response.responseBody().get()) {
            return new String(in.readNBytes(MAX_ERROR_BYTES), StandardCharsets.UTF_8);
        }
    }

    private static byte[] digest(String algorithm, byte[] bytes) {
        try {
            return MessageDigest.getInstance(algorithm).digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is part of every JDK", e);
        }
    }
}
