package io.quotepipe.local.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.gaul.s3proxy.auth.AuthenticationType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Conditional PutObject against the emulator, through the AWS SDK, answered as Amazon S3 answers it
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-writes.html).
 */
class ConditionalWritesIT {

    static final String BUCKET = "conditional";
    static final List<S3EventNotification> events = new CopyOnWriteArrayList<>();
    static S3Emulator emulator;
    static S3Client s3;

    @BeforeAll
    static void start() throws Exception {
        System.setProperty("logback.configurationFile",
                String.valueOf(S3EmulatorMain.class.getResource("/quotepipe-s3-logback.xml")));
        emulator = S3Emulator.start(new S3EmulatorMain.Options(0, null, null, AuthenticationType.AWS_V2_OR_V4, "test",
                "test", "us-east-1"), events::add);
        s3 = S3Client.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + emulator.port()))
                .forcePathStyle(true)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .httpClient(Apache5HttpClient.create())
                .build();
        s3.createBucket(b -> b.bucket(BUCKET));
    }

    @AfterAll
    static void stop() throws Exception {
        s3.close();
        emulator.close();
    }

    static PutObjectResponse put(String key, String body, String ifNoneMatch, String ifMatch) {
        return s3.putObject(b -> b.bucket(BUCKET).key(key).ifNoneMatch(ifNoneMatch).ifMatch(ifMatch),
                RequestBody.fromString(body));
    }

    static String read(String key) {
        return s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(key)).asUtf8String();
    }

    static long eventsFor(String key) {
        return events.stream().filter(e -> e.key().equals(key)).count();
    }

    @Test
    void createOnly_createsAnAbsentKey() {
        put("create/absent", "first", "*", null);

        assertThat(read("create/absent")).isEqualTo("first");
        assertThat(eventsFor("create/absent")).isEqualTo(1);
    }

    @Test
    void createOnly_answers412PreconditionFailed_whenTheKeyExists_andKeepsTheObject() {
        put("create/exists", "first", null, null);

        S3Exception refused = catchThrowableOfType(S3Exception.class, () -> put("create/exists", "second", "*", null));

        assertThat(refused.statusCode()).isEqualTo(412);
        assertThat(refused.awsErrorDetails().errorCode()).isEqualTo("PreconditionFailed");
        assertThat(read("create/exists")).isEqualTo("first");
        assertThat(eventsFor("create/exists")).as("a refused put raises no event").isEqualTo(1);
    }

    @Test
    void compareAndSwap_replacesTheObject_whenTheETagMatches() {
        String etag = put("cas/match", "first", null, null).eTag();

        put("cas/match", "second", null, etag);

        assertThat(read("cas/match")).isEqualTo("second");
    }

    @Test
    void compareAndSwap_answers412PreconditionFailed_whenTheETagDiffers() {
        String etag = put("cas/differs", "first", null, null).eTag();
        put("cas/differs", "second", null, null);

        S3Exception refused = catchThrowableOfType(S3Exception.class, () -> put("cas/differs", "third", null, etag));

        assertThat(refused.statusCode()).isEqualTo(412);
        assertThat(refused.awsErrorDetails().errorCode()).isEqualTo("PreconditionFailed");
        assertThat(read("cas/differs")).isEqualTo("second");
    }

    @Test
    void compareAndSwap_answers404NoSuchKey_whenTheKeyIsAbsent() {
        S3Exception refused = catchThrowableOfType(S3Exception.class,
                () -> put("cas/absent", "first", null, "\"0123456789abcdef0123456789abcdef\""));

        assertThat(refused.statusCode()).isEqualTo(404);
        assertThat(refused.awsErrorDetails().errorCode()).isEqualTo("NoSuchKey");
    }

    /**
     * The first create's headers and part of its body are sent by hand (an emulator without authentication, so that
     * nothing buffers the body to check a signature); {@code Expect: 100-continue} makes the server say when it starts
     * reading the body, i.e. when the put is in flight in the store. Only then does the second create go out.
     */
    @Test
    void createOnly_answers409ConditionalRequestConflict_whileAnotherCreateOfTheKeyIsInFlight_andTheFirstOneWins()
            throws Exception {
        String key = "create/concurrent";
        byte[] body = "x".repeat(1000).getBytes(StandardCharsets.US_ASCII);
        try (S3Emulator open = S3Emulator.start(new S3EmulatorMain.Options(0, null, null, AuthenticationType.NONE, "test",
                "test", "us-east-1"), e -> { });
             Socket first = new Socket(InetAddress.getLoopbackAddress(), open.port())) {
            HttpClient http = HttpClient.newHttpClient();
            URI bucket = URI.create("http://127.0.0.1:" + open.port() + "/open");
            assertThat(http.send(HttpRequest.newBuilder(bucket).PUT(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
            first.setSoTimeout(30_000);
            OutputStream out = first.getOutputStream();
            out.write(("PUT /open/" + key + " HTTP/1.1\r\nHost: 127.0.0.1\r\nIf-None-Match: *\r\nExpect: 100-continue\r\n"
                    + "Content-Type: application/octet-stream\r\nContent-Length: " + body.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(first.getInputStream(), StandardCharsets.US_ASCII));
            assertThat(in.readLine()).as("the server reads the body").isEqualTo("HTTP/1.1 100 Continue");
            in.readLine(); // the blank line after the interim response
            out.write(body, 0, 10);
            out.flush();

            HttpResponse<String> second = http.send(HttpRequest.newBuilder(URI.create(bucket + "/" + key))
                    .header("If-None-Match", "*").PUT(HttpRequest.BodyPublishers.ofString("second")).build(),
                    HttpResponse.BodyHandlers.ofString());

            out.write(body, 10, body.length - 10);
            out.flush();
            String firstStatus = in.readLine();

            assertThat(second.statusCode()).isEqualTo(409);
            assertThat(second.body()).contains("<Code>ConditionalRequestConflict</Code>");
            assertThat(firstStatus).isEqualTo("HTTP/1.1 200 OK");
            assertThat(http.send(HttpRequest.newBuilder(URI.create(bucket + "/" + key)).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).body()).isEqualTo(new String(body, StandardCharsets.US_ASCII));
            HttpResponse<String> after = http.send(HttpRequest.newBuilder(URI.create(bucket + "/" + key))
                    .header("If-None-Match", "*").PUT(HttpRequest.BodyPublishers.ofString("third")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(after.statusCode()).as("once the first is stored, a create is refused").isEqualTo(412);
        }
    }
}
