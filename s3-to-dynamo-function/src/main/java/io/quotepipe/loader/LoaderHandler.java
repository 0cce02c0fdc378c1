package io.quotepipe.loader;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Lambda entry point for S3 ObjectCreated notifications: loads every object of the event, not just
 * the first. A failure fails the invocation, and Lambda's retry is safe because every write is
 * keyed by the data itself.
 */
@Named("loader")
public class LoaderHandler implements RequestHandler<S3Notification, List<LoadSummary>> {

    @Inject
    ObjectLoader loader;

    @Override
    public List<LoadSummary> handleRequest(S3Notification event, Context context) {
        if (event == null || event.records() == null) {
            throw new IllegalArgumentException("loader expects an S3 event notification with 'Records'; see events/s3-object-created.json");
        }
        List<LoadSummary> loaded = new ArrayList<>();
        for (S3Notification.Record record : event.records()) {
            // S3 URL-encodes keys in notifications, with '+' for a space
            // (https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html).
            String key = URLDecoder.decode(record.s3().object().key(), StandardCharsets.UTF_8);
            loader.load(record.s3().bucket().name(), key).ifPresent(loaded::add);
        }
        return loaded;
    }
}
