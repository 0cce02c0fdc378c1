package io.quotepipe.core.alert;

import io.quotepipe.core.Alert;
import io.quotepipe.core.Times;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;

/**
 * Delivers each alert to its {@code delivery} sink (SNS) first, then records it in the lake under
 * {@code alerts/dt=<date>/<time>-<component>-<kind>-<digest>.json} (docs/design.md, "Alerts"), so that the dashboard's
 * pipeline panel can list the latest ones: SNS keeps nothing a reader could ask for later.
 *
 * <p>The record is a copy: a failure to record is logged and never stops, delays or fails the SNS delivery, which
 * happens before it. A failed delivery is still recorded, then rethrown to {@link Alerts}, which logs it. The key comes
 * from the alert alone (its time, component, kind and a digest of its JSON), so an alert recorded twice is one object,
 * and keys sort by time within a day.
 */
public final class RecordedAlertSink implements AlertSink {

    /** Where alerts are recorded: a PutObject of {@code json} at {@code key} in the lake's bucket. */
    @FunctionalInterface
    public interface Store {
        /**
         * Stores {@code json} at {@code key}.
         *
         * @throws RuntimeException when it could not
         */
        void put(String key, String json);
    }

    /** The lake's prefix of recorded alerts. */
    public static final String PREFIX = "alerts/";
    private static final Logger LOG = Logger.getLogger(RecordedAlertSink.class);

    private final AlertSink delivery;
    private final Store store;

    public RecordedAlertSink(AlertSink delivery, Store store) {
        this.delivery = Objects.requireNonNull(delivery, "delivery");
        this.store = Objects.requireNonNull(store, "store");
    }

    @Override
    public void deliver(Alert alert) {
        RuntimeException failed = null;
        try {
            delivery.deliver(alert);
        } catch (RuntimeException e) {
            failed = e;
        }
        String key = key(alert);
        try {
            store.put(key, alert.toJson());
        } catch (RuntimeException e) {
            LOG.warnf("could not record alert %s at %s (%s); it was %s", alert.subject(), key, e.getMessage(),
                    failed == null ? "delivered" : "not delivered either, see the next line");
        }
        if (failed != null) {
            throw failed;
        }
    }

    /** {@code alerts/dt=2026-11-21/2026-11-21T18:05:00.000Z-poller-provider-failover-1a2b3c4d5e6f.json}. */
    public static String key(Alert alert) {
        String time = Times.format(alert.time());
        return PREFIX + "dt=" + alert.time().atZone(ZoneOffset.UTC).toLocalDate() + "/" + time + "-"
                + safe(alert.component()) + "-" + safe(alert.kind()) + "-" + digest(alert.toJson()) + ".json";
    }

    /** The lake's day prefix of alerts recorded on {@code date} (UTC), e.g. {@code alerts/dt=2026-11-21/}. */
    public static String dayPrefix(LocalDate date) {
        return PREFIX + "dt=" + date + "/";
    }

    /** Component and kind are short stable names; anything else a key should not carry becomes {@code _}. */
    private static String safe(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "_");
    }

    private static String digest(String json) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(json.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }
}
