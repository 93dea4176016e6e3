package dev.hookline.local.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hookline.infrastructure.aws.AwsClients;
import dev.hookline.local.template.Intrinsics;
import dev.hookline.local.template.Intrinsics.Resolved;
import dev.hookline.local.template.SamTemplate;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveSpecification;
import software.amazon.awssdk.services.dynamodb.model.UpdateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateTimeToLiveRequest;
import software.amazon.awssdk.services.secretsmanager.model.CreateSecretRequest;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretRequest;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.sqs.model.CreateQueueRequest;
import software.amazon.awssdk.services.sqs.model.GetQueueAttributesRequest;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SetQueueAttributesRequest;

import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Creates every table, queue and secret template.yaml declares, against whatever endpoints the clients
 * point at (the embedded emulators, moto or LocalStack), and answers what each resource resolves to. Re-running
 * it against existing state (a --data-dir, a warm container) keeps what is there, secrets included.
 */
public final class TemplateProvisioner {
    /** Queue properties that describe AWS-side encryption/throughput; emulators have nothing to apply. */
    private static final Set<String> QUEUE_PROPERTIES_NOT_EMULATED =
            Set.of("SqsManagedSseEnabled", "KmsMasterKeyId", "KmsDataKeyReusePeriodSeconds", "Tags",
                    "QueueName", "RedrivePolicy", "RedriveAllowPolicy", "DeduplicationScope", "FifoThroughputLimit");

    private final SamTemplate template;
    private final AwsClients aws;
    private final String namePrefix;
    private final Map<String, String> secretValues;
    private final SecureRandom random = new SecureRandom();
    private final ObjectMapper json = new ObjectMapper();

    /**
     * @param namePrefix   prefix of every physical name (CloudFormation would generate names; we use the
     *                     logical id, so names are stable across restarts with a data directory)
     * @param secretValues values to use instead of generating, by logical id (e.g. a fixed admin key)
     */
    private final software.amazon.awssdk.services.s3.S3Client s3;

    public TemplateProvisioner(SamTemplate template, AwsClients aws, String namePrefix, Map<String, String> secretValues) {
        this(template, aws, namePrefix, secretValues, null);
    }

    /** @param s3 where buckets are created (moto, LocalStack); null where the engine has none (embedded) */
    public TemplateProvisioner(SamTemplate template, AwsClients aws, String namePrefix, Map<String, String> secretValues,
                               software.amazon.awssdk.services.s3.S3Client s3) {
        this.template = template;
        this.aws = aws;
        this.namePrefix = namePrefix;
        this.secretValues = secretValues;
        this.s3 = s3;
    }

    public Map<String, Resolved> provision(Map<String, String> parameters, Map<String, String> pseudo) {
        Map<String, Resolved> resolved = new LinkedHashMap<>();
        template.resourcesOfType("AWS::DynamoDB::Table").keySet().forEach(id -> resolved.put(id, table(id)));
        template.resourcesOfType("AWS::SQS::Queue").keySet().forEach(id -> resolved.put(id, queue(id)));
        template.resourcesOfType("AWS::SecretsManager::Secret").keySet().forEach(id -> resolved.put(id, secret(id)));
        template.resourcesOfType("AWS::S3::Bucket").keySet().forEach(id -> resolved.put(id, bucket(id)));
        template.resourcesOfType("AWS::Serverless::Function").keySet().forEach(id ->
                resolved.put(id, new Resolved(namePrefix + id, Map.of("Arn", "arn:aws:lambda:local:000000000000:function:" + namePrefix + id))));
        template.resourcesOfType("AWS::Serverless::HttpApi").keySet().forEach(id ->
                resolved.put(id, new Resolved("local", Map.of())));
        // Redrive needs the DLQ's ARN, so it is set once every queue exists.
        Intrinsics intrinsics = new Intrinsics(resolved, parameters, pseudo);
        template.resourcesOfType("AWS::SQS::Queue").keySet().forEach(id -> redrive(id, resolved.get(id), intrinsics));
        return resolved;
    }

    private static GlobalSecondaryIndex index(Map<String, Object> g) {
        Map<String, Object> projection = map(g.get("Projection"));
        List<?> nonKey = projection.get("NonKeyAttributes") instanceof List<?> l ? l : List.of();
        return GlobalSecondaryIndex.builder()
                .indexName(str(g, "IndexName"))
                .keySchema(keySchema(g.get("KeySchema")))
                .projection(Projection.builder().projectionType(str(projection, "ProjectionType"))
                        .nonKeyAttributes(nonKey.isEmpty() ? null : nonKey.stream().map(String::valueOf).toList()).build())
                .build();
    }

