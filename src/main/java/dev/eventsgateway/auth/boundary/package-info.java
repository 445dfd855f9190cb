/** Authentication at the handshake: origin policy, bearer token extraction, development tokens. */
package dev.eventsgateway.auth.boundary;
