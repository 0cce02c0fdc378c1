package io.quotepipe.local;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** How app tests get the cloud: one shared instance per JVM, injected by {@link LocalCloudExtension}. */
@ExtendWith(LocalCloudExtension.class)
class LocalCloudSharedIT {

    @Test
    void injectsTheSharedCloudAndItsEndpoints(LocalCloud cloud, Endpoints endpoints) {
        assertThat(cloud).isSameAs(LocalCloud.shared());
        assertThat(endpoints).isEqualTo(cloud.endpoints());
        assertThat(endpoints.bucket()).isEqualTo("quotepipe-quotes");
        assertThat(cloud.s3Client().headBucket(h -> h.bucket(endpoints.bucket())).sdkHttpResponse().isSuccessful())
                .isTrue();
    }

    @Test
    void ignoresClose_soThatOneTestCannotStopItUnderTheOthers(LocalCloud cloud) {
        cloud.close();

        assertThat(cloud.servers()).allSatisfy(server -> assertThat(server.isRunning()).isTrue());
    }
}
