package dev.eventsgateway.messaging.control;

import dev.eventsgateway.connections.control.Connection;
import dev.eventsgateway.delivery.control.Broker;
import dev.eventsgateway.delivery.control.LocalBroker;
import dev.eventsgateway.protocol.entity.AckData;
import dev.eventsgateway.protocol.entity.ChatMessage;
import dev.eventsgateway.protocol.entity.Envelope;
import dev.eventsgateway.protocol.entity.ErrorCode;
import dev.eventsgateway.protocol.entity.EventName;
import dev.eventsgateway.protocol.entity.Failure;
import dev.eventsgateway.protocol.entity.Timestamps;
import dev.eventsgateway.protocol.entity.WireFormat;
import dev.eventsgateway.rooms.control.RoomManager;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.Optional;

/** Handles {@code message}: to a room the sender is in, or to every other connection. */
@ApplicationScoped
public class ChatHandler {

    private RoomManager rooms;
    private Broker broker;
    private ContentRules contentRules;
    private Clock clock;

    protected ChatHandler() {
        // for the CDI proxy
    }

    /** One node, in memory, as unit tests wire it by hand. */
    public ChatHandler(RoomManager rooms, MessagingSettings settings) {
        this(rooms, new LocalBroker(rooms), new ContentRules(settings), Clock.systemUTC());
    }

    @Inject
    public ChatHandler(RoomManager rooms, Broker broker, MessagingSettings settings) {
        this(rooms, broker, new ContentRules(settings), Clock.systemUTC());
    }

    ChatHandler(RoomManager rooms, ContentRules contentRules, Clock clock) {
        this(rooms, new LocalBroker(rooms), contentRules, clock);
    }

    ChatHandler(RoomManager rooms, Broker broker, ContentRules contentRules, Clock clock) {
        this.rooms = rooms;
        this.broker = broker;
        this.contentRules = contentRules;
        this.clock = clock;
    }

    public Outcome handle(Connection sender, Envelope.Message message) {
        Envelope.MessageData data = message.data();
        if (data == null) {
            return Outcome.failed(Failure.of(ErrorCode.BAD_REQUEST, "data must be an object with content"));
        }
        Optional<Failure> rejected = contentRules.check(data.content());
        if (rejected.isPresent()) {
            return Outcome.failed(rejected.get());
        }
        String room = data.room();
        if (room != null) {
            Optional<Failure> refused = RoomAccess.check(sender, room);
            if (refused.isPresent()) {
                return Outcome.failed(refused.get());
            }
            if (!rooms.isMember(sender, room)) {
                return Outcome.failed(Failure.of(ErrorCode.NOT_IN_ROOM, "join room '" + room + "' before posting to it"));
            }
        }
        String timestamp = Timestamps.iso(clock.instant());
        String frame = WireFormat.frame(EventName.MESSAGE, new ChatMessage(sender.userId(), data.content(), room, timestamp));
        if (room != null) {
            broker.publishPublication(room, frame);
        } else {
            broker.publishToAll(frame, sender);
        }
        return Outcome.success(AckData.timestamp(timestamp));
    }
}
