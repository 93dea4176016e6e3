package dev.hookline.local.secrets;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.hookline.local.secrets.SecretStore.Result;
import dev.hookline.local.secrets.SecretStore.Secret;
import dev.hookline.local.secrets.SecretStore.SecretValue;
import dev.hookline.local.secrets.SecretStore.Tag;
import dev.hookline.local.secrets.SecretStore.Version;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The AWS JSON 1.1 protocol of Secrets Manager over {@link SecretStore}: {@code POST /} with
 * {@code X-Amz-Target: secretsmanager.<Operation>} and a JSON body; 200 with a JSON body, or 400 with
 * {@code {"__type": code, "message": ...}} and the {@code x-amzn-ErrorType} header. Signatures are not checked.
 * Timestamps are written as epoch seconds (JSON numbers with milliseconds), as the SDK's JSON protocol reads them.
 *
 * <p>Operations: CreateSecret, GetSecretValue, PutSecretValue, DescribeSecret, ListSecrets,
 * ListSecretVersionIds, DeleteSecret, UpdateSecret. Any other target is an UnknownOperationException.
 * ListSecrets lists by creation date, ascending unless SortOrder is desc (SortBy is ignored), and supports
 * Filters, MaxResults (default and limit 100) and NextToken; IncludePlannedDeletion has nothing to add since
 * deleted secrets are gone at once.
 * Only the operation, the outcome and secret names reach the log; never a secret value.
 */
final class SecretsManagerHandler implements HttpHandler {

