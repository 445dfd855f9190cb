package repro;

import jakarta.websocket.OnMessage;
import jakarta.websocket.server.ServerEndpoint;

/** The whole application of the reproduction: a WebSocket endpoint that answers each text frame with itself. */
@ServerEndpoint("/ws")
public class EchoEndpoint {

    @OnMessage
    public String echo(String text) {
        return text;
    }
}
