package io.quotepipe.consumer;

import io.quotepipe.consumer.internal.PartitionBatch;
import io.quotepipe.consumer.internal.RecordEncoder;
import io.quotepipe.consumer.testing.LocalKafkaAndS3;
import io.quotepipe.consumer.testing.Quotes;
import io.quotepipe.core.InvalidQuoteException;
import io.quotepipe.core.KafkaCoordinates;
import io.quotepipe.core.QuoteJson;
import io.quotepipe.local.LocalCloud;
import io.quotepipe.local.LocalCloudOptions;
import io.quotepipe.local.runner.ServiceProcess;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./mvnw -B -ntp -pl consumer-service verify -Pbench}: 1,000,000 quotes preloaded in a topic of 4
 * partitions on the local cloud's real broker, then, side by side in one run,
 *
 * <ol>
 *   <li>a bare {@code KafkaConsumer} reading the topic and doing nothing with the records (the ceiling);</li>
 *   <li>the built consumer-service ({@code target/quarkus-app}) as a process with its production settings, from
 *       its group's assignment until every offset is committed (so every quote is in S3), at gzip levels 1 and 6;</li>
 *   <li>one object per message: a {@code KafkaConsumer} that puts each record into S3 on its own (what the old
 *       pipelines did), for a bounded time;</li>
 * </ol>
 *
 * and writes the figures to {@code consumer-service/target/benchmarks-consumer.md} (merged by hand into docs/benchmarks.md). Takes 1.5 to 3 minutes here.
 */
class ConsumerBench {

    static final int QUOTES = Integer.getInteger("bench.quotes", 1_000_000);
    static final int PARTITIONS = 4;
    static final Duration PER_MESSAGE_BUDGET = Duration.ofSeconds(20);
    static final Path ROOT = Path.of(System.getProperty("quotepipe.home", "..")).toAbsolutePath().normalize();
    static final Path APP = Path.of(System.getProperty("quotepipe.consumer.app", "target/quarkus-app")).toAbsolutePath();
    static final Path OUT = ROOT.resolve("consumer-service/target/benchmarks-consumer.md");
    static final String HEAP = "-Xmx512m";
    static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();

    /** One measured run; {@code cpu} is the CPU time it used (the polling thread, or the service process). */
    record Run(String what, long records, Duration took, Duration cpu, String note) {
        double perSecond() {
            return records / (took.toNanos() / 1e9);
        }

        double cpuMicrosPerQuote() {
            return cpu.toNanos() / 1e3 / records;
        }
    }

    @Test
    void quotesPerSecondIntoS3_nextToABareConsumer_andToOneObjectPerMessage() throws Exception {
        String load = Files.readString(Path.of("/proc/loadavg")).trim();
        try (LocalCloud cloud = LocalCloud.start(LocalCloudOptions.builder().kafkaTopic("bench-quotes")
                .deadLetterTopic("bench-quotes-dlq").kafkaPartitions(PARTITIONS).s3InMemory(true).build());
             LocalKafkaAndS3 local = new LocalKafkaAndS3(cloud)) {
            String topic = "bench-quotes";
            Duration preload = preload(cloud, topic);
            long valueBytes = Quotes.value(QUOTES / 2).length();

            List<Run> runs = new ArrayList<>();
            runs.add(bare(cloud, topic, false));
            runs.add(bare(cloud, topic, true));
            runs.add(floor(cloud, topic));
            Map<String, String> level1 = service(cloud, local, topic, "1", runs);
            Map<String, String> level6 = service(cloud, local, topic, "6", runs);
            runs.add(bare(cloud, topic, false));
            runs.add(perMessage(cloud, topic));

            write(load, preload, valueBytes, runs, level1, level6);
        }
    }