    private void addMissingIndexes(String name, Map<String, Object> p) {
        TableDescription table = aws.dynamo().describeTable(DescribeTableRequest.builder().tableName(name).build()).table();
        java.util.Set<String> present = new java.util.HashSet<>();
        table.globalSecondaryIndexes().forEach(i -> present.add(i.indexName()));
        for (Map<String, Object> g : list(p.get("GlobalSecondaryIndexes"))) {
            if (present.contains(str(g, "IndexName"))) {
                continue;
            }
            GlobalSecondaryIndex index = index(g);
            aws.dynamo().updateTable(software.amazon.awssdk.services.dynamodb.model.UpdateTableRequest.builder()
                    .tableName(name)
                    .attributeDefinitions(list(p.get("AttributeDefinitions")).stream().map(a -> AttributeDefinition.builder()
                            .attributeName(str(a, "AttributeName")).attributeType(str(a, "AttributeType")).build()).toList())
                    .globalSecondaryIndexUpdates(software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexUpdate
                            .builder().create(software.amazon.awssdk.services.dynamodb.model.CreateGlobalSecondaryIndexAction
                                    .builder().indexName(index.indexName()).keySchema(index.keySchema())
                                    .projection(index.projection()).build()).build())
                    .build());
        }
    }

    /**
     * A bucket named like the other resources (lower-cased: S3 refuses capitals), created where the engine has S3;
     * its encryption, lifecycle and public-access settings are AWS-side and not emulated.
     */
    private Resolved bucket(String logicalId) {
        String name = (namePrefix + logicalId).toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9.-]", "-");
        if (s3 != null) {
            try {
                s3.createBucket(b -> b.bucket(name));
            } catch (software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException
                     | software.amazon.awssdk.services.s3.model.BucketAlreadyExistsException alreadyThere) {
                // Kept from an earlier run.
            }
        }
        return new Resolved(name, Map.of("Arn", "arn:aws:s3:::" + name, "DomainName", name + ".s3.amazonaws.com"));
    }

    private Resolved table(String logicalId) {
        Map<String, Object> p = template.properties(logicalId);
        String name = namePrefix + logicalId;
        try {
            aws.dynamo().createTable(CreateTableRequest.builder()
                    .tableName(name)
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(list(p.get("AttributeDefinitions")).stream().map(a -> AttributeDefinition.builder()
                            .attributeName(str(a, "AttributeName")).attributeType(str(a, "AttributeType")).build()).toList())
                    .keySchema(keySchema(p.get("KeySchema")))
                    .globalSecondaryIndexes(list(p.get("GlobalSecondaryIndexes")).isEmpty() ? null
                            : list(p.get("GlobalSecondaryIndexes")).stream().map(TemplateProvisioner::index).toList())
                    .streamSpecification(streamSpecification(p))
                    .build());
            Map<String, Object> ttl = map(p.get("TimeToLiveSpecification"));
            if (Boolean.TRUE.equals(ttl.get("Enabled"))) {
                aws.dynamo().updateTimeToLive(UpdateTimeToLiveRequest.builder().tableName(name)
                        .timeToLiveSpecification(TimeToLiveSpecification.builder()
                                .attributeName(str(ttl, "AttributeName")).enabled(true).build()).build());
            }
        } catch (ResourceInUseException alreadyThere) {
            // Kept from an earlier run (data directory): its keys came from the same template, but an index the
            // template has gained since is added, as a stack update would.
            addMissingIndexes(name, p);
        }
        TableDescription table = aws.dynamo().describeTable(DescribeTableRequest.builder().tableName(name).build()).table();
        StreamSpecification stream = streamSpecification(p);
        if (stream != null && table.latestStreamArn() == null) {
            // A table kept from before the template declared its stream: enable it, as a stack update would.
            aws.dynamo().updateTable(UpdateTableRequest.builder().tableName(name).streamSpecification(stream).build());
            table = aws.dynamo().describeTable(DescribeTableRequest.builder().tableName(name).build()).table();
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("Arn", table.tableArn());
        if (table.latestStreamArn() != null) {
            attributes.put("StreamArn", table.latestStreamArn());
        }
        return new Resolved(name, Map.copyOf(attributes));
    }

    /** The table's StreamSpecification as the template declares it (StreamViewType), or null for none. */
    private static StreamSpecification streamSpecification(Map<String, Object> tableProperties) {
        Map<String, Object> spec = map(tableProperties.get("StreamSpecification"));
        if (spec.isEmpty()) {
            return null;
        }
        String viewType = str(spec, "StreamViewType");
        if (viewType == null) {
            throw new IllegalArgumentException("StreamSpecification needs a StreamViewType, got " + spec);
        }
        return StreamSpecification.builder().streamEnabled(true).streamViewType(viewType).build();
    }

    private Resolved queue(String logicalId) {
        Map<String, Object> p = template.properties(logicalId);
        boolean fifo = Boolean.TRUE.equals(p.get("FifoQueue"));
        String name = namePrefix + logicalId + (fifo ? ".fifo" : "");
        Map<String, String> attributes = new LinkedHashMap<>();
        p.forEach((key, value) -> {
            if (!QUEUE_PROPERTIES_NOT_EMULATED.contains(key)) {
                attributes.put(key, String.valueOf(value));
            }
        });
        String url = aws.sqs().createQueue(CreateQueueRequest.builder().queueName(name)
                .attributesWithStrings(attributes).build()).queueUrl();
        String arn = aws.sqs().getQueueAttributes(GetQueueAttributesRequest.builder().queueUrl(url)
                .attributeNames(QueueAttributeName.QUEUE_ARN).build()).attributes().get(QueueAttributeName.QUEUE_ARN);
        return new Resolved(url, Map.of("Arn", arn, "QueueName", name, "QueueUrl", url));
    }

    private void redrive(String logicalId, Resolved queue, Intrinsics intrinsics) {
        Map<String, Object> redrive = map(template.properties(logicalId).get("RedrivePolicy"));
        if (redrive.isEmpty()) {
            return;
        }
        ObjectNode policy = json.createObjectNode();
        policy.put("deadLetterTargetArn", intrinsics.resolve(redrive.get("deadLetterTargetArn")));
        policy.put("maxReceiveCount", Integer.parseInt(intrinsics.resolve(redrive.get("maxReceiveCount"))));
        aws.sqs().setQueueAttributes(SetQueueAttributesRequest.builder().queueUrl(queue.ref())
                .attributesWithStrings(Map.of(QueueAttributeName.REDRIVE_POLICY.toString(), policy.toString())).build());
    }

    private Resolved secret(String logicalId) {
        String name = namePrefix + logicalId;
        try {
            String arn = aws.secrets().describeSecret(DescribeSecretRequest.builder().secretId(name).build()).arn();
            return new Resolved(arn, Map.of("Id", arn));
        } catch (ResourceNotFoundException absent) {
            String value = secretValues.containsKey(logicalId) ? secretValues.get(logicalId) : initialValue(logicalId);
            String arn = aws.secrets().createSecret(CreateSecretRequest.builder().name(name)
                    .description(str(template.properties(logicalId), "Description"))
                    .secretString(value).build()).arn();
            return new Resolved(arn, Map.of("Id", arn));
        }
    }

    /** SecretString as given, or GenerateSecretString's semantics (length, exclusions, JSON template). */
    private String initialValue(String logicalId) {
        Map<String, Object> p = template.properties(logicalId);
        if (p.get("SecretString") != null) {
            return String.valueOf(p.get("SecretString"));
        }
        Map<String, Object> g = map(p.get("GenerateSecretString"));
        int length = g.get("PasswordLength") == null ? 32 : ((Number) g.get("PasswordLength")).intValue();
        String generated = password(length, Boolean.TRUE.equals(g.get("ExcludePunctuation")),
                g.get("ExcludeCharacters") == null ? "" : String.valueOf(g.get("ExcludeCharacters")));
        if (g.get("SecretStringTemplate") == null) {
            return generated;
        }
        try {
            ObjectNode doc = (ObjectNode) json.readTree(String.valueOf(g.get("SecretStringTemplate")));
            doc.put(String.valueOf(g.get("GenerateStringKey")), generated);
            return json.writeValueAsString(doc);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("SecretStringTemplate of " + logicalId + " is not JSON", e);
        }
    }

    private String password(int length, boolean excludePunctuation, String exclude) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
                + (excludePunctuation ? "" : "!#$%&()*+,-./:;<=>?@[]^_{|}~");
        StringBuilder allowed = new StringBuilder();
        alphabet.chars().filter(c -> exclude.indexOf(c) < 0).forEach(c -> allowed.append((char) c));
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(allowed.charAt(random.nextInt(allowed.length())));
        }
        return out.toString();
    }

    private static List<KeySchemaElement> keySchema(Object value) {
        return list(value).stream().map(k -> KeySchemaElement.builder()
                .attributeName(str(k, "AttributeName")).keyType(str(k, "KeyType")).build()).toList();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Object value) {
        return value instanceof List<?> l ? (List<Map<String, Object>>) l : List.of();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    private static String str(Map<String, Object> map, String key) {
        Object v = map.get(key);
        return v == null ? null : String.valueOf(v);
    }
}
