package io.quotepipe.query.api;

import io.quotepipe.query.PipelineQueries;
import io.quotepipe.query.PipelineStatus;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The pipeline panel's data: read-only, from the table's LATEST items and what the stages record in the lake. */
@Path("/api/pipeline")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "pipeline", description = "What the pipeline did last, from the data its stages write")
public class PipelineResource {

    private final PipelineQueries pipeline;

    @Inject
    public PipelineResource(PipelineQueries pipeline) {
        this.pipeline = pipeline;
    }

    @GET
    @Operation(summary = "Last poll (with failovers), last load (with its time), last batch, consumer lag, dead letters, "
            + "quarantined lines, latest alerts",
            description = "Query pk=LATEST (source, pollId, fetchedAt, observedAt, s3Key); from the lake: ListObjectsV2 of "
                    + "the quotes/dt=/hour=/ partitions from the current hour back, of quarantine/, of dead-letters/ (the "
                    + "consumer's mirror of each dead letter: counted by listing), of status/ and of "
                    + "alerts/dt=<date>/ from today back 7 days; GetObject of the listed status/poller.json (the poller's last poll "
                    + "and its failovers), status/loader.json (the loader's last load and when), "
                    + "status/consumer/<group>/<topic>-<partition>.json (lag per partition), the newest dead letter and "
                    + "alerts, and quarantine objects not counted before (docs/design.md, \"Pipeline records\"). "
                    + "A field a stage has not recorded yet, or a lake that cannot be read, is listed in notAvailable "
                    + "with the reason; the rest is still answered.")
    @APIResponse(responseCode = "200", description = "The pipeline's state",
            content = @Content(schema = @Schema(implementation = PipelineStatus.class)))
    @APIResponse(responseCode = "503", description = "DynamoDB or its table cannot be reached",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public PipelineStatus status() {
        return pipeline.status();
    }
}
