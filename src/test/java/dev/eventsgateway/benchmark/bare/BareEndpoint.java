package dev.eventsgateway.benchmark.bare;

import jakarta.websocket.OnClose;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.PathParam;
import jakarta.websocket.server.ServerEndpoint;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The baseline for the gateway's overhead: no authentication, no parsing, no validation, no queue of its own. Every
 * text frame is relayed as it came (so a client sends the already encoded outbound frame) to every session of the
 * room in the path, the sender included, with {@code getAsyncRemote}; a sender that connected with {@code ?ack=1}
 * then gets a constant ack, as the gateway's publisher gets its ack after the fan-out.
 */
@ServerEndpoint("/bare/{room}")
public class BareEndpoint {

    static final String ACK = "{\"event\":\"ack\",\"data\":{\"success\":true}}";
    private static final Map<String, Set<Session>> ROOMS = new ConcurrentHashMap<>();

    private Set<Session> members;
    private boolean acks;

    @OnOpen
    public void open(Session session, @PathParam("room") String room) {
        members = ROOMS.computeIfAbsent(room, name -> ConcurrentHashMap.newKeySet());
        List<String> ack = session.getRequestParameterMap().get("ack");
        acks = ack != null && ack.contains("1");
        members.add(session);
    }

    @OnMessage
    public void relay(Session sender, String frame) {
        for (Session member : members) {
            member.getAsyncRemote().sendText(frame);
        }
        if (acks) {
            sender.getAsyncRemote().sendText(ACK);
        }
    }

    @OnClose
    public void close(Session session) {
        members.remove(session);
    }
}
