package dev.eventsgateway.system;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** What a system test sees of the gateway under test, whichever target runs it. */
public final class Gateway {

    private final GatewayTarget target;

    Gateway(GatewayTarget target) {
        this.target = target;
    }

    public static URI eventsUri(URI baseUri, String token) {
        String query = token == null ? "" : "?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
        return URI.create("ws://" + baseUri.getAuthority() + "/events" + query);
    }

    public String targetName() {
        return target.name();
    }

    public URI baseUri() {
        return target.baseUri();
    }

    /** The gateway's own origin, as a page served by the WAR would send it. */
    public String ownOrigin() {
        return "http://" + target.baseUri().getAuthority();
    }

    public URI eventsUri(String token) {
        return eventsUri(target.baseUri(), token);
    }

    /** Connects with the token in the query string, without an Origin header. */
    public TestClient connect(String token) {
        return TestClient.connect(eventsUri(token));
    }

    /** Connects as this user (every room, no roles) and waits for {@code connected}. */
    public TestClient connected(String userId) {
        return connected(Tokens.forUser(userId));
    }

    public TestClient connected(Tokens tokens) {
        TestClient client = connect(tokens.sign());
        client.next("connected");
        return client;
    }

    public TestClient connect(String token, Map<String, String> headers) {
        return TestClient.connect(eventsUri(token), headers);
    }

    public <T> Optional<T> bean(Class<T> type) {
        return target.bean(type);
    }

    public Optional<Path> log() {
        return target.log();
    }

    public boolean hasServletContainer() {
        return target.hasServletContainer();
    }
}
