package io.quotepipe.loader;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

class S3NotificationTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void decodesTheKeyAsS3EncodesIt_inTheEventAsAwsSendsIt() throws IOException {
        S3Notification event = JSON.readValue(getClass().getResource("/s3-object-created-encoded-key.json"), S3Notification.class);

        S3Notification.Record record = event.records().get(0);
        assertThat(record.bucket()).isEqualTo("quotepipe-quotes");
        assertThat(record.decodedKey()).isEqualTo("quotes/dt=2026-11-21/hour=18/crypto-quotes-2-0000000000000004711.jsonl.gz");
        assertThat(record.isObjectCreated()).isTrue();
    }

    @Test
    void readsAPlusAsASpace_andPercentEscapesAsTheirCharacters() throws IOException {
        S3Notification event = JSON.readValue("""
                {"Records":[{"eventName":"ObjectCreated:CompleteMultipartUpload","s3":{"bucket":{"name":"b"},
                 "object":{"key":"quotes/my+batch%2B1%C3%A9.jsonl","size":1}}},
                 {"eventName":"ObjectRemoved:Delete","s3":{"bucket":{"name":"b"},"object":{"key":"quotes/x"}}}]}
                """, S3Notification.class);

        assertThat(event.records().get(0).decodedKey()).isEqualTo("quotes/my batch+1é.jsonl");
        assertThat(event.records().get(1).isObjectCreated()).isFalse();
    }

    @Test
    void recognisesTheTestEventS3SendsWhenANotificationIsConfigured() throws IOException {
        S3Notification event = JSON.readValue("""
                {"Service":"Amazon S3","Event":"s3:TestEvent","Time":"2026-11-21T18:00:00.000Z","Bucket":"b","RequestId":"r","HostId":"h"}
                """, S3Notification.class);

        assertThat(event.records()).isNull();
        assertThat(event.event()).isEqualTo("s3:TestEvent");
    }
}
