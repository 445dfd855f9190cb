package dev.eventsgateway.auth.control;

import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jose.util.Resource;
import com.nimbusds.jose.util.ResourceRetriever;
import dev.eventsgateway.metrics.control.GatewayMetrics;
import java.io.IOException;
import java.net.URL;
import java.time.Duration;

/** Fetches the JWKS with Nimbus's HTTP retriever, bounded in time, and counts every fetch and every failed one. */
final class CountedJwksRetriever implements ResourceRetriever {

    private final ResourceRetriever http;
    private final GatewayMetrics metrics;

    /** {@code timeout} bounds the connect and, separately, the read. */
    CountedJwksRetriever(Duration timeout, GatewayMetrics metrics) {
        int millis = Math.toIntExact(timeout.toMillis());
        this.http = new DefaultResourceRetriever(millis, millis, JWKSourceBuilder.DEFAULT_HTTP_SIZE_LIMIT);
        this.metrics = metrics;
    }

    /** An HTTP error status is an {@link IOException} too: the retriever throws it for anything but 2xx. */
    @Override
    public Resource retrieveResource(URL url) throws IOException {
        boolean failed = true;
        try {
            Resource resource = http.retrieveResource(url);
            failed = false;
            return resource;
        } finally {
            metrics.jwksFetched(failed);
        }
    }
}
