package dev.eventsgateway.ops.boundary;

import dev.eventsgateway.ops.control.Readiness;
import jakarta.inject.Inject;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;

/** Turns readiness off when the web application starts to stop. */
@WebListener
public class ShutdownListener implements ServletContextListener {

    @Inject
    Readiness readiness;

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        readiness.stopping("ServletContextListener.contextDestroyed");
    }
}