    /** Quote JSON v1 values, as the poller sends them (zstd, acks=all), round-robin over the partitions. */
    private Duration preload(LocalCloud cloud, String topic) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cloud.endpoints().kafkaBootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, "262144");
        long start = System.nanoTime();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < QUOTES; i++) {
                producer.send(new ProducerRecord<>(topic, i % PARTITIONS, Quotes.quote(i).symbol(), Quotes.value(i)));
            }
            producer.flush();
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /**
     * Reads every record and touches its value: the most any consumer of this broker can do. With {@code validate},
     * also parses and validates each value with QuoteJson, on this one thread: the floor of a consumer that must
     * tell quotes from poison.
     */
    private Run bare(LocalCloud cloud, String topic, boolean validate) {
        long cpuStart = THREADS.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        long records = 0;
        long bytes = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = fromTheStart(cloud, topic, 2000)) {
            while (records < QUOTES) {
                ConsumerRecords<byte[], byte[]> polled = consumer.poll(Duration.ofMillis(500));
                for (ConsumerRecord<byte[], byte[]> r : polled) {
                    bytes += r.value().length;
                    if (validate) {
                        try {
                            bytes += QuoteJson.read(r.value()).symbol().length();
                        } catch (InvalidQuoteException e) {
                            throw new IllegalStateException(e);
                        }
                    }
                    records++;
                }
            }
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        Duration cpu = Duration.ofNanos(THREADS.getCurrentThreadCpuTime() - cpuStart);
        return validate
                ? new Run("bare KafkaConsumer + QuoteJson.read of each value, one thread", records, took, cpu, "validation only")
                : new Run("bare KafkaConsumer (reads, does nothing)", records, took, cpu,
                        String.format(Locale.ROOT, "%.0f MB of values", bytes / 1e6));
    }

    /**
     * The least work a consumer meeting the contract does, with the service's own parts and nothing else: a bare
     * KafkaConsumer whose polls are parsed, validated and turned into lines on every core ({@link RecordEncoder}), and
     * gzipped (level 1) into batches of 10,000 lines ({@link PartitionBatch}), in memory. No put, no commit, no state,
     * and it runs in this JVM, warmed up by the runs before it.
     */
    private Run floor(LocalCloud cloud, String topic) {
        int threads = Runtime.getRuntime().availableProcessors();
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        long cpuStart = os.getProcessCpuTime();
        long start = System.nanoTime();
        long records = 0;
        long objectBytes = 0;
        try (RecordEncoder encoder = new RecordEncoder(threads);
             KafkaConsumer<byte[], byte[]> consumer = fromTheStart(cloud, topic, 2000)) {
            Map<Integer, PartitionBatch> open = new HashMap<>();
            while (records < QUOTES) {
                ConsumerRecords<byte[], byte[]> polled = consumer.poll(Duration.ofMillis(500));
                List<ConsumerRecord<byte[], byte[]>> all = new ArrayList<>(polled.count());
                polled.partitions().forEach(tp -> all.addAll(polled.records(tp)));
                RecordEncoder.Encoded[] encoded = encoder.encode(all);
                for (int i = 0; i < all.size(); i++) {
                    ConsumerRecord<byte[], byte[]> r = all.get(i);
                    PartitionBatch batch = open.computeIfAbsent(r.partition(), p -> new PartitionBatch(new KafkaCoordinates(
                            r.topic(), p, r.offset(), Instant.ofEpochMilli(r.timestamp())), true, 1, Instant.now(), encoder.compression()));
                    batch.append(encoded[i].line(), r.offset());
                    if (batch.lines() >= 10_000) {
                        objectBytes += batch.finish().length;
                        open.remove(r.partition());
                    }
                    records++;
                }
            }
            for (PartitionBatch batch : open.values()) {
                objectBytes += batch.finish().length;
            }
        }
        return new Run("floor of the contract: bare KafkaConsumer + the service's parse, validate and gzip level 1 on "
                + threads + " threads, in memory (no put, no commit)", records, Duration.ofNanos(System.nanoTime() - start),
                Duration.ofNanos(os.getProcessCpuTime() - cpuStart),
                String.format(Locale.ROOT, "%.1f MB of gzip; warm JVM; CPU of the whole bench JVM", objectBytes / 1e6));
    }

    /** A KafkaConsumer of no group, assigned every partition of {@code topic} and positioned at its beginning. */
    private static KafkaConsumer<byte[], byte[]> fromTheStart(LocalCloud cloud, String topic, int maxPollRecords) {
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cloud.endpoints().kafkaBootstrapServers());
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Integer.toString(maxPollRecords));
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> tps = new ArrayList<>();
        for (int i = 0; i < PARTITIONS; i++) {
            tps.add(new TopicPartition(topic, i));
        }
        consumer.assign(tps);
        consumer.seekToBeginning(tps);
        return consumer;
    }

    /** The built service with its production settings, in its own group, until every offset is committed. */
    private Map<String, String> service(LocalCloud cloud, LocalKafkaAndS3 local, String topic, String gzipLevel, List<Run> runs)
            throws IOException {
        String group = "bench-service-gzip" + gzipLevel;
        Map<String, String> env = new HashMap<>(cloud.environment());
        env.put("QUOTEPIPE_KAFKA_TOPIC", topic);
        env.put("QUOTEPIPE_CONSUMER_GROUP_ID", group);
        env.put("QUOTEPIPE_CONSUMER_GZIP_LEVEL", gzipLevel);
        env.put("QUOTEPIPE_ALERTS_TOPIC_ARN", "");
        env.put("QUARKUS_HTTP_PORT", Integer.toString(LocalKafkaAndS3.freePort()));
        env.put("JAVA_TOOL_OPTIONS", (HEAP + " " + System.getProperty("bench.jvm", "").replace("{level}", gzipLevel)).trim());
        Path log = APP.getParent().resolve("bench-logs/service-gzip" + gzipLevel + ".log");
        Map<String, String> facts = new HashMap<>();
        try (ServiceProcess service = ServiceProcess.start("consumer-service", APP, env, log, Duration.ofSeconds(120))) {
            long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            while (!Files.readString(log).contains("assigned [")) {
                assertThat(System.nanoTime()).as("the service to join its group").isLessThan(deadline);
                sleep(20);
            }
            Duration cpuAtStart = cpuTime(service.pid());
            Duration jitAtStart = jitCpuTime(service.pid());
            while (!local.caughtUp(group, topic, PARTITIONS)) {
                assertThat(System.nanoTime()).as("the service to commit %d quotes within 5 minutes", QUOTES).isLessThan(deadline);
                sleep(100);
            }
            Instant done = Instant.now();
            Duration cpu = cpuTime(service.pid()).minus(cpuAtStart);
            Duration jit = jitCpuTime(service.pid()).minus(jitAtStart);
            facts.put("jitMicros", String.format(Locale.ROOT, "%.1f", jit.toNanos() / 1e3 / QUOTES));
            String rss = peakRss(service.pid());
            String output = Files.readString(log);
            Instant assigned = firstTimestamp(output, "assigned \\[");
            Duration took = Duration.between(assigned, done);
            long objects = 0;
            long objectBytes = 0;
            long lineBytes = 0;
            Matcher m = Pattern.compile("(?m)^(\\S+ \\S+) .*batch → \\S+, (\\d+) lines, offsets \\S+, (\\d+) bytes \\((\\d+) uncompressed\\)")
                    .matcher(output);
            long lines = 0;
            Instant half = null;
            Instant last = null;
            long linesAfterHalf = 0;
            while (m.find()) {
                objects++;
                long n = Long.parseLong(m.group(2));
                Instant at = logTime(m.group(1));
                if (half != null) {
                    linesAfterHalf += n;
                }
                lines += n;
                if (half == null && lines >= QUOTES / 2) {
                    half = at;
                }
                last = at;
                objectBytes += Long.parseLong(m.group(3));
                lineBytes += Long.parseLong(m.group(4));
            }
            double steady = linesAfterHalf / (Duration.between(half, last).toNanos() / 1e9);
            facts.put("steady", String.format(Locale.ROOT, "%.0f", steady));
            assertThat(lines).as("quotes written").isEqualTo(QUOTES);
            facts.put("objects", Long.toString(objects));
            facts.put("ratio", String.format(Locale.ROOT, "%.1f", (double) lineBytes / objectBytes));
            facts.put("objectMb", String.format(Locale.ROOT, "%.1f", objectBytes / 1e6));
            facts.put("lineMb", String.format(Locale.ROOT, "%.1f", lineBytes / 1e6));
            facts.put("rss", rss);
            runs.add(new Run("consumer-service, gzip level " + gzipLevel + " (parse, validate, batch, gzip, put, commit)", QUOTES, took,
                    cpu, objects + " objects, " + facts.get("objectMb") + " MB (" + facts.get("ratio") + ":1), peak RSS " + rss
                    + String.format(Locale.ROOT, "; JIT compiler threads %.1f µs of the CPU per quote; second half at %,.0f "
                    + "quotes/s", jit.toNanos() / 1e3 / QUOTES, steady)));
        }
        return facts;
    }

    /** One PutObject per record, for {@link #PER_MESSAGE_BUDGET}. */
    private Run perMessage(LocalCloud cloud, String topic) {
        String bucket = cloud.endpoints().bucket();
        long cpuStart = THREADS.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        long deadline = start + PER_MESSAGE_BUDGET.toNanos();
        long records = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = fromTheStart(cloud, topic, 500)) {
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    String key = "per-message/" + r.topic() + "-" + r.partition() + "-" + r.offset() + ".json";
                    // A connection the emulator drops now and then under this load is retried by the cloud's client.
                    cloud.s3Client().putObject(b -> b.bucket(bucket).key(key).contentType("application/json"),
                            RequestBody.fromBytes(r.value()));
                    records++;
                    if (System.nanoTime() >= deadline) {
                        break;
                    }
                }
            }
        }
        return new Run("one object per message (KafkaConsumer + PutObject each)", records,
                Duration.ofNanos(System.nanoTime() - start), Duration.ofNanos(THREADS.getCurrentThreadCpuTime() - cpuStart),
                "bounded to " + PER_MESSAGE_BUDGET.toSeconds() + " s; CPU of the client only, not of S3");
    }

    private void write(String load, Duration preload, long valueBytes, List<Run> runs, Map<String, String> level1,
            Map<String, String> level6) throws IOException {
        Run bareFirst = runs.get(0);
        Run validating = runs.get(1);
        Run floor = runs.get(2);
        Run service1 = runs.get(3);
        Run service6 = runs.get(4);
        Run bareAgain = runs.get(5);
        Run perMessage = runs.get(6);
        Run bare = bareFirst.perSecond() >= bareAgain.perSecond() ? bareFirst : bareAgain;
        String[] loads = load.split(" ");
        StringBuilder md = new StringBuilder();
        md.append("# consumer-service benchmark\n\n");
        md.append("Produced by `./mvnw -B -ntp -pl consumer-service verify -Pbench` (`").append(getClass().getSimpleName())
                .append("`, 1.5 to 3 minutes) on ").append(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")))
                .append(" UTC: ").append(Runtime.getRuntime().availableProcessors()).append(" cores, load average ")
                .append(loads[0]).append(" / ").append(loads[1]).append(" / ").append(loads[2])
                .append(" at the start. The machine is shared with other builds, so wall-clock figures move by tens of percent ")
                .append("between runs (compare the runs of one table, not tables); CPU time per quote moves much less.\n\n");
        md.append("## Method\n\n");
        md.append(String.format(Locale.ROOT, "- %,d Quote JSON v1 values (about %d bytes each, ten coins, prices moving) preloaded "
                + "round-robin into a topic of %d partitions on the local cloud's Kafka 4.3 broker, as the poller sends them "
                + "(zstd, acks=all), in %.1f s. S3 is the local s3proxy emulator, in memory, on the same machine.%n", QUOTES, valueBytes,
                PARTITIONS, preload.toNanos() / 1e9));
        md.append("- **bare KafkaConsumer**: assigns the partitions, reads every record and touches its value; run before and "
                + "after the service runs, the faster of the two is the reference.\n");
        md.append("- **bare KafkaConsumer + QuoteJson.read**: the same, plus parsing and validating each value with quote-core's "
                + "codec on the polling thread: what any consumer that must tell quotes from poison pays, before batching.\n");
        md.append("- **consumer-service**: the built `target/quarkus-app` started as a process (`" + HEAP + "`, production "
                + "settings: batches of 10,000 quotes / 8 MiB / 60 s, parse threads = cores), in a new consumer group; timed "
                + "from its `assigned` log line until every partition's committed offset reached the end, i.e. until every "
                + "quote was parsed, validated, written into a gzip JSON Lines object in S3 and committed. CPU is the "
                + "process's user + system time over that span; peak RSS is its `VmHWM`.\n");
        md.append("- **floor of the contract**: a bare KafkaConsumer whose polls go through the service's own `RecordEncoder` "
                + "(parse, validate, line, on one thread per core) and `PartitionBatch` (gzip level 1, batches of 10,000 "
                + "lines, deflated on their own threads), in memory, in the benchmark's JVM (warmed up by the runs before it): "
                + "the least work any consumer that keeps the contract does, without S3, commits or a fresh JVM.\n");
        md.append("- **one object per message**: a KafkaConsumer that puts each record into S3 as its own object, as older "
                + "pipelines did; bounded to " + PER_MESSAGE_BUDGET.toSeconds() + " s (at its rate the million would take "
                + String.format(Locale.ROOT, "%.0f", QUOTES / perMessage.perSecond() / 60) + " minutes).\n\n");
        md.append("## Figures\n\n| run | quotes | seconds | quotes/s | CPU µs per quote | notes |\n"
                + "| --- | ---: | ---: | ---: | ---: | --- |\n");
        for (Run r : runs) {
            md.append(String.format(Locale.ROOT, "| %s | %,d | %.1f | %,.0f | %.1f | %s |%n", r.what(), r.records(),
                    r.took().toNanos() / 1e9, r.perSecond(), r.cpuMicrosPerQuote(), r.note()));
        }
        md.append("\n## Ratios\n\n");
        md.append(String.format(Locale.ROOT, "- consumer-service (default, gzip level 1) / bare KafkaConsumer: **%.2f** "
                + "(goal >= 0.5); gzip level 6: %.2f; the service's second half: %.2f%n", service1.perSecond() / bare.perSecond(),
                service6.perSecond() / bare.perSecond(), Double.parseDouble(level1.get("steady")) / bare.perSecond()));
        md.append(String.format(Locale.ROOT, "- floor of the contract / bare KafkaConsumer: **%.2f**: what the service's own "
                + "validation and gzip reach on this machine with nothing else to do%n", floor.perSecond() / bare.perSecond()));
        md.append(String.format(Locale.ROOT, "- consumer-service (default) / floor of the contract: **%.2f**; its second half: "
                + "%.2f%n", service1.perSecond() / floor.perSecond(), Double.parseDouble(level1.get("steady")) / floor.perSecond()));
        md.append(String.format(Locale.ROOT, "- consumer-service (default) / one object per message: **%,.0fx**%n",
                service1.perSecond() / perMessage.perSecond()));
        md.append(String.format(Locale.ROOT, "- CPU per quote: bare %.1f µs, validation alone %.1f µs, floor of the contract %.1f "
                + "µs, consumer-service %.1f µs (all of it: fetch, parse, validate, gzip, put, commit, metrics, of which the "
                + "JIT compiler threads %s µs)%n", bare.cpuMicrosPerQuote(), validating.cpuMicrosPerQuote(),
                floor.cpuMicrosPerQuote(), service1.cpuMicrosPerQuote(), level1.get("jitMicros")));
        md.append(String.format(Locale.ROOT, "- peak RSS of the service (default settings): **%s**; %s objects, %s MB for %s MB of "
                + "JSON Lines (%s:1)%n", level1.get("rss"), level1.get("objects"), level1.get("objectMb"), level1.get("lineMb"),
                level1.get("ratio")));
        md.append("\n## Reading\n\n");
        md.append(String.format(Locale.ROOT, "- The goal (>= 0.5 of a bare KafkaConsumer) is not met on this machine, and the "
                + "floor shows that no consumer built on this JSON validation and JDK gzip can meet it here: reading costs %.1f µs of CPU per quote, "
                + "reading plus validating and gzipping %.1f µs, and the machine has %d cores, shared with the broker and the "
                + "S3 emulator. With the service's own parse, validate and gzip code on every core, in a warm JVM, with no put "
                + "and no commit, the floor reached %.2f of the bare rate. Where cores are not the limit, the service's share "
                + "grows with them: parsing and compression run on `parse-threads` (one per core) while a bare consumer is "
                + "one thread.%n", bare.cpuMicrosPerQuote(), floor.cpuMicrosPerQuote(), Runtime.getRuntime().availableProcessors(),
                floor.perSecond() / bare.perSecond()));
        md.append(String.format(Locale.ROOT, "- The service reaches %.2f of the floor (%.2f in its second half). The "
                + "difference is mostly the JIT of a fresh process (%s µs of the %.1f µs per quote are the compiler threads), "
                + "then the puts and commits, during which the loop does not parse.%n",
                service1.perSecond() / floor.perSecond(), Double.parseDouble(level1.get("steady")) / floor.perSecond(),
                level1.get("jitMicros"), service1.cpuMicrosPerQuote()));
        md.append("- One object per message is bounded by one S3 round trip per quote, not by CPU: batching is what makes "
                + "the lake affordable (and S3 PUT requests are billed per request).\n");
        md.append(String.format(Locale.ROOT, "- gzip level 1 (the default): %.1f µs of CPU per quote, %s MB of objects; level 6: "
                + "%.1f µs, %s MB. Both compress on their own threads, beside the poll "
                + "loop; level 6 is one setting away (`quotepipe.consumer.gzip-level`) for a quarter less storage.%n", service1.cpuMicrosPerQuote(),
                level1.get("objectMb"), service6.cpuMicrosPerQuote(), level6.get("objectMb")));
        md.append("- Memory is one open batch per partition, compressed as it grows, plus the JVM: peak RSS stays that of "
                + "a small Quarkus service with a 512 MiB heap cap.\n");
        Files.createDirectories(OUT.getParent());
        Files.writeString(OUT, md.toString());
        System.out.println(md);
    }

    private static Instant firstTimestamp(String log, String after) {
        Matcher m = Pattern.compile("(?m)^(\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2},\\d{3}) .*" + after).matcher(log);
        assertThat(m.find()).as("the service log has a line with %s", after).isTrue();
        return logTime(m.group(1));
    }

    private static Instant logTime(String text) {
        return LocalDateTime.parse(text, DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS"))
                .atZone(java.time.ZoneId.systemDefault()).toInstant();
    }

    /** User plus system CPU time of a process, from /proc (clock ticks of 10 ms). */
    private static Duration cpuTime(long pid) throws IOException {
        return cpuTime(Path.of("/proc/" + pid + "/stat"));
    }

    /** User plus system CPU time in a {@code stat} file of /proc (a process's or a thread's), in clock ticks of 10 ms. */
    private static Duration cpuTime(Path stat) throws IOException {
        String text = Files.readString(stat);
        String[] fields = text.substring(text.lastIndexOf(')') + 2).split(" ");
        return Duration.ofMillis((Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10);
    }

    /** CPU time of the JIT compiler threads (C1, C2) of a process, from /proc. */
    private static Duration jitCpuTime(long pid) throws IOException {
        Duration jit = Duration.ZERO;
        try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String name = Files.readString(task.resolve("comm"));
                    if (name.startsWith("C") && name.contains("CompilerThre")) {
                        jit = jit.plus(cpuTime(task.resolve("stat")));
                    }
                } catch (java.nio.file.NoSuchFileException e) {
                    // the thread ended meanwhile
                }
            }
        }
        return jit;
    }

    private static String peakRss(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmHWM:")) {
                long kb = Long.parseLong(line.replaceAll("\\D", ""));
                return String.format(Locale.ROOT, "%.0f MiB", kb / 1024.0);
            }
        }
        return "unknown";
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms); // polling the committed offsets
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
