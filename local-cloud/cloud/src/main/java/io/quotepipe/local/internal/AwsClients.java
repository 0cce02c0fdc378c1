package io.quotepipe.local.internal;

import java.net.URI;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * AWS SDK clients configured for the local servers, the way every client of the local cloud must be: endpoint
 * override, region us-east-1, static credentials test/test, an explicit HTTP client whose broken connections are
 * retried ({@link RetryableHttpClient}), and for S3 path-style access
 * and checksums only when an operation requires them (s3proxy does not validate the SDK's default CRC checksums).
 */
public final class AwsClients implements AutoCloseable {

    public static final Region REGION = Region.US_EAST_1;
    public static final String ACCESS_KEY_ID = "test";
    public static final String SECRET_ACCESS_KEY = "test";

    private final SdkHttpClient http = new RetryableHttpClient(UrlConnectionHttpClient.create());
    private final S3Client s3;
    private final DynamoDbClient dynamoDb;
    private final SnsClient sns;
    private final SqsClient sqs;

    public AwsClients(URI s3Endpoint, URI dynamoDbEndpoint, URI snsEndpoint, URI sqsEndpoint) {
        StaticCredentialsProvider credentials = credentials();
        this.s3 = S3Client.builder()
                .endpointOverride(s3Endpoint)
                .region(REGION)
                .credentialsProvider(credentials)
                .httpClient(http)
                .forcePathStyle(true)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .build();
        this.dynamoDb = DynamoDbClient.builder()
                .endpointOverride(dynamoDbEndpoint).region(REGION).credentialsProvider(credentials).httpClient(http)
                .build();
        this.sns = SnsClient.builder()
                .endpointOverride(snsEndpoint).region(REGION).credentialsProvider(credentials).httpClient(http)
                .build();
        this.sqs = SqsClient.builder()
                .endpointOverride(sqsEndpoint).region(REGION).credentialsProvider(credentials).httpClient(http)
                .build();
    }

    public static StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY_ID, SECRET_ACCESS_KEY));
    }

    public S3Client s3() {
        return s3;
    }

    public DynamoDbClient dynamoDb() {
        return dynamoDb;
    }

    public SnsClient sns() {
        return sns;
    }

    public SqsClient sqs() {
        return sqs;
    }

    @Override
    public void close() {
        s3.close();
        dynamoDb.close();
        sns.close();
        sqs.close();
        http.close();
    }
}
