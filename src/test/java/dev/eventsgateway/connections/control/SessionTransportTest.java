package dev.eventsgateway.connections.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.eventsgateway.protocol.entity.CloseCode;
import jakarta.websocket.CloseReason;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SessionTransportTest {

    private static final ClassLoader PLATFORM = ClassLoader.getPlatformClassLoader();

    /** Every container call, with the thread's context class loader at the time. */
    private final Map<String, List<ClassLoader>> calls = new HashMap<>();
    private final AtomicReference<Object> lastArgument = new AtomicReference<>();
    private final ClassLoader callers = new ClassLoader(getClass().getClassLoader()) {
    };
    private final ClassLoader original = Thread.currentThread().getContextClassLoader();
    private IOException pingFailure;

    @AfterEach
    void restoreContextLoader() {
        Thread.currentThread().setContextClassLoader(original);
    }

    @Test
    void sendsTextUnderThePlatformClassLoaderAndReportsTheResult() {
        var transport = new SessionTransport(session(true));
        var completions = new ArrayList<Throwable>();
        Thread.currentThread().setContextClassLoader(callers);

        transport.sendText("frame", completions::add);

        assertEquals(List.of(PLATFORM), calls.get("sendText"));
        assertEquals("frame", lastArgument.get());
        assertEquals(1, completions.size());
        assertNull(completions.get(0));
        assertSame(callers, Thread.currentThread().getContextClassLoader(), "the caller's loader is restored");
    }

    @Test
    void sendsThePingPayloadAsEightBytesUnderThePlatformClassLoader() {
        var transport = new SessionTransport(session(true));
        Thread.currentThread().setContextClassLoader(callers);

        transport.sendPing(0x0102030405060708L);

        assertEquals(List.of(PLATFORM), calls.get("sendPing"));
        ByteBuffer payload = (ByteBuffer) lastArgument.get();
        assertEquals(Long.BYTES, payload.remaining());
        assertEquals(0x0102030405060708L, payload.getLong(payload.position()));
        assertSame(callers, Thread.currentThread().getContextClassLoader());
    }

    @Test
    void closesUnderThePlatformClassLoaderWithTheCodeAndReason() {
        var transport = new SessionTransport(session(true));
        Thread.currentThread().setContextClassLoader(callers);

        transport.close(CloseCode.SLOW_CONSUMER.closure());

        assertEquals(List.of(PLATFORM), calls.get("close"));
        CloseReason reason = (CloseReason) lastArgument.get();
        assertEquals(4409, reason.getCloseCode().getCode());
        assertEquals(CloseCode.SLOW_CONSUMER.reason(), reason.getReasonPhrase());
        assertSame(callers, Thread.currentThread().getContextClassLoader());
    }

    @Test
    void leavesAClosedSessionAlone() {
        new SessionTransport(session(false)).close(CloseCode.NORMAL.closure());

        assertNull(calls.get("close"));
    }

    @Test
    void aFailingPingThrowsUncheckedAndRestoresTheCallersLoader() {
        pingFailure = new IOException("broken pipe");
        var transport = new SessionTransport(session(true));
        Thread.currentThread().setContextClassLoader(callers);

        var e = assertThrows(UncheckedIOException.class, () -> transport.sendPing(1));

        assertSame(pingFailure, e.getCause());
        assertSame(callers, Thread.currentThread().getContextClassLoader());
    }

    private Session session(boolean open) {
        InvocationHandler async = (proxy, method, args) -> {
            record(method.getName(), args[0]);
            if (method.getName().equals("sendPing") && pingFailure != null) {
                throw pingFailure;
            }
            if (method.getName().equals("sendText") && args.length == 2) {
                ((SendHandler) args[1]).onResult(new SendResult());
            }
            return null;
        };
        Object remote = Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {RemoteEndpoint.Async.class},
                async);
        InvocationHandler session = (proxy, method, args) -> switch (method.getName()) {
            case "getAsyncRemote" -> remote;
            case "isOpen" -> open;
            case "getId" -> "s1";
            case "close" -> {
                record("close", args[0]);
                yield null;
            }
            default -> throw new UnsupportedOperationException(method.getName());
        };
        return (Session) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Session.class}, session);
    }

    private void record(String call, Object argument) {
        calls.computeIfAbsent(call, name -> new ArrayList<>()).add(Thread.currentThread().getContextClassLoader());
        lastArgument.set(argument);
    }
}
