package io.quotepipe.consumer.health;

import io.quotepipe.consumer.ConsumerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;

import java.time.Duration;

/** Readiness: the bucket answers a HeadBucket (it exists and we may use it) within {@link #TIMEOUT}. */
@Readiness
@ApplicationScoped
public class S3Check implements HealthCheck {

    static final Duration TIMEOUT = Duration.ofSeconds(3);

    private final S3Client s3;
    private final String bucket;

    @Inject
    public S3Check(S3Client s3, ConsumerConfig config) {
        this.s3 = s3;
        this.bucket = config.s3().bucket();
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("s3").withData("bucket", bucket);
        try {
            s3.headBucket(b -> b.bucket(bucket).overrideConfiguration(c -> c.apiCallTimeout(TIMEOUT)));
            return response.up().build();
        } catch (SdkException e) {
            return response.down().withData("error", e.getMessage()).build();
        }
    }
}
