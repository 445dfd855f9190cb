package dev.eventsgateway.platform.control;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.util.concurrent.Executor;

/** Offers the container's default managed executor to the beans that hand work off their calling thread. */
@ApplicationScoped
public class ManagedExecutors {

    @Resource(lookup = "java:comp/DefaultManagedExecutorService")
    ManagedExecutorService executor;

    @Produces
    @Background
    public Executor background() {
        return executor;
    }
}
