package dev.hookline.local.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The secrets of the emulator: immutable snapshots behind one lock, optionally persisted to a JSON file.
 *
 * <p>Every change builds the next state, writes it to the state file (atomically: temp file and rename),
 * and only then makes it visible, so a failed write leaves memory and disk as they were. The state file
 * holds the secret values in clear text (it is a local development store); it is created owner-readable
 * only where the file system supports POSIX permissions.
 *
 * <p>Staging labels follow AWS: a new version that receives {@code AWSCURRENT} moves it from the previous
 * current version, which receives {@code AWSPREVIOUS} (taken from whichever version had it). Versions left
 * without labels are "deprecated": still readable by VersionId, listed only on request, and the oldest are
 * dropped beyond {@value #MAX_VERSIONS} versions per secret.
 *
 * <p>Simplification: deletion is immediate. AWS keeps a deleted secret for its recovery window (reads fail
 * with InvalidRequestException, the name stays taken, RestoreSecret brings it back); here the secret is gone
 * at once, reads fail with ResourceNotFoundException and the name can be reused straight away.
 */
final class SecretStore {

    static final String AWSCURRENT = "AWSCURRENT";
    static final String AWSPREVIOUS = "AWSPREVIOUS";
    static final String ACCOUNT_ID = "000000000000";

    private static final int MAX_VERSIONS = 100;
    private static final int STATE_FORMAT = 1;
    private static final String SUFFIX_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final System.Logger LOG = System.getLogger(SecretStore.class.getName());

    /** A secret's value: exactly one of a string and a binary. {@link #toString()} never shows it. */
    record SecretValue(String string, byte[] binary) {
        SecretValue {
            if ((string == null) == (binary == null)) {
                throw new IllegalArgumentException("exactly one of string and binary");
            }
            binary = binary == null ? null : binary.clone();
        }

        static SecretValue ofString(String value) {
            return new SecretValue(value, null);
        }

        static SecretValue ofBinary(byte[] value) {
            return new SecretValue(null, value);
        }

        @Override
        public byte[] binary() {
            return binary == null ? null : binary.clone();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof SecretValue that
                    && Objects.equals(string, that.string) && Arrays.equals(binary, that.binary);
        }

        @Override
        public int hashCode() {
            return 31 * Objects.hashCode(string) + Arrays.hashCode(binary);
        }

        @Override
        public String toString() {
            return "SecretValue[redacted]";
        }
    }

    record Tag(String key, String value) {
    }

    record Version(String id, SecretValue value, List<String> stages, Instant createdDate) {
        Version {
            stages = List.copyOf(stages);
        }

        Version withStages(List<String> newStages) {
            return new Version(id, value, newStages, createdDate);
        }
    }

    /** One secret; {@code sequence} orders secrets by creation (listing and paging). */
    record Secret(String arn, String name, String description, String kmsKeyId, List<Tag> tags,
                  Instant createdDate, Instant lastChangedDate, Instant lastAccessedDate,
                  long sequence, List<Version> versions) {
        Secret {
            tags = List.copyOf(tags);
            versions = List.copyOf(versions);
        }

        Optional<Version> version(String versionId) {
            return versions.stream().filter(v -> v.id().equals(versionId)).findFirst();
        }

        Optional<Version> versionWithStage(String stage) {
            return versions.stream().filter(v -> v.stages().contains(stage)).findFirst();
        }

        /** Versions that carry a staging label, in creation order. */
        Map<String, List<String>> versionIdsToStages() {
            Map<String, List<String>> out = new LinkedHashMap<>();
            for (Version v : versions) {
                if (!v.stages().isEmpty()) {
                    out.put(v.id(), v.stages());
                }
            }
            return out;
        }

        Secret withVersions(List<Version> newVersions, Instant changed) {
            return new Secret(arn, name, description, kmsKeyId, tags, createdDate, changed, lastAccessedDate,
                    sequence, newVersions);
        }
    }

    /** The outcome of a write or a read: the secret after it, and the version concerned (null if none). */
    record Result(Secret secret, Version version) {
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Path stateFile;
    private final String region;
    private final String partition;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** By name, in creation order. Replaced whole on each change; guarded by {@link #lock}. */
    private Map<String, Secret> secrets = Map.of();
    private long nextSequence = 1;

    private SecretStore(Path stateFile, String region, Clock clock) {
        this.stateFile = stateFile;
        this.region = region;
        this.partition = region.startsWith("cn-") ? "aws-cn" : region.startsWith("us-gov-") ? "aws-us-gov" : "aws";
        this.clock = clock;
    }

    /** A store in memory ({@code stateFile} null) or backed by {@code stateFile}, loaded if it exists. */
    static SecretStore open(Path stateFile, String region, Clock clock) throws IOException {
        SecretStore store = new SecretStore(stateFile, region, clock);
        if (stateFile != null && Files.exists(stateFile)) {
            store.load();
        }
        return store;
    }

    String region() {
        return region;
    }

    // ---------------------------------------------------------------- operations

    Result create(String name, String description, String kmsKeyId, List<Tag> tags, SecretValue value, String token) {
        lock.lock();
        try {
            Secret existing = secrets.get(name);
            if (existing != null) {
                // A retried request (same token, same value) succeeds again, as AWS documents for ClientRequestToken.
                Optional<Version> same = existing.version(token).filter(v -> v.value().equals(value));
                if (value != null && same.isPresent()) {
                    return new Result(existing, same.get());
                }
                throw ApiError.exists("The operation failed because the secret " + name + " already exists.");
            }
            Instant now = now();
            List<Version> versions = value == null
                    ? List.of()
                    : List.of(new Version(token, value, List.of(AWSCURRENT), now));
            Secret secret = new Secret(newArn(name), name, description, kmsKeyId, tags, now, now, null,
                    nextSequence, versions);
            Map<String, Secret> next = new LinkedHashMap<>(secrets);
            next.put(name, secret);
            commit(next);
            nextSequence++;
            return new Result(secret, versions.isEmpty() ? null : versions.getFirst());
        } finally {
            lock.unlock();
        }
    }

    Secret describe(String secretId) {
        lock.lock();
        try {
            return resolve(secretId);
        } finally {
            lock.unlock();
        }
    }

    /** All secrets in creation order. */
    List<Secret> list() {
        lock.lock();
        try {
            return List.copyOf(secrets.values());
        } finally {
            lock.unlock();
        }
    }

    Result getValue(String secretId, String versionId, String versionStage) {
        lock.lock();
        try {
            Secret secret = resolve(secretId);
            Version version;
            if (versionId != null) {
                version = secret.version(versionId)
                        .filter(v -> versionStage == null || v.stages().contains(versionStage))
                        .orElseThrow(() -> ApiError.notFound(versionStage == null
                                ? "Secrets Manager can't find the specified secret value for VersionId: " + versionId
                                : "Secrets Manager can't find the specified secret value for VersionId: " + versionId
                                        + " and staging label: " + versionStage));
            } else {
                String stage = versionStage == null ? AWSCURRENT : versionStage;
                version = secret.versionWithStage(stage).orElseThrow(() -> ApiError.notFound(
                        "Secrets Manager can't find the specified secret value for staging label: " + stage));
            }
            return new Result(touch(secret), version);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Adds a version. {@code stages} null means {@code [AWSCURRENT]}; the first version of a secret always
     * gets {@code AWSCURRENT}. A token that names an existing version is a retry when the value is the same,
     * and an error otherwise (versions are immutable).
     */
    Result putValue(String secretId, SecretValue value, String token, List<String> stages) {
        lock.lock();
        try {
            Secret secret = resolve(secretId);
            return addVersion(secret, value, token, stages, secret.description(), secret.kmsKeyId());
        } finally {
            lock.unlock();
        }
    }

    /** Changes the description and/or KMS key id (null: unchanged) and, given a value, adds a current version. */
    Result update(String secretId, String description, String kmsKeyId, SecretValue value, String token) {
        lock.lock();
        try {
            Secret secret = resolve(secretId);
            String newDescription = description == null ? secret.description() : description;
            String newKmsKeyId = kmsKeyId == null ? secret.kmsKeyId() : kmsKeyId;
            if (value != null) {
                return addVersion(secret, value, token, null, newDescription, newKmsKeyId);
            }
            if (Objects.equals(newDescription, secret.description()) && Objects.equals(newKmsKeyId, secret.kmsKeyId())) {
                return new Result(secret, null);
            }
            Secret updated = new Secret(secret.arn(), secret.name(), newDescription, newKmsKeyId, secret.tags(),
                    secret.createdDate(), now(), secret.lastAccessedDate(), secret.sequence(), secret.versions());
            replace(updated);
            return new Result(updated, null);
        } finally {
            lock.unlock();
        }
    }

    /** Removes the secret at once (see the class comment) and returns it as it was. */
    Secret delete(String secretId) {
        lock.lock();
        try {
            Secret secret = resolve(secretId);
            Map<String, Secret> next = new LinkedHashMap<>(secrets);
            next.remove(secret.name());
            commit(next);
            return secret;
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------- internals (callers hold the lock)

    private Result addVersion(Secret secret, SecretValue value, String token, List<String> requestedStages,
                              String description, String kmsKeyId) {
        Optional<Version> existing = secret.version(token);
        if (existing.isPresent()) {
            if (existing.get().value().equals(value)) {
                return new Result(secret, existing.get());
            }
            throw ApiError.exists("You can't modify an existing version, you can only create a new version.");
        }
        List<String> stages = new ArrayList<>(requestedStages == null ? List.of(AWSCURRENT) : requestedStages);
        if (secret.versionWithStage(AWSCURRENT).isEmpty() && !stages.contains(AWSCURRENT)) {
            stages.add(AWSCURRENT);
        }
        String previousCurrent = stages.contains(AWSCURRENT) && !stages.contains(AWSPREVIOUS)
                ? secret.versionWithStage(AWSCURRENT).map(Version::id).orElse(null)
                : null;

        Instant now = now();
        List<Version> versions = new ArrayList<>();
        for (Version v : secret.versions()) {
            List<String> kept = new ArrayList<>(v.stages());
            kept.removeAll(stages);
            if (previousCurrent != null) {
                kept.remove(AWSPREVIOUS);
                if (v.id().equals(previousCurrent)) {
                    kept.add(AWSPREVIOUS);
                }
            }
            versions.add(v.withStages(kept));
        }
        Version added = new Version(token, value, stages, now);
        versions.add(added);
        for (int i = 0; versions.size() > MAX_VERSIONS && i < versions.size(); ) {
            if (versions.get(i).stages().isEmpty()) {
                versions.remove(i);
            } else {
                i++;
            }
        }
        Secret updated = new Secret(secret.arn(), secret.name(), description, kmsKeyId, secret.tags(),
                secret.createdDate(), now, secret.lastAccessedDate(), secret.sequence(), versions);
        replace(updated);
        return new Result(updated, added);
    }

    /** Records today as the last access date (AWS keeps it to the day); a failed save here is only logged. */
    private Secret touch(Secret secret) {
        Instant today = now().truncatedTo(ChronoUnit.DAYS);
        if (today.equals(secret.lastAccessedDate())) {
            return secret;
        }
        Secret touched = new Secret(secret.arn(), secret.name(), secret.description(), secret.kmsKeyId(),
                secret.tags(), secret.createdDate(), secret.lastChangedDate(), today, secret.sequence(),
                secret.versions());
        Map<String, Secret> next = new LinkedHashMap<>(secrets);
        next.put(secret.name(), touched);
        try {
            commit(next);
        } catch (UncheckedIOException e) {
            LOG.log(System.Logger.Level.WARNING, "Could not save the secrets state file " + stateFile, e);
            secrets = next;
        }
        return touched;
    }

    private void replace(Secret secret) {
        Map<String, Secret> next = new LinkedHashMap<>(secrets);
        next.put(secret.name(), secret);
        commit(next);
    }

    /** Saves {@code next} (if persistent) and then makes it the current state. */
    private void commit(Map<String, Secret> next) {
        if (stateFile != null) {
            try {
                save(next);
            } catch (IOException e) {
                throw new UncheckedIOException("Could not save the secrets state file " + stateFile, e);
            }
        }
        secrets = next;
    }

    /** By name, full ARN, or partial ARN (the ARN without the "-" and six random characters). */
    private Secret resolve(String secretId) {
        Secret found = null;
        if (secretId.startsWith("arn:")) {
            for (Secret s : secrets.values()) {
                if (s.arn().equals(secretId) || s.arn().substring(0, s.arn().length() - 7).equals(secretId)) {
                    found = s;
                    break;
                }
            }
        } else {
            found = secrets.get(secretId);
        }
        if (found == null) {
            throw ApiError.notFound("Secrets Manager can't find the specified secret.");
        }
        return found;
    }

    private String newArn(String name) {
        StringBuilder suffix = new StringBuilder(6);
        for (int i = 0; i < 6; i++) {
            suffix.append(SUFFIX_ALPHABET.charAt(random.nextInt(SUFFIX_ALPHABET.length())));
        }
        return "arn:" + partition + ":secretsmanager:" + region + ":" + ACCOUNT_ID + ":secret:" + name + "-" + suffix;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    static String newToken() {
        return UUID.randomUUID().toString();
    }

    // ---------------------------------------------------------------- persistence

    private void save(Map<String, Secret> state) throws IOException {
        ObjectNode root = json.createObjectNode();
        root.put("format", STATE_FORMAT);
        root.put("region", region);
        ArrayNode list = root.putArray("secrets");
        for (Secret s : state.values()) {
            ObjectNode node = list.addObject();
            node.put("arn", s.arn());
            node.put("name", s.name());
            putIfNotNull(node, "description", s.description());
            putIfNotNull(node, "kmsKeyId", s.kmsKeyId());
            ArrayNode tags = node.putArray("tags");
            for (Tag t : s.tags()) {
                tags.addObject().put("key", t.key()).put("value", t.value());
            }
            node.put("createdDate", s.createdDate().toEpochMilli());
            node.put("lastChangedDate", s.lastChangedDate().toEpochMilli());
            if (s.lastAccessedDate() != null) {
                node.put("lastAccessedDate", s.lastAccessedDate().toEpochMilli());
            }
            ArrayNode versions = node.putArray("versions");
            for (Version v : s.versions()) {
                ObjectNode vn = versions.addObject();
                vn.put("id", v.id());
                if (v.value().string() != null) {
                    vn.put("secretString", v.value().string());
                } else {
                    vn.put("secretBinary", Base64.getEncoder().encodeToString(v.value().binary()));
                }
                ArrayNode stages = vn.putArray("stages");
                v.stages().forEach(stages::add);
                vn.put("createdDate", v.createdDate().toEpochMilli());
            }
        }

        Path target = stateFile.toAbsolutePath();
        Path dir = target.getParent();
        Files.createDirectories(dir);
        FileAttribute<?>[] ownerOnly = FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                : new FileAttribute<?>[0];
        Path temp = Files.createTempFile(dir, target.getFileName().toString(), ".tmp", ownerOnly);
        try {
            Files.write(temp, json.writeValueAsBytes(root));
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private void load() throws IOException {
        JsonNode root = json.readTree(stateFile.toFile());
        if (root == null || !root.isObject() || root.path("format").asInt() != STATE_FORMAT) {
            throw new IOException("Not a secrets state file (format " + STATE_FORMAT + "): " + stateFile);
        }
        Map<String, Secret> loaded = new LinkedHashMap<>();
        long sequence = 1;
        try {
            for (JsonNode node : root.path("secrets")) {
                List<Tag> tags = new ArrayList<>();
                for (JsonNode t : node.path("tags")) {
                    tags.add(new Tag(t.path("key").asText(), t.path("value").asText()));
                }
                List<Version> versions = new ArrayList<>();
                for (JsonNode vn : node.path("versions")) {
                    SecretValue value = vn.hasNonNull("secretString")
                            ? SecretValue.ofString(vn.get("secretString").asText())
                            : SecretValue.ofBinary(Base64.getDecoder().decode(vn.path("secretBinary").asText()));
                    List<String> stages = new ArrayList<>();
                    vn.path("stages").forEach(st -> stages.add(st.asText()));
                    versions.add(new Version(required(vn, "id"), value, stages, instant(vn, "createdDate")));
                }
                versions.sort(Comparator.comparing(Version::createdDate));
                String name = required(node, "name");
                loaded.put(name, new Secret(required(node, "arn"), name, text(node, "description"),
                        text(node, "kmsKeyId"), tags, instant(node, "createdDate"), instant(node, "lastChangedDate"),
                        node.hasNonNull("lastAccessedDate") ? instant(node, "lastAccessedDate") : null,
                        sequence++, versions));
            }
        } catch (IllegalArgumentException e) {
            throw new IOException("Corrupt secrets state file " + stateFile, e);
        }
        String fileRegion = root.path("region").asText(region);
        if (!fileRegion.equals(region)) {
            LOG.log(System.Logger.Level.WARNING, "Secrets state file " + stateFile + " was written for region "
                    + fileRegion + "; its secrets keep their ARNs in that region");
        }
        secrets = loaded;
        nextSequence = sequence;
    }

    private static void putIfNotNull(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }

    private static String text(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asText() : null;
    }

    private static String required(JsonNode node, String field) {
        String value = text(node, field);
        if (value == null) {
            throw new IllegalArgumentException("missing " + field);
        }
        return value;
    }

    private static Instant instant(JsonNode node, String field) {
        if (!node.path(field).canConvertToLong()) {
            throw new IllegalArgumentException("missing " + field);
        }
        return Instant.ofEpochMilli(node.get(field).asLong());
    }
}
