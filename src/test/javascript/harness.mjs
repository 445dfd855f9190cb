/** Harness for events-client.js tests in Node: a scripted fake WebSocket, fake timers, helpers to await the client. */
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const SOURCE = new URL('../../main/webapp/events-client.js', import.meta.url);

/**
 * The client module. Copied to an .mjs file: older Node 20 releases load a .js file outside a
 * `"type": "module"` package as CommonJS, and the webapp has no package.json.
 */
export const client = await import(pathToFileURL(copyClient()).href);

function copyClient() {
    const copy = join(mkdtempSync(join(tmpdir(), 'events-client-')), 'events-client.mjs');
    copyFileSync(SOURCE, copy);
    return copy;
}

/** A WebSocket the test plays the server of: it opens, pushes frames and closes when told to. */
export class FakeWebSocket {
    static CONNECTING = 0;
    static OPEN = 1;
    static CLOSING = 2;
    static CLOSED = 3;
    /** @type {FakeWebSocket[]} every socket created, oldest first */
    static created = [];

    constructor(url) {
        this.url = new URL(String(url));
        this.readyState = FakeWebSocket.CONNECTING;
        /** @type {any[]} frames the client sent, parsed */
        this.sent = [];
        /** @type {{code: number, reason: string} | null} */
        this.closedByClient = null;
        this.onmessage = null;
        this.onclose = null;
        FakeWebSocket.created.push(this);
    }

    static latest() {
        return FakeWebSocket.created[FakeWebSocket.created.length - 1];
    }

    send(text) {
        if (this.readyState !== FakeWebSocket.OPEN) {
            throw new Error('not open');
        }
        this.sent.push(JSON.parse(text));
    }

    close(code, reason) {
        this.readyState = FakeWebSocket.CLOSED;
        this.closedByClient = { code, reason };
    }

    /** The token the client put in the URL. */
    token() {
        return this.url.searchParams.get('token');
    }

    /** Opens and sends the `connected` frame, with these fields added to its data. */
    accept(data = {}) {
        this.readyState = FakeWebSocket.OPEN;
        this.push('connected', { userId: 'alice', connectionId: `c${FakeWebSocket.created.length}`,
            heartbeatMs: 25000, ...data });
    }

    push(event, data, id) {
        const frame = id === undefined ? { event, data } : { event, id, data };
        this.onmessage?.({ data: JSON.stringify(frame) });
    }

    /** Pushes a room publication of protocol 1.2: the frame carries its room, epoch and offset after `data`. */
    publish(event, data, { room, epoch, offset }) {
        this.onmessage?.({ data: JSON.stringify({ event, data, room, epoch, offset }) });
    }

    /** Answers a frame the client sent with an ack. */
    ack(frame, data) {
        this.push('ack', data, frame.id);
    }

    /** The frames sent with this event name. */
    frames(event) {
        return this.sent.filter((frame) => frame.event === event);
    }

    /** The server closes the connection (or the network drops it, with 1006). */
    drop(code, reason = '') {
        this.readyState = FakeWebSocket.CLOSED;
        this.onclose?.({ code, reason });
    }
}

globalThis.WebSocket = FakeWebSocket;

/**
 * Fresh fakes for one test: fake setTimeout (advanced with `clock.tick`), no sockets yet, console.error recorded.
 * @param {import('node:test').TestContext} t
 */
export function fakes(t) {
    FakeWebSocket.created = [];
    t.mock.timers.enable({ apis: ['setTimeout'] });
    const reported = [];
    const original = console.error;
    t.mock.method(console, 'error', (...args) => {
        if (String(args[0]).startsWith('events-client')) {
            reported.push(args);
        } else {
            original(...args);
        }
    });
    return { clock: t.mock.timers, reported };
}

/** Lets pending Promise reactions run (the client awaits its token before it opens a socket). */
export function settle() {
    return new Promise((resolve) => setImmediate(resolve));
}

/**
 * How a Promise has settled by now, without waiting for one that never will.
 * @returns {Promise<{value?: unknown, error?: any, pending?: true}>}
 */
export async function outcome(promise) {
    let result = { pending: true };
    promise.then((value) => {
        result = { value };
    }, (error) => {
        result = { error };
    });
    await settle();
    return result;
}

/** Options that make backoff delays exact: no jitter. */
export const EXACT = Object.freeze({ randomizationFactor: 0, reconnectionDelay: 1000, reconnectionDelayMax: 60000 });

/** Connects a client with these options and accepts its first socket. */
export async function connected(options = {}, data = {}) {
    const socket = client.connect('ws://gateway.test/events', { token: 'first-token', ...EXACT, ...options });
    await settle();
    FakeWebSocket.latest().accept(data);
    return socket;
}
