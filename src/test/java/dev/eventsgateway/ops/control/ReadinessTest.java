package dev.eventsgateway.ops.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.enterprise.event.Startup;
import org.junit.jupiter.api.Test;

class ReadinessTest {

    private final Readiness readiness = new Readiness();

    @Test
    void aServerIsNotReadyUntilItsDeploymentFinished() {
        assertEquals(Readiness.Phase.STARTING, readiness.phase());
        assertFalse(readiness.ready());
        readiness.deployed(new Startup());
        assertTrue(readiness.ready());
    }

    @Test
    void theFirstShutdownHookEndsReadinessForGood() {
        readiness.deployed(new Startup());
        readiness.stopping("first hook");
        readiness.stopping("second hook");
        readiness.deployed(new Startup());
        assertEquals(Readiness.Phase.STOPPING, readiness.phase());
        assertEquals("stopping", readiness.phase().label());
    }
}
