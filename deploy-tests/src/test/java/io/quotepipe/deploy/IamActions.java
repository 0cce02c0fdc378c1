package io.quotepipe.deploy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static java.util.Map.entry;

/**
 * From what a module's code does to the IAM actions it needs. Kept small and explicit: a call not listed in
 * {@link #EXCEPTIONS} needs the action named like the method, capitalised ({@code putObject} is {@code s3:PutObject}),
 * which is how the SDK v2 names its operations
 * (https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html).
 */
final class IamActions {

    /** AWS SDK v2 client types and their IAM service prefix. */
    static final Map<String, String> SERVICES = Map.ofEntries(
            entry("S3Client", "s3"), entry("S3AsyncClient", "s3"),
            entry("DynamoDbClient", "dynamodb"), entry("DynamoDbAsyncClient", "dynamodb"),
            entry("SnsClient", "sns"), entry("SnsAsyncClient", "sns"),
            entry("SqsClient", "sqs"), entry("SqsAsyncClient", "sqs"),
            entry("SecretsManagerClient", "secretsmanager"),
            entry("SsmClient", "ssm"),
            entry("CloudWatchClient", "cloudwatch"),
            entry("KmsClient", "kms"));

    /** Calls whose action is not the method's name, or which need several actions. */
    static final Map<String, List<String>> EXCEPTIONS = Map.ofEntries(
            entry("s3:headObject", List.of("s3:GetObject")),
            entry("s3:headBucket", List.of("s3:ListBucket")),
            entry("s3:listObjects", List.of("s3:ListBucket")),
            entry("s3:listObjectsV2", List.of("s3:ListBucket")),
            entry("s3:deleteObjects", List.of("s3:DeleteObject")),
            entry("s3:copyObject", List.of("s3:GetObject", "s3:PutObject")),
            entry("s3:createMultipartUpload", List.of("s3:PutObject")),
            entry("s3:uploadPart", List.of("s3:PutObject")),
            entry("s3:completeMultipartUpload", List.of("s3:PutObject")),
            entry("dynamodb:transactGetItems", List.of("dynamodb:GetItem")));

    /** Client methods that call no AWS API. */
    static final Set<String> NOT_OPERATIONS = Set.of("close", "serviceName", "serviceClientConfiguration", "utilities", "waiter");

    // MSK IAM access control (https://docs.aws.amazon.com/msk/latest/developerguide/kafka-actions.html): what a Kafka
    // client needs on the cluster, a topic and a group. Producers are idempotent: the poller asks for it, and it is
    // the Kafka client's default since 3.0 (the consumer's dead-letter producer).
    static final List<String> CLUSTER_PRODUCER = List.of("kafka-cluster:Connect", "kafka-cluster:WriteDataIdempotently");
    static final List<String> CLUSTER_CONSUMER = List.of("kafka-cluster:Connect");
    static final List<String> TOPIC_PRODUCER = List.of("kafka-cluster:DescribeTopic", "kafka-cluster:WriteData");
    static final List<String> TOPIC_CONSUMER = List.of("kafka-cluster:DescribeTopic", "kafka-cluster:ReadData");
    static final List<String> GROUP_CONSUMER = List.of("kafka-cluster:DescribeGroup", "kafka-cluster:AlterGroup");

    private IamActions() {
    }

    /** The actions of the SDK calls ({@code service:method}) of {@link AppModule#sdkCalls()}. */
    static Set<String> forCalls(Set<String> calls) {
        Set<String> actions = new TreeSet<>();
        for (String call : calls) {
            String service = call.substring(0, call.indexOf(':'));
            String method = call.substring(call.indexOf(':') + 1).replaceFirst("Paginator$", "");
            if (NOT_OPERATIONS.contains(method)) {
                continue;
            }
            List<String> exception = EXCEPTIONS.get(service + ":" + method);
            if (exception != null) {
                actions.addAll(exception);
            } else {
                actions.add(service + ":" + Character.toUpperCase(method.charAt(0)) + method.substring(1));
            }
        }
        return actions;
    }
}
