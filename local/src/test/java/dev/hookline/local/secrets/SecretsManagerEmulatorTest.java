package dev.hookline.local.secrets;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.CreateSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.DeleteSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.Filter;
import software.amazon.awssdk.services.secretsmanager.model.FilterNameStringType;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.InvalidParameterException;
import software.amazon.awssdk.services.secretsmanager.model.ListSecretVersionIdsResponse;
import software.amazon.awssdk.services.secretsmanager.model.PutSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceExistsException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.SecretListEntry;
import software.amazon.awssdk.services.secretsmanager.model.SecretVersionsListEntry;
import software.amazon.awssdk.services.secretsmanager.model.Tag;
import software.amazon.awssdk.services.secretsmanager.model.UpdateSecretResponse;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SecretsManagerEmulatorTest {

    private static final String ARN_PATTERN =
            "arn:aws:secretsmanager:us-east-1:000000000000:secret:%s-[A-Za-z0-9]{6}";

    @TempDir
    Path tempDir;

    private SecretsManagerEmulator emulator;
    private SecretsManagerClient client;

    @BeforeEach
    void start() throws IOException {
        emulator = SecretsManagerEmulator.start(0, null, "us-east-1");
        client = clientFor(emulator);
    }

    @AfterEach
    void stop() {
        client.close();
        emulator.close();
    }

    private static SecretsManagerClient clientFor(SecretsManagerEmulator emulator) {
        return SecretsManagerClient.builder()
                .endpointOverride(emulator.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    @Test
    void endpointIsLoopback() {
        assertEquals("http", emulator.endpoint().getScheme());
        assertEquals("127.0.0.1", emulator.endpoint().getHost());
        assertTrue(emulator.endpoint().getPort() > 0);
    }

    @Test
    void createAndGetByNameFullArnAndPartialArn() {
        CreateSecretResponse created = client.createSecret(b -> b.name("hookline/signing-key")
                .secretString("{\"key\":\"s3cr3t\"}").description("Signing key"));
        assertTrue(created.arn().matches(ARN_PATTERN.formatted("hookline/signing-key")), created.arn());
        assertEquals("hookline/signing-key", created.name());
        assertFalse(created.versionId().isEmpty());

        GetSecretValueResponse byName = client.getSecretValue(b -> b.secretId("hookline/signing-key"));
        assertEquals("{\"key\":\"s3cr3t\"}", byName.secretString());
        assertNull(byName.secretBinary());
        assertEquals(created.arn(), byName.arn());
        assertEquals("hookline/signing-key", byName.name());
        assertEquals(created.versionId(), byName.versionId());
        assertEquals(List.of("AWSCURRENT"), byName.versionStages());
        assertTrue(Duration.between(byName.createdDate(), Instant.now()).abs().toMinutes() < 1);

        GetSecretValueResponse byArn = client.getSecretValue(b -> b.secretId(created.arn()));
        assertEquals("{\"key\":\"s3cr3t\"}", byArn.secretString());

        String partialArn = created.arn().substring(0, created.arn().length() - 7);
        GetSecretValueResponse byPartialArn = client.getSecretValue(b -> b.secretId(partialArn));
        assertEquals(created.versionId(), byPartialArn.versionId());

        assertThrows(ResourceNotFoundException.class, () -> client.getSecretValue(b -> b.secretId("missing")));
        assertThrows(ResourceNotFoundException.class, () -> client.getSecretValue(b -> b.secretId(
                "arn:aws:secretsmanager:us-east-1:000000000000:secret:hookline/signing-key-zzzzzz")));
    }

    @Test
    void clientRequestTokenBecomesVersionId() {
        String token = UUID.randomUUID().toString();
        CreateSecretResponse created = client.createSecret(b -> b.name("t").secretString("v").clientRequestToken(token));
        assertEquals(token, created.versionId());
    }

    @Test
    void putValueMovesCurrentAndPreviousStages() {
        CreateSecretResponse created = client.createSecret(b -> b.name("rotating").secretString("v1"));
        String v1 = created.versionId();

        PutSecretValueResponse put2 = client.putSecretValue(b -> b.secretId("rotating").secretString("v2"));
        String v2 = put2.versionId();
        assertNotEquals(v1, v2);
        assertEquals(created.arn(), put2.arn());
        assertEquals(List.of("AWSCURRENT"), put2.versionStages());

        assertEquals("v2", client.getSecretValue(b -> b.secretId("rotating")).secretString());
        GetSecretValueResponse previous =
                client.getSecretValue(b -> b.secretId("rotating").versionStage("AWSPREVIOUS"));
        assertEquals("v1", previous.secretString());
        assertEquals(v1, previous.versionId());
        assertEquals(List.of("AWSPREVIOUS"), previous.versionStages());
        assertEquals(Map.of(v1, List.of("AWSPREVIOUS"), v2, List.of("AWSCURRENT")),
                client.describeSecret(b -> b.secretId("rotating")).versionIdsToStages());

        String v3 = client.putSecretValue(b -> b.secretId(created.arn()).secretString("v3")).versionId();
        assertEquals(Map.of(v2, List.of("AWSPREVIOUS"), v3, List.of("AWSCURRENT")),
                client.describeSecret(b -> b.secretId("rotating")).versionIdsToStages());
        // The oldest version lost its labels but can still be read by id.
        GetSecretValueResponse oldest = client.getSecretValue(b -> b.secretId("rotating").versionId(v1));
        assertEquals("v1", oldest.secretString());
        assertTrue(oldest.versionStages().isEmpty());
        assertThrows(ResourceNotFoundException.class,
                () -> client.getSecretValue(b -> b.secretId("rotating").versionId(v1).versionStage("AWSCURRENT")));
        assertThrows(ResourceNotFoundException.class,
                () -> client.getSecretValue(b -> b.secretId("rotating").versionStage("NOPE")));
    }

    @Test
    void putValueWithCustomStageLeavesCurrentAlone() {
        client.createSecret(b -> b.name("staged").secretString("live"));
        PutSecretValueResponse pending = client.putSecretValue(b -> b.secretId("staged").secretString("next")
                .versionStages("AWSPENDING"));
        assertEquals(List.of("AWSPENDING"), pending.versionStages());
        assertEquals("live", client.getSecretValue(b -> b.secretId("staged")).secretString());
        assertEquals("next", client.getSecretValue(b -> b.secretId("staged").versionStage("AWSPENDING")).secretString());
    }

    @Test
    void putValueIsIdempotentPerClientRequestToken() {
        client.createSecret(b -> b.name("idem").secretString("v1"));
        String token = UUID.randomUUID().toString();
        PutSecretValueResponse first = client.putSecretValue(b -> b.secretId("idem").secretString("v2")
                .clientRequestToken(token));
        PutSecretValueResponse again = client.putSecretValue(b -> b.secretId("idem").secretString("v2")
                .clientRequestToken(token));
        assertEquals(token, first.versionId());
        assertEquals(token, again.versionId());
        assertEquals(2, client.listSecretVersionIds(b -> b.secretId("idem")).versions().size());
        assertThrows(ResourceExistsException.class, () -> client.putSecretValue(b -> b.secretId("idem")
                .secretString("different").clientRequestToken(token)));
        assertEquals("v2", client.getSecretValue(b -> b.secretId("idem")).secretString());
    }

    @Test
    void describeSecret() {
        CreateSecretResponse created = client.createSecret(b -> b.name("described").secretString("x")
                .description("What it is").tags(Tag.builder().key("team").value("hooks").build()));
        client.getSecretValue(b -> b.secretId("described"));

        DescribeSecretResponse described = client.describeSecret(b -> b.secretId(created.arn()));
        assertEquals(created.arn(), described.arn());
        assertEquals("described", described.name());
        assertEquals("What it is", described.description());
        assertEquals(List.of(Tag.builder().key("team").value("hooks").build()), described.tags());
        assertEquals(Map.of(created.versionId(), List.of("AWSCURRENT")), described.versionIdsToStages());
        assertTrue(Duration.between(described.createdDate(), Instant.now()).abs().toMinutes() < 1);
        assertTrue(!described.lastChangedDate().isBefore(described.createdDate()));
        assertTrue(described.lastAccessedDate() != null);
        assertThrows(ResourceNotFoundException.class, () -> client.describeSecret(b -> b.secretId("nope")));
    }

    @Test
    void listSecretsWithPagingAndFilters() {
        for (int i = 0; i < 5; i++) {
            int n = i;
            client.createSecret(b -> b.name("app/secret-" + n).secretString("value-" + n));
        }
        client.createSecret(b -> b.name("other").secretString("o").tags(Tag.builder().key("env").value("dev").build()));

        var firstPage = client.listSecrets(b -> b.maxResults(2));
        assertEquals(2, firstPage.secretList().size());
        assertTrue(firstPage.nextToken() != null);

        List<String> names = new ArrayList<>();
        client.listSecretsPaginator(b -> b.maxResults(2))
                .forEach(page -> page.secretList().forEach(e -> names.add(e.name())));
        assertEquals(List.of("app/secret-0", "app/secret-1", "app/secret-2", "app/secret-3", "app/secret-4", "other"),
                names);

        SecretListEntry entry = client.listSecrets(b -> b.filters(
                Filter.builder().key(FilterNameStringType.TAG_KEY).values("env").build())).secretList().getFirst();
        assertEquals("other", entry.name());
        assertTrue(entry.arn().matches(ARN_PATTERN.formatted("other")));
        assertEquals(1, entry.secretVersionsToStages().size());
        assertTrue(entry.createdDate() != null);

        assertEquals(5, client.listSecrets(b -> b.filters(
                Filter.builder().key(FilterNameStringType.NAME).values("app/").build())).secretList().size());
        assertEquals(1, client.listSecrets(b -> b.filters(
                Filter.builder().key(FilterNameStringType.NAME).values("!app/").build())).secretList().size());
    }

    @Test
    void listSecretVersionIds() {
        CreateSecretResponse created = client.createSecret(b -> b.name("versions").secretString("a"));
        String v2 = client.putSecretValue(b -> b.secretId("versions").secretString("b")).versionId();
        String v3 = client.putSecretValue(b -> b.secretId("versions").secretString("c")).versionId();

        ListSecretVersionIdsResponse listed = client.listSecretVersionIds(b -> b.secretId("versions"));
        assertEquals(created.arn(), listed.arn());
        assertEquals("versions", listed.name());
        assertEquals(List.of(v2, v3), listed.versions().stream().map(SecretVersionsListEntry::versionId).toList());
        assertEquals(List.of("AWSPREVIOUS"), listed.versions().get(0).versionStages());
        assertEquals(List.of("AWSCURRENT"), listed.versions().get(1).versionStages());
        assertTrue(listed.versions().get(0).createdDate() != null);

        ListSecretVersionIdsResponse all = client.listSecretVersionIds(b -> b.secretId("versions").includeDeprecated(true));
        assertEquals(List.of(created.versionId(), v2, v3),
                all.versions().stream().map(SecretVersionsListEntry::versionId).toList());

        List<String> paged = new ArrayList<>();
        client.listSecretVersionIdsPaginator(b -> b.secretId("versions").includeDeprecated(true).maxResults(1))
                .forEach(page -> page.versions().forEach(v -> paged.add(v.versionId())));
        assertEquals(List.of(created.versionId(), v2, v3), paged);
    }

    @Test
    void deleteThenGetIsNotFound() {
        CreateSecretResponse created = client.createSecret(b -> b.name("doomed").secretString("x"));
        DeleteSecretResponse deleted = client.deleteSecret(b -> b.secretId("doomed"));
        assertEquals(created.arn(), deleted.arn());
        assertEquals("doomed", deleted.name());
        assertTrue(deleted.deletionDate().isAfter(Instant.now().plus(Duration.ofDays(29))));

        assertThrows(ResourceNotFoundException.class, () -> client.getSecretValue(b -> b.secretId("doomed")));
        assertThrows(ResourceNotFoundException.class, () -> client.describeSecret(b -> b.secretId(created.arn())));
        assertThrows(ResourceNotFoundException.class, () -> client.deleteSecret(b -> b.secretId("doomed")));
        assertTrue(client.listSecrets(b -> { }).secretList().isEmpty());

        client.createSecret(b -> b.name("forced").secretString("x"));
        DeleteSecretResponse forced = client.deleteSecret(b -> b.secretId("forced").forceDeleteWithoutRecovery(true));
        assertTrue(Duration.between(forced.deletionDate(), Instant.now()).abs().toMinutes() < 1);
        assertThrows(ResourceNotFoundException.class, () -> client.getSecretValue(b -> b.secretId("forced")));
    }

    @Test
    void deleteRejectsBadRecoveryWindow() {
        client.createSecret(b -> b.name("kept").secretString("x"));
        assertThrows(InvalidParameterException.class,
                () -> client.deleteSecret(b -> b.secretId("kept").recoveryWindowInDays(3L)));
        assertThrows(InvalidParameterException.class, () -> client.deleteSecret(b -> b.secretId("kept")
                .recoveryWindowInDays(7L).forceDeleteWithoutRecovery(true)));
        assertEquals("x", client.getSecretValue(b -> b.secretId("kept")).secretString());
    }

    @Test
    void duplicateCreateIsResourceExists() {
        client.createSecret(b -> b.name("dup").secretString("one"));
        assertThrows(ResourceExistsException.class, () -> client.createSecret(b -> b.name("dup").secretString("two")));
        assertEquals("one", client.getSecretValue(b -> b.secretId("dup")).secretString());
    }

    @Test
    void invalidParameters() {
        assertThrows(InvalidParameterException.class, () -> client.createSecret(b -> b.name("both")
                .secretString("s").secretBinary(SdkBytes.fromUtf8String("b"))));
        assertThrows(InvalidParameterException.class, () -> client.createSecret(b -> b.name("bad name!")
                .secretString("s")));
    }

    @Test
    void binarySecretRoundTrip() {
        byte[] bytes = new byte[300];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) i;
        }
        client.createSecret(b -> b.name("binary").secretBinary(SdkBytes.fromByteArray(bytes)));
        GetSecretValueResponse got = client.getSecretValue(b -> b.secretId("binary"));
        assertNull(got.secretString());
        assertArrayEquals(bytes, got.secretBinary().asByteArray());

        byte[] next = {0, -1, 42};
        client.putSecretValue(b -> b.secretId("binary").secretBinary(SdkBytes.fromByteArray(next)));
        assertArrayEquals(next, client.getSecretValue(b -> b.secretId("binary")).secretBinary().asByteArray());
    }

    @Test
    void updateSecret() {
        CreateSecretResponse created = client.createSecret(b -> b.name("upd").secretString("v1").description("old"));

        UpdateSecretResponse described = client.updateSecret(b -> b.secretId("upd").description("new"));
        assertEquals(created.arn(), described.arn());
        assertNull(described.versionId());
        assertEquals("new", client.describeSecret(b -> b.secretId("upd")).description());

        UpdateSecretResponse valued = client.updateSecret(b -> b.secretId("upd").secretString("v2"));
        assertTrue(valued.versionId() != null);
        GetSecretValueResponse current = client.getSecretValue(b -> b.secretId("upd"));
        assertEquals("v2", current.secretString());
        assertEquals(valued.versionId(), current.versionId());
        assertEquals("v1", client.getSecretValue(b -> b.secretId("upd").versionStage("AWSPREVIOUS")).secretString());
        assertEquals("new", client.describeSecret(b -> b.secretId("upd")).description());
        assertThrows(ResourceNotFoundException.class, () -> client.updateSecret(b -> b.secretId("gone").description("x")));
    }

    @Test
    void createWithoutValueHasNoVersionUntilPut() {
        CreateSecretResponse created = client.createSecret(b -> b.name("empty"));
        assertNull(created.versionId());
        assertThrows(ResourceNotFoundException.class, () -> client.getSecretValue(b -> b.secretId("empty")));
        // The first version becomes current even when only a custom label is asked for.
        client.putSecretValue(b -> b.secretId("empty").secretString("now").versionStages("CUSTOM"));
        GetSecretValueResponse got = client.getSecretValue(b -> b.secretId("empty"));
        assertEquals("now", got.secretString());
        assertEquals(List.of("CUSTOM", "AWSCURRENT"), got.versionStages());
    }

    @Test
    void stateFileSurvivesRestart() throws IOException {
        Path stateFile = tempDir.resolve("state/secrets.json");
        String arn;
        String binaryArn;
        try (SecretsManagerEmulator first = SecretsManagerEmulator.start(0, stateFile, "us-east-1");
             SecretsManagerClient firstClient = clientFor(first)) {
            arn = firstClient.createSecret(b -> b.name("persisted").secretString("v1").description("d")).arn();
            firstClient.putSecretValue(b -> b.secretId("persisted").secretString("v2"));
            binaryArn = firstClient.createSecret(b -> b.name("persisted-bin")
                    .secretBinary(SdkBytes.fromByteArray(new byte[] {1, 2, 3}))).arn();
            firstClient.createSecret(b -> b.name("removed").secretString("x"));
            firstClient.deleteSecret(b -> b.secretId("removed").forceDeleteWithoutRecovery(true));
        }
        assertTrue(Files.exists(stateFile));

        try (SecretsManagerEmulator second = SecretsManagerEmulator.start(0, stateFile, "us-east-1");
             SecretsManagerClient secondClient = clientFor(second)) {
            GetSecretValueResponse current = secondClient.getSecretValue(b -> b.secretId(arn));
            assertEquals("v2", current.secretString());
            assertEquals("v1", secondClient.getSecretValue(b -> b.secretId("persisted").versionStage("AWSPREVIOUS"))
                    .secretString());
            assertEquals("d", secondClient.describeSecret(b -> b.secretId("persisted")).description());
            assertArrayEquals(new byte[] {1, 2, 3},
                    secondClient.getSecretValue(b -> b.secretId(binaryArn)).secretBinary().asByteArray());
            assertThrows(ResourceNotFoundException.class,
                    () -> secondClient.getSecretValue(b -> b.secretId("removed")));
            assertEquals(List.of("persisted", "persisted-bin"),
                    secondClient.listSecrets(b -> { }).secretList().stream().map(SecretListEntry::name).toList());
            // And a new secret after the restart does not disturb the loaded ones.
            secondClient.createSecret(b -> b.name("after-restart").secretString("y"));
            assertEquals(3, secondClient.listSecrets(b -> { }).secretList().size());
        }
    }

    @Test
    void concurrentPutsAllLand() throws Exception {
        client.createSecret(b -> b.name("busy").secretString("v0"));
        int writers = 16;
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<String>> futures = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                int n = i;
                futures.add(pool.submit(() ->
                        client.putSecretValue(b -> b.secretId("busy").secretString("v" + (n + 1))).versionId()));
            }
            for (Future<String> future : futures) {
                future.get();
            }
        }
        ListSecretVersionIdsResponse all = client.listSecretVersionIds(b -> b.secretId("busy").includeDeprecated(true));
        assertEquals(writers + 1, all.versions().size());
        DescribeSecretResponse described = client.describeSecret(b -> b.secretId("busy"));
        assertEquals(2, described.versionIdsToStages().size());
    }

    @Test
    void rawProtocolErrors() throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> unknown = http.send(raw("secretsmanager.RotateSecret", "{}"),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(400, unknown.statusCode());
            assertTrue(unknown.body().contains("\"__type\":\"UnknownOperationException\""), unknown.body());
            assertEquals("UnknownOperationException", unknown.headers().firstValue("x-amzn-ErrorType").orElseThrow());
            assertEquals("application/x-amz-json-1.1", unknown.headers().firstValue("Content-Type").orElseThrow());

            HttpResponse<String> malformed = http.send(raw("secretsmanager.GetSecretValue", "{\"SecretId\":"),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(400, malformed.statusCode());
            assertTrue(malformed.body().contains("\"__type\":\"SerializationException\""), malformed.body());

            HttpResponse<String> notFound = http.send(raw("secretsmanager.GetSecretValue", "{\"SecretId\":\"x\"}"),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(400, notFound.statusCode());
            assertTrue(notFound.body().contains("\"__type\":\"ResourceNotFoundException\""), notFound.body());
            assertTrue(notFound.body().contains("\"message\""), notFound.body());

            HttpResponse<String> created = http.send(raw("secretsmanager.CreateSecret",
                    "{\"Name\":\"raw\",\"SecretString\":\"v\"}"), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, created.statusCode());
            HttpResponse<String> got = http.send(raw("secretsmanager.GetSecretValue", "{\"SecretId\":\"raw\"}"),
                    HttpResponse.BodyHandlers.ofString());
            assertTrue(got.body().matches(".*\"CreatedDate\":\\d+\\.\\d{3}[,}].*"), got.body());
        }
    }

    private HttpRequest raw(String target, String body) {
        return HttpRequest.newBuilder(emulator.endpoint().resolve("/"))
                .header("X-Amz-Target", target)
                .header("Content-Type", "application/x-amz-json-1.1")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }
}
