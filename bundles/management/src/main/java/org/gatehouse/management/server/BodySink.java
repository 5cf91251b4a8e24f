package org.gatehouse.management.server;

import io.netty.handler.codec.http.HttpContent;
import java.io.IOException;
import org.gatehouse.management.api.ApiException;
import org.gatehouse.management.api.RequestBody;

/** Where a request body goes while it arrives: a temporary file, or the parts of a multipart body. */
interface BodySink {

    /** Takes one chunk; the caller still owns (and releases) it. */
    void accept(HttpContent chunk) throws IOException, ApiException;

    /** The body, once the last chunk came; the returned body owns the temporary files. */
    RequestBody finish() throws ApiException;

    /** Deletes whatever was written; used when the request is refused part-way. */
    void discard();
}
