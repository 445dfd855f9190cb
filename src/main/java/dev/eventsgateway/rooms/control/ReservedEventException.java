package dev.eventsgateway.rooms.control;

/** A push used one of the gateway's own event names, which clients must be able to trust. */
public class ReservedEventException extends IllegalArgumentException {

    public ReservedEventException(String event) {
        super("event name '" + event + "' is reserved for the gateway's own events; choose another name");
    }
}
