package dev.eventsgateway.auth.control;

import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jose.util.Resource;
import com.nimbusds.jose.util.ResourceRetriever;
import dev.eventsgateway.metrics.control.GatewayMetrics;
import java.io.IOException;
import java.net.URL;

/** Fetches the JWKS with Nimbus's default HTTP retriever and counts every fetch and every failed one. */
final class CountedJwksRetriever implements ResourceRetriever {

    private final ResourceRetriever http = new DefaultResourceRetriever(JWKSourceBuilder.DEFAULT_HTTP_CONNECT_TIMEOUT,
            JWKSourceBuilder.DEFAULT_HTTP_READ_TIMEOUT, JWKSourceBuilder.DEFAULT_HTTP_SIZE_LIMIT);
    private final GatewayMetrics metrics;

    CountedJwksRetriever(GatewayMetrics metrics) {
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
