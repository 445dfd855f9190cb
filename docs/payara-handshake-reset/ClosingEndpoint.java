package repro;

import jakarta.websocket.CloseReason;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Refuses every session as an application does after checking credentials: closes it with 4401 once it is open, at
 * once or after {@code ?delayMs=} milliseconds.
 */
@ServerEndpoint("/closing")
public class ClosingEndpoint {

    @OnOpen
    public void open(Session session) {
        List<String> delay = session.getRequestParameterMap().getOrDefault("delayMs", List.of("0"));
        // Closed from another thread once onOpen has returned, as recommended for closing during the opening.
        CompletableFuture.runAsync(() -> {
            try {
                session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(4401), "invalid credentials"));
            } catch (IOException e) {
                // The client went away first.
            }
        }, CompletableFuture.delayedExecutor(Long.parseLong(delay.get(0)), TimeUnit.MILLISECONDS));
    }
}
