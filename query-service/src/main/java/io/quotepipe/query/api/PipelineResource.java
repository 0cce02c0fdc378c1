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

/** The pipeline panel's data: read-only, from the table's LATEST items and the lake's object listings. */
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
    @Operation(summary = "Last poll, last load, last batch, quarantined lines; and what cannot be known yet",
            description = "Query pk=LATEST (source, pollId, fetchedAt, observedAt, s3Key); ListObjectsV2 of the lake's "
                    + "quotes/dt=/hour=/ partitions from the current hour back and of quarantine/, GetObject of quarantine "
                    + "objects not counted before. Fields no stage records yet (failovers, consumer lag, dead letters, "
                    + "alerts) are listed in notAvailable with the reason. A lake that cannot be read is reported there "
                    + "too; the rest is still answered.")
    @APIResponse(responseCode = "200", description = "The pipeline's state",
            content = @Content(schema = @Schema(implementation = PipelineStatus.class)))
    @APIResponse(responseCode = "503", description = "DynamoDB or its table cannot be reached",
            content = @Content(schema = @Schema(implementation = ApiError.class)))
    public PipelineStatus status() {
        return pipeline.status();
    }
}
