package dev.eventsgateway.system;

import jakarta.enterprise.inject.spi.CDI;
import jakarta.enterprise.inject.spi.Unmanaged;
import jakarta.websocket.server.ServerEndpoint;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.glassfish.tyrus.core.ComponentProvider;

/** Lets embedded Tyrus build endpoints with CDI injection, as Payara and WildFly do. */
public class CdiComponentProvider extends ComponentProvider {

    private final Map<Object, Unmanaged.UnmanagedInstance<?>> instances = new ConcurrentHashMap<>();

    @Override
    public boolean isApplicable(Class<?> type) {
        return type.isAnnotationPresent(ServerEndpoint.class) && isCdiRunning();
    }

    @Override
    public <T> Object create(Class<T> type) {
        Unmanaged.UnmanagedInstance<T> instance = new Unmanaged<>(CDI.current().getBeanManager(), type).newInstance();
        T endpoint = instance.produce().inject().postConstruct().get();
        instances.put(endpoint, instance);
        return endpoint;
    }

    @Override
    public boolean destroy(Object endpoint) {
        Unmanaged.UnmanagedInstance<?> instance = instances.remove(endpoint);
        if (instance == null) {
            return false;
        }
        instance.preDestroy().dispose();
        return true;
    }

    private static boolean isCdiRunning() {
        try {
            CDI.current();
            return true;
        } catch (IllegalStateException e) {
            return false;
        }
    }
}
