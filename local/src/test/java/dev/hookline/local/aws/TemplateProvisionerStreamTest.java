package dev.hookline.local.aws;

import dev.hookline.infrastructure.aws.AwsClients;
import dev.hookline.infrastructure.config.Environment;
import dev.hookline.local.template.Intrinsics.Resolved;
import dev.hookline.local.template.SamTemplate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A table whose template declares a StreamSpecification gets that stream, and answers StreamArn; others get none. */
class TemplateProvisionerStreamTest {

    @Test
    void theStreamSpecificationOfTheTemplateIsProvisionedAndResolvable(@TempDir Path dir) throws Exception {
        Path yaml = dir.resolve("template.yaml");
        Files.writeString(yaml, """
                Resources:
                  Streamed:
                    Type: AWS::DynamoDB::Table
                    Properties:
                      BillingMode: PAY_PER_REQUEST
                      AttributeDefinitions: [{AttributeName: pk, AttributeType: S}]
                      KeySchema: [{AttributeName: pk, KeyType: HASH}]
                      StreamSpecification: {StreamViewType: NEW_AND_OLD_IMAGES}
                  Plain:
                    Type: AWS::DynamoDB::Table
                    Properties:
                      BillingMode: PAY_PER_REQUEST
                      AttributeDefinitions: [{AttributeName: pk, AttributeType: S}]
                      KeySchema: [{AttributeName: pk, KeyType: HASH}]
                """, StandardCharsets.UTF_8);
        try (EmbeddedAws embedded = EmbeddedAws.start(null);
             AwsClients aws = AwsClients.from(new Environment(AwsEndpoints.of(embedded).asEnvironment()))) {
            TemplateProvisioner provisioner = new TemplateProvisioner(SamTemplate.load(yaml), aws, "t-", Map.of());
            Map<String, Resolved> resolved = provisioner.provision(Map.of(), Map.of("AWS::Region", EmbeddedAws.REGION));

            TableDescription streamed = aws.dynamo().describeTable(b -> b.tableName("t-Streamed")).table();
            assertTrue(streamed.streamSpecification().streamEnabled());
            assertEquals(StreamViewType.NEW_AND_OLD_IMAGES, streamed.streamSpecification().streamViewType());
            assertEquals(streamed.latestStreamArn(), resolved.get("Streamed").attributes().get("StreamArn"));

            TableDescription plain = aws.dynamo().describeTable(b -> b.tableName("t-Plain")).table();
            assertNull(plain.latestStreamArn());
            assertFalse(resolved.get("Plain").attributes().containsKey("StreamArn"));

            // Provisioning again (a --data-dir restart) keeps the same stream.
            Map<String, Resolved> again = provisioner.provision(Map.of(), Map.of("AWS::Region", EmbeddedAws.REGION));
            assertEquals(resolved.get("Streamed").attributes().get("StreamArn"), again.get("Streamed").attributes().get("StreamArn"));
        }
    }
}