    private static final System.Logger LOG = System.getLogger(SecretsManagerHandler.class.getName());
    private static final String TARGET_PREFIX = "secretsmanager.";
    private static final String CONTENT_TYPE = "application/x-amz-json-1.1";
    private static final int MAX_BODY_BYTES = 1 << 20;
    private static final int MAX_SECRET_SIZE = 65_536;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9/_+=.@-]{1,512}");
    private static final Pattern TOKEN = Pattern.compile(".{32,64}", Pattern.DOTALL);
    private static final Pattern STAGE = Pattern.compile(".{1,256}", Pattern.DOTALL);
    private static final List<String> FILTER_KEYS =
            List.of("description", "name", "tag-key", "tag-value", "primary-region", "owning-service", "all");

    private final SecretStore store;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    SecretsManagerHandler(SecretStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String operation = null;
            int status;
            byte[] body;
            try {
                if (!"POST".equals(exchange.getRequestMethod())) {
                    throw ApiError.unknownOperation("Secrets Manager accepts only POST requests");
                }
                String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
                if (target == null || !target.startsWith(TARGET_PREFIX)) {
                    throw ApiError.unknownOperation("Missing or unknown X-Amz-Target: " + target);
                }
                operation = target.substring(TARGET_PREFIX.length());
                ObjectNode request = parse(exchange.getRequestBody());
                ObjectNode response = dispatch(operation, request);
                status = 200;
                body = json.writeValueAsBytes(response);
                LOG.log(System.Logger.Level.DEBUG, "{0} -> 200", operation);
            } catch (ApiError e) {
                status = e.status();
                body = errorBody(e.type(), e.getMessage());
                exchange.getResponseHeaders().set("x-amzn-ErrorType", e.type());
                LOG.log(System.Logger.Level.DEBUG, "{0} -> {1} {2}", operation, status, e.type());
            } catch (RuntimeException e) {
                // Our own failures (for example the state file could not be written); their messages hold no values.
                status = 500;
                body = errorBody("InternalServiceError", "An error occurred on the server side.");
                exchange.getResponseHeaders().set("x-amzn-ErrorType", "InternalServiceError");
                LOG.log(System.Logger.Level.ERROR, "Secrets Manager emulator failed on " + operation, e);
            }
            exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
            exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
        }
    }

    private ObjectNode dispatch(String operation, ObjectNode request) {
        return switch (operation) {
            case "CreateSecret" -> createSecret(request);
            case "GetSecretValue" -> getSecretValue(request);
            case "PutSecretValue" -> putSecretValue(request);
            case "DescribeSecret" -> describeSecret(request);
            case "ListSecrets" -> listSecrets(request);
            case "ListSecretVersionIds" -> listSecretVersionIds(request);
            case "DeleteSecret" -> deleteSecret(request);
            case "UpdateSecret" -> updateSecret(request);
            default -> throw ApiError.unknownOperation("Operation not supported by the emulator: " + operation);
        };
    }

    // ---------------------------------------------------------------- operations

    private ObjectNode createSecret(ObjectNode request) {
        String name = requiredText(request, "Name");
        if (!NAME.matcher(name).matches()) {
            throw ApiError.invalidParameter("Invalid name. Must be a valid name containing alphanumeric characters,"
                    + " or any of the following: -/_+=.@!");
        }
        String description = description(request);
        String kmsKeyId = text(request, "KmsKeyId");
        List<Tag> tags = tags(request);
        SecretValue value = secretValue(request);
        String token = token(request);
        Result result = store.create(name, description, kmsKeyId, tags, value, token);
        ObjectNode response = identity(result.secret());
        if (result.version() != null) {
            response.put("VersionId", result.version().id());
        }
        return response;
    }

    private ObjectNode getSecretValue(ObjectNode request) {
        String secretId = secretId(request);
        String versionId = text(request, "VersionId");
        String versionStage = text(request, "VersionStage");
        Result result = store.getValue(secretId, versionId, versionStage);
        Version version = result.version();
        ObjectNode response = identity(result.secret());
        response.put("VersionId", version.id());
        if (version.value().string() != null) {
            response.put("SecretString", version.value().string());
        } else {
            response.put("SecretBinary", Base64.getEncoder().encodeToString(version.value().binary()));
        }
        stages(response.putArray("VersionStages"), version.stages());
        response.put("CreatedDate", epochSeconds(version.createdDate()));
        return response;
    }

    private ObjectNode putSecretValue(ObjectNode request) {
        String secretId = secretId(request);
        SecretValue value = secretValue(request);
        if (value == null) {
            throw ApiError.invalidParameter("You must provide either SecretString or SecretBinary.");
        }
        String token = token(request);
        List<String> stages = null;
        if (request.hasNonNull("VersionStages")) {
            stages = textList(request, "VersionStages");
            if (stages.isEmpty() || stages.size() > 20 || !stages.stream().allMatch(s -> STAGE.matcher(s).matches())) {
                throw ApiError.validation("VersionStages must hold 1 to 20 labels of 1 to 256 characters.");
            }
            stages = stages.stream().distinct().toList();
        }
        Result result = store.putValue(secretId, value, token, stages);
        ObjectNode response = identity(result.secret());
        response.put("VersionId", result.version().id());
        // The labels the version has now (a retried request answers with the version as it is).
        Version current = result.secret().version(result.version().id()).orElse(result.version());
        stages(response.putArray("VersionStages"), current.stages());
        return response;
    }

    private ObjectNode describeSecret(ObjectNode request) {
        Secret secret = store.describe(secretId(request));
        ObjectNode response = identity(secret);
        putIfNotNull(response, "Description", secret.description());
        putIfNotNull(response, "KmsKeyId", secret.kmsKeyId());
        response.put("LastChangedDate", epochSeconds(secret.lastChangedDate()));
        if (secret.lastAccessedDate() != null) {
            response.put("LastAccessedDate", epochSeconds(secret.lastAccessedDate()));
        }
        putTags(response, secret.tags());
        putVersionsToStages(response.putObject("VersionIdsToStages"), secret.versionIdsToStages());
        response.put("CreatedDate", epochSeconds(secret.createdDate()));
        return response;
    }

    private ObjectNode listSecrets(ObjectNode request) {
        int maxResults = maxResults(request);
        String sortOrder = text(request, "SortOrder");
        boolean descending = "desc".equals(sortOrder);
        if (sortOrder != null && !descending && !"asc".equals(sortOrder)) {
            throw ApiError.validation("SortOrder must be asc or desc.");
        }
        Predicate<Secret> filter = filters(request);
        List<Secret> all = new ArrayList<>(store.list());
        if (descending) {
            all = all.reversed();
        }
        String nextToken = text(request, "NextToken");
        long after = nextToken == null ? -1 : decodeSequenceToken(nextToken);

        ObjectNode response = json.createObjectNode();
        ArrayNode list = response.putArray("SecretList");
        Secret last = null;
        boolean more = false;
        for (Secret secret : all) {
            if (after >= 0 && (descending ? secret.sequence() >= after : secret.sequence() <= after)) {
                continue;
            }
            if (!filter.test(secret)) {
                continue;
            }
            if (list.size() == maxResults) {
                more = true;
                break;
            }
            ObjectNode entry = list.addObject();
            entry.put("ARN", secret.arn());
            entry.put("Name", secret.name());
            putIfNotNull(entry, "Description", secret.description());
            putIfNotNull(entry, "KmsKeyId", secret.kmsKeyId());
            entry.put("LastChangedDate", epochSeconds(secret.lastChangedDate()));
            if (secret.lastAccessedDate() != null) {
                entry.put("LastAccessedDate", epochSeconds(secret.lastAccessedDate()));
            }
            putTags(entry, secret.tags());
            putVersionsToStages(entry.putObject("SecretVersionsToStages"), secret.versionIdsToStages());
            entry.put("CreatedDate", epochSeconds(secret.createdDate()));
            last = secret;
        }
        if (more) {
            response.put("NextToken", encodeToken("s:" + last.sequence()));
        }
        return response;
    }

    private ObjectNode listSecretVersionIds(ObjectNode request) {
        Secret secret = store.describe(secretId(request));
        int maxResults = maxResults(request);
        boolean includeDeprecated = bool(request, "IncludeDeprecated");
        String nextToken = text(request, "NextToken");
        String afterVersion = null;
        if (nextToken != null) {
            String decoded = decodeToken(nextToken);
            if (!decoded.startsWith("v:") || secret.version(decoded.substring(2)).isEmpty()) {
                throw ApiError.invalidNextToken("The NextToken value is invalid.");
            }
            afterVersion = decoded.substring(2);
        }

        ObjectNode response = identity(secret);
        ArrayNode versions = response.putArray("Versions");
        boolean skipping = afterVersion != null;
        Version last = null;
        boolean more = false;
        for (Version version : secret.versions()) {
            if (skipping) {
                skipping = !version.id().equals(afterVersion);
                continue;
            }
            if (!includeDeprecated && version.stages().isEmpty()) {
                continue;
            }
            if (versions.size() == maxResults) {
                more = true;
                break;
            }
            ObjectNode entry = versions.addObject();
            entry.put("VersionId", version.id());
            if (!version.stages().isEmpty()) {
                stages(entry.putArray("VersionStages"), version.stages());
            }
            entry.put("CreatedDate", epochSeconds(version.createdDate()));
            last = version;
        }
        if (more) {
            response.put("NextToken", encodeToken("v:" + last.id()));
        }
        return response;
    }

    private ObjectNode deleteSecret(ObjectNode request) {
        String secretId = secretId(request);
        boolean force = bool(request, "ForceDeleteWithoutRecovery");
        Long window = request.hasNonNull("RecoveryWindowInDays") ? integer(request, "RecoveryWindowInDays") : null;
        if (force && window != null) {
            throw ApiError.invalidParameter(
                    "You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays.");
        }
        if (window != null && (window < 7 || window > 30)) {
            throw ApiError.invalidParameter("The RecoveryWindowInDays value must be between 7 and 30 days (inclusive).");
        }
        Secret deleted = store.delete(secretId);
        Instant now = clock.instant();
        Instant deletionDate = force ? now : now.plus(Duration.ofDays(window == null ? 30 : window));
        ObjectNode response = identity(deleted);
        response.put("DeletionDate", epochSeconds(deletionDate));
        return response;
    }

    private ObjectNode updateSecret(ObjectNode request) {
        String secretId = secretId(request);
        String description = description(request);
        String kmsKeyId = text(request, "KmsKeyId");
        SecretValue value = secretValue(request);
        String token = token(request);
        Result result = store.update(secretId, description, kmsKeyId, value, token);
        ObjectNode response = identity(result.secret());
        if (result.version() != null) {
            response.put("VersionId", result.version().id());
        }
        return response;
    }

    // ---------------------------------------------------------------- request members

    private ObjectNode parse(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
        if (bytes.length > MAX_BODY_BYTES) {
            throw ApiError.serialization("Request body too large");
        }
        if (bytes.length == 0) {
            return json.createObjectNode();
        }
        JsonNode node;
        try {
            node = json.readTree(bytes);
        } catch (JsonProcessingException e) {
            // Jackson's message may quote the body (and so a secret): answer with a generic one.
            throw ApiError.serialization("Malformed JSON request body");
        }
        if (node == null || node.isMissingNode()) {
            return json.createObjectNode();
        }
        if (!node.isObject()) {
            throw ApiError.serialization("The request body must be a JSON object");
        }
        return (ObjectNode) node;
    }

    private static String text(ObjectNode request, String field) {
        JsonNode node = request.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw ApiError.serialization("Expected a string for " + field);
        }
        return node.asText();
    }

    private static String requiredText(ObjectNode request, String field) {
        String value = text(request, field);
        if (value == null) {
            throw ApiError.validation("1 validation error detected: Value null at '" + lowerFirst(field)
                    + "' failed to satisfy constraint: Member must not be null");
        }
        return value;
    }

    private static boolean bool(ObjectNode request, String field) {
        JsonNode node = request.get(field);
        if (node == null || node.isNull()) {
            return false;
        }
        if (!node.isBoolean()) {
            throw ApiError.serialization("Expected a boolean for " + field);
        }
        return node.booleanValue();
    }

    private static long integer(ObjectNode request, String field) {
        JsonNode node = request.get(field);
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw ApiError.serialization("Expected an integer for " + field);
        }
        return node.longValue();
    }

    private static List<String> textList(ObjectNode request, String field) {
        JsonNode node = request.get(field);
        if (!node.isArray()) {
            throw ApiError.serialization("Expected a list for " + field);
        }
        List<String> out = new ArrayList<>();
        for (JsonNode item : node) {
            if (!item.isTextual()) {
                throw ApiError.serialization("Expected strings in " + field);
            }
            out.add(item.asText());
        }
        return out;
    }

    private static String secretId(ObjectNode request) {
        String secretId = requiredText(request, "SecretId");
        if (secretId.isEmpty() || secretId.length() > 2048) {
            throw ApiError.validation("SecretId must be 1 to 2048 characters long.");
        }
        return secretId;
    }

    private static String description(ObjectNode request) {
        String description = text(request, "Description");
        if (description != null && description.length() > 2048) {
            throw ApiError.validation("Description must be at most 2048 characters long.");
        }
        return description;
    }

    /** The request's ClientRequestToken (which becomes the VersionId), or a fresh one as the SDK would send. */
    private static String token(ObjectNode request) {
        String token = text(request, "ClientRequestToken");
        if (token == null) {
            return SecretStore.newToken();
        }
        if (!TOKEN.matcher(token).matches()) {
            throw ApiError.validation("ClientRequestToken must be 32 to 64 characters long.");
        }
        return token;
    }

    /** SecretString or SecretBinary (base64), or null if neither. Both is an error, as with AWS. */
    private static SecretValue secretValue(ObjectNode request) {
        String string = text(request, "SecretString");
        String binary = text(request, "SecretBinary");
        if (string != null && binary != null) {
            throw ApiError.invalidParameter(
                    "You can't specify both a binary secret value and a string secret value in the same secret.");
        }
        if (string != null) {
            // AWS's quota is 64 KB of secret value: counted in UTF-8 bytes here, the stricter of the two readings
            // (the API model's length would count characters), so a value that fits here fits in AWS too.
            if (string.isEmpty() || string.getBytes(StandardCharsets.UTF_8).length > MAX_SECRET_SIZE) {
                throw ApiError.validation("1 validation error detected: Value at 'secretString' failed to satisfy constraint: "
                        + "Member must have length less than or equal to " + MAX_SECRET_SIZE + " (UTF-8 bytes)");
            }
            return SecretValue.ofString(string);
        }
        if (binary != null) {
            byte[] bytes;
            try {
                bytes = Base64.getDecoder().decode(binary);
            } catch (IllegalArgumentException e) {
                throw ApiError.serialization("SecretBinary is not valid base64");
            }
            if (bytes.length == 0 || bytes.length > MAX_SECRET_SIZE) {
                throw ApiError.validation("1 validation error detected: Value at 'secretBinary' failed to satisfy constraint: "
                        + "Member must have length between 1 and " + MAX_SECRET_SIZE + " bytes");
            }
            return SecretValue.ofBinary(bytes);
        }
        return null;
    }

    private static List<Tag> tags(ObjectNode request) {
        JsonNode node = request.get("Tags");
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw ApiError.serialization("Expected a list for Tags");
        }
        List<Tag> tags = new ArrayList<>();
        for (JsonNode item : node) {
            if (!item.isObject()) {
                throw ApiError.serialization("Expected objects in Tags");
            }
            String key = text((ObjectNode) item, "Key");
            String value = text((ObjectNode) item, "Value");
            if (key == null || key.isEmpty() || key.length() > 128 || (value != null && value.length() > 256)) {
                throw ApiError.validation("Tag keys must be 1 to 128 characters and values at most 256.");
            }
            tags.removeIf(t -> t.key().equals(key));
            tags.add(new Tag(key, value == null ? "" : value));
        }
        return tags;
    }

    private static int maxResults(ObjectNode request) {
        if (!request.hasNonNull("MaxResults")) {
            return 100;
        }
        long max = integer(request, "MaxResults");
        if (max < 1 || max > 100) {
            throw ApiError.validation("MaxResults must be between 1 and 100.");
        }
        return (int) max;
    }

    /**
     * ListSecrets filters: values within a filter are alternatives, filters must all match, "!" negates a value.
     * name, tag-key and tag-value match as case-sensitive prefixes, description as a case-insensitive prefix of
     * any word, all as a case-insensitive prefix of any word of the name, description or tags. The emulator
     * has no replicated or service-owned secrets, so primary-region and owning-service never match.
     */
    private static Predicate<Secret> filters(ObjectNode request) {
        JsonNode node = request.get("Filters");
        if (node == null || node.isNull()) {
            return s -> true;
        }
        if (!node.isArray()) {
            throw ApiError.serialization("Expected a list for Filters");
        }
        Predicate<Secret> all = s -> true;
        for (JsonNode item : node) {
            if (!item.isObject()) {
                throw ApiError.serialization("Expected objects in Filters");
            }
            String key = text((ObjectNode) item, "Key");
            if (key == null || !FILTER_KEYS.contains(key)) {
                throw ApiError.validation("Filter keys must be one of " + FILTER_KEYS);
            }
            List<String> values = item.hasNonNull("Values") ? textList((ObjectNode) item, "Values") : List.of();
            if (values.isEmpty() || values.size() > 10) {
                throw ApiError.validation("A filter needs 1 to 10 values.");
            }
            Predicate<Secret> any = s -> false;
            for (String raw : values) {
                boolean negate = raw.startsWith("!");
                String value = negate ? raw.substring(1) : raw;
                Predicate<Secret> match = filter(key, value);
                any = any.or(negate ? match.negate() : match);
            }
            all = all.and(any);
        }
        return all;
    }

    private static Predicate<Secret> filter(String key, String value) {
        String lower = value.toLowerCase(Locale.ROOT);
        return switch (key) {
            case "name" -> s -> s.name().startsWith(value);
            case "tag-key" -> s -> s.tags().stream().anyMatch(t -> t.key().startsWith(value));
            case "tag-value" -> s -> s.tags().stream().anyMatch(t -> t.value().startsWith(value));
            case "description" -> s -> s.description() != null && anyWordStartsWith(s.description(), lower);
            case "all" -> s -> {
                List<String> words = words(value);
                List<String> fields = new ArrayList<>(List.of(s.name()));
                if (s.description() != null) {
                    fields.add(s.description());
                }
                s.tags().forEach(t -> {
                    fields.add(t.key());
                    fields.add(t.value());
                });
                return words.stream().anyMatch(w -> fields.stream().anyMatch(f -> anyWordStartsWith(f, w)));
            };
            default -> s -> false;
        };
    }

    private static boolean anyWordStartsWith(String text, String lowerPrefix) {
        String lowerText = text.toLowerCase(Locale.ROOT);
        if (lowerText.startsWith(lowerPrefix)) {
            return true;
        }
        return words(text).stream().anyMatch(w -> w.startsWith(lowerPrefix));
    }

    /** Lower-cased words: split at non-alphanumerics, lower-to-upper case changes and letter/digit changes. */
    private static List<String> words(String text) {
        String spaced = text.replaceAll("([a-z])([A-Z])", "$1 $2")
                .replaceAll("([A-Za-z])([0-9])", "$1 $2")
                .replaceAll("([0-9])([A-Za-z])", "$1 $2");
        List<String> out = new ArrayList<>();
        for (String word : spaced.split("[^A-Za-z0-9]+")) {
            if (!word.isEmpty()) {
                out.add(word.toLowerCase(Locale.ROOT));
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- response members

    private ObjectNode identity(Secret secret) {
        ObjectNode node = json.createObjectNode();
        node.put("ARN", secret.arn());
        node.put("Name", secret.name());
        return node;
    }

    /** Epoch seconds with millisecond precision, written plainly (e.g. 1700000000.123). */
    private static BigDecimal epochSeconds(Instant instant) {
        return BigDecimal.valueOf(instant.toEpochMilli(), 3);
    }

    private static void stages(ArrayNode array, List<String> stages) {
        stages.forEach(array::add);
    }

    private static void putTags(ObjectNode node, List<Tag> tags) {
        if (tags.isEmpty()) {
            return;
        }
        ArrayNode array = node.putArray("Tags");
        for (Tag tag : tags) {
            array.addObject().put("Key", tag.key()).put("Value", tag.value());
        }
    }

    private static void putVersionsToStages(ObjectNode node, Map<String, List<String>> versionsToStages) {
        versionsToStages.forEach((id, stages) -> stages(node.putArray(id), stages));
    }

    private static void putIfNotNull(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }

    private byte[] errorBody(String type, String message) {
        ObjectNode node = json.createObjectNode();
        node.put("__type", type);
        if (message != null) {
            node.put("message", message);
        }
        try {
            return json.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String encodeToken(String value) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(value.getBytes(StandardCharsets.UTF_8));
    }

    private static String decodeToken(String token) {
        try {
            return new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiError.invalidNextToken("The NextToken value is invalid.");
        }
    }

    private static long decodeSequenceToken(String token) {
        String decoded = decodeToken(token);
        try {
            if (decoded.startsWith("s:")) {
                return Long.parseLong(decoded.substring(2));
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw ApiError.invalidNextToken("The NextToken value is invalid.");
    }

    private static String lowerFirst(String field) {
        return Character.toLowerCase(field.charAt(0)) + field.substring(1);
    }
}
