/** Publishing encoded frames to a room or to everyone, on this node or across a cluster: the Broker seam. */
package dev.eventsgateway.delivery.control;
