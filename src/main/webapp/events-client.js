/**
 * Browser client for the events gateway, wire protocol version 1.2 (see docs/protocol.md).
 *
 * Plain WebSocket with JSON envelopes; the API follows socket.io-client where the protocol allows:
 *
 *     import { connect } from '/events-client.js';
 *     const socket = connect('/events', { token: () => fetchToken() });
 *     socket.on('connect', () => socket.join('chat-room'));
 *     socket.on('message', (m) => render(m));
 *     const ack = await socket.emitWithAck('message', { content: 'Hello', room: 'chat-room' });
 *     socket.on('recovery', (r) => (r.recovered ? showCaughtUp(r.room) : reloadRoom(r.room, r.reason)));
 *
 * No dependencies, nothing global: the module exports {@link connect}, {@link EventsSocket} and
 * {@link EventsError}.
 *
 * @module events-client
 */

/**
 * @typedef {object} ConnectOptions
 * @property {string | (() => string | Promise<string>)} [token] the JWT, or a function returning it (or a Promise
 *     of it), called before every connect and reconnect, and on `token:expiring` to refresh the token of the open
 *     connection; appended to the URL as `?token=`
 * @property {boolean} [autoConnect=true] open the connection at once; otherwise call {@link EventsSocket#connect}
 * @property {boolean} [reconnection=true] reconnect automatically after a connection is lost
 * @property {number} [reconnectionAttempts=Infinity] attempts before giving up (`reconnect_failed`), counted since the
 *     last connection that stayed up for `reconnectionResetDelay`
 * @property {number} [reconnectionDelay=1000] first backoff delay in ms, doubled for each attempt
 * @property {number} [reconnectionDelayMax=5000] upper bound of the backoff delay in ms
 * @property {number} [randomizationFactor=0.5] jitter: the delay varies by up to this fraction either way
 * @property {number} [reconnectionResetDelay=10000] ms a connection must stay up before the backoff starts again
 *     from `reconnectionDelay`
 * @property {number} [timeout=20000] ms for the `connected` frame to arrive after an attempt starts, token included
 * @property {number} [ackTimeout=10000] ms for an ack to arrive, counted from when the frame is sent (a frame
 *     queued while disconnected waits for the connection; it fails when the socket gives up or is closed)
 * @property {number} [maxQueuedFrames=100] frames kept while disconnected; beyond it emit fails (`QUEUE_FULL`)
 */

/**
 * Data of an `ack` frame (docs/protocol.md section 4). A `join` ack of protocol 1.2 has the room's `epoch` and
 * `offset`, and after a join with `since` whether the publications in between were `recovered` (else the `reason`).
 * @typedef {{success: boolean, room?: string, timestamp?: string, code?: string, message?: string,
 *     retryAfterMs?: number, epoch?: string, offset?: number, recovered?: boolean, reason?: string}} AckData
 */

/**
 * Where a room publication stands in its room's history (protocol 1.2, section 8.4): offsets count from 1 within an
 * epoch, and compare only within the same epoch.
 * @typedef {{room: string, epoch: string, offset: number}} Position
 */

/**
 * What the rejoin of a room after a reconnect brought back (protocol 1.2, section 8.5): either every publication
 * missed (`count` of them, delivered as ordinary events before this), or nothing, for the `reason` given
 * (`epoch_changed`, `too_old`, `too_many` from the server; `unsupported` when the server speaks a protocol older than
 * 1.2). `epoch` and `offset` are the room's position when it was joined again.
 * @typedef {{room: string, recovered: true, count: number, epoch: string, offset: number}
 *     | {room: string, recovered: false, reason: string, epoch: string | null, offset: number | null}} Recovery
 */

/**
 * Data of the ack of a successful `history` (protocol 1.2, section 8.6): the room's position at the read and its
 * latest publications still held, oldest first, each the frame exactly as members received it.
 * @typedef {{success: true, room: string, epoch: string, offset: number,
 *     publications: Array<{event: string, data: unknown, room: string, epoch: string, offset: number}>}} HistoryAck
 */

/**
 * Data of the ack of a successful `refresh` (protocol 1.1): the new expiry and the rooms the new token no longer
 * grants, which the server has made the connection leave.
 * @typedef {{success: true, expiresAt: string, revoked: string[]}} RefreshAck
 */

/** @typedef {(err: EventsError | null, data?: AckData) => void} AckCallback */

/** @typedef {'connecting' | 'connected' | 'reconnecting' | 'disconnected'} ConnectionState */

const DEFAULTS = Object.freeze({
    autoConnect: true,
    reconnection: true,
    reconnectionAttempts: Infinity,
    reconnectionDelay: 1000,
    reconnectionDelayMax: 5000,
    randomizationFactor: 0.5,
    reconnectionResetDelay: 10000,
    timeout: 20000,
    ackTimeout: 10000,
    maxQueuedFrames: 100,
});

/** Close codes of docs/protocol.md section 5 that need special handling. */
const CLOSE = Object.freeze({
    NORMAL: 1000,
    UNSUPPORTED_DATA: 1003,
    TOO_BIG: 1009,
    INVALID_CREDENTIALS: 4401,
});

/** The gateway's own codes from 4000 to 4999; any other there, and 1008, is an operator's final close. */
const GATEWAY_4XXX = new Set([4401, 4408, 4409, 4429]);

/** Code the client closes its own socket with when it gives up on it (heartbeat or connect timeout). */
const CLIENT_GIVES_UP = 4000;

/** Frames sent at once when a connection (re)opens with rooms to rejoin and queued frames; the rest are paced. */
const FLUSH_BURST = 20;
/** Frames sent per {@link FLUSH_INTERVAL_MS} after the burst: stays below the server's default 20 frames a second. */
const FLUSH_BATCH = 5;
const FLUSH_INTERVAL_MS = 350;

/**
 * Least time between two automatic refreshes: a token that lives shorter than the server's notice lead is noticed again
 * right after each refresh, which would otherwise refresh in a tight loop.
 */
const MIN_AUTO_REFRESH_INTERVAL_MS = 5000;

/** Names the client fires itself; a server push with one of these names is ignored rather than confused with them. */
const RESERVED = new Set(['connect', 'disconnect', 'connect_error', 'reconnect', 'reconnect_attempt',
    'reconnect_failed', 'state', 'connected', 'ack', 'ping', 'token_refreshed', 'token_refresh_failed', 'recovery']);

/**
 * Reports an exception thrown by user code (a listener, an ack callback) without letting it reach the client's own
 * bookkeeping.
 * @param {unknown} error
 */
function reportCallbackError(error) {
    try {
        console.error('events-client: a callback threw', error);
    } catch {
        // a console that throws cannot be helped
    }
}

/**
 * The error type of this client: failed acks (`code` is the server's error code, e.g. `FORBIDDEN`, with
 * `retryAfterMs` for `RATE_LIMITED`), local failures (`TIMEOUT`, `DISCONNECTED`, `QUEUE_FULL`, `NOT_CONNECTED`,
 * `CLIENT_CLOSED`, `CANCELLED`) and `connect_error` (`closeCode` holds the WebSocket close code when there was one).
 */
export class EventsError extends Error {
    /**
     * @param {string} message
     * @param {{code?: string, retryAfterMs?: number, closeCode?: number, description?: string, data?: unknown,
     *     cause?: unknown}} [details]
     */
    constructor(message, details = {}) {
        super(message, details.cause === undefined ? undefined : { cause: details.cause });
        this.name = 'EventsError';
        /** @type {string | undefined} */
        this.code = details.code;
        if (details.retryAfterMs !== undefined) {
            /** @type {number | undefined} */
            this.retryAfterMs = details.retryAfterMs;
        }
        if (details.closeCode !== undefined) {
            /** @type {number | undefined} */
            this.closeCode = details.closeCode;
        }
        if (details.description !== undefined) {
            /** The close reason text the server sent, e.g. `token expired`. @type {string | undefined} */
            this.description = details.description;
        }
        if (details.data !== undefined) {
            /** The whole ack data. */
            this.data = details.data;
        }
    }
}

/**
 * Opens a connection to the gateway.
 *
 * @param {string | URL | ConnectOptions} [url='/events'] relative URLs resolve against the page; `http:` becomes
 *     `ws:`, `https:` becomes `wss:`; options alone connect to `/events`
 * @param {ConnectOptions} [options]
 * @returns {EventsSocket}
 */
export function connect(url = '/events', options = {}) {
    if (url !== null && typeof url === 'object' && !(url instanceof URL)) {
        // connect(options), as io(options)
        return new EventsSocket('/events', url);
    }
    return new EventsSocket(url, options);
}

/**
 * One logical connection to the gateway, surviving reconnects.
 *
 * Events fired (listen with {@link EventsSocket#on}):
 * - `connect` — the `connected` frame arrived (not the socket's `open`)
 * - `disconnect` (reason, closeCode, closeReasonText) — reason is one of `io client disconnect` (close()),
 *   `io server disconnect` (the server closed with 1000, 1003, 4401 or an operator's 1008 or 4000–4999 code: no
 *   automatic reconnect with this token),
 *   `ping timeout` (no heartbeat ack) or `transport close` (anything else: reconnects)
 * - `connect_error` (EventsError) — an attempt failed before `connected`, or the server refused the token
 *   (message `invalid credentials`, `closeCode` 4401, also after a connection was open)
 * - `reconnect_attempt` (attempt) — a reconnect attempt starts, numbered from 1
 * - `reconnect` (attempt) — a reconnect attempt succeeded
 * - `reconnect_failed` — `reconnectionAttempts` are used up
 * - `state` (state, attempt) — {@link EventsSocket#state} changed; it is already up to date in every listener
 * - `token_refreshed` (RefreshAck) — the server accepted a new token for the open connection
 * - `token_refresh_failed` (EventsError) — a refresh failed (e.g. `INVALID_TOKEN`); the server closes the
 *   connection with 4401 when the old token expires
 * - `recovery` (Recovery) — a room held before a reconnect was joined again (protocol 1.2): with `recovered` true
 *   once the `count` publications missed meanwhile have been delivered, else with the `reason` why they cannot be
 * - server events: `message`, `user:joined`, `user:left`, `server:stats`, `token:expiring`, `error` and any pushed
 *   event name, with the frame's `data`; a room publication (a room `message` or a push to a room, protocol 1.2)
 *   also with its {@link Position}
 *
 * A listener or ack callback that throws is reported with `console.error` and changes nothing else.
 */
export class EventsSocket {
    /** @type {URL} */ #url;
    /** @type {Required<Omit<ConnectOptions, 'token'>> & {token?: ConnectOptions['token']}} */ #options;
    /** @type {Map<string, Set<Function>>} */ #listeners = new Map();
    /** @type {Set<Function>} */ #anyListeners = new Set();

    /** @type {WebSocket | null} */ #ws = null;
    /** @type {ConnectionState} */ #state = 'disconnected';
    /** Incremented whenever the current attempt or connection is abandoned; stale callbacks compare it. */
    #generation = 0;
    #connected = false;
    /** @type {string | null} */ #id = null;
    /** @type {string | null} */ #userId = null;
    /** @type {string | null} */ #protocol = null;
    /** @type {Date | null} */ #expiresAt = null;
    #heartbeatMs = 0;

    /**
     * Attempts since the last connection that stayed up for `reconnectionResetDelay`: a server that closes right after
     * `connected` (at capacity, slow consumer, rate abuse) must not get the first, shortest delay every time.
     */
    #attempts = 0;
    /** True once a connection was lost, so the next success is a `reconnect`. */
    #recovering = false;
    /** @type {string | null} the token the server refused with 4401 */ #rejectedToken = null;
    /** @type {string | null} the token of the current attempt */ #currentToken = null;
    /** Consecutive 4401 refusals without a connection in between. */
    #refusals = 0;

    /** @type {ReturnType<typeof setTimeout> | undefined} */ #reconnectTimer;
    /** @type {ReturnType<typeof setTimeout> | undefined} */ #connectTimer;
    /** @type {ReturnType<typeof setTimeout> | undefined} */ #heartbeatTimer;
    /** @type {ReturnType<typeof setTimeout> | undefined} */ #pingTimer;
    /** @type {ReturnType<typeof setTimeout> | undefined} */ #flushTimer;
    /** @type {ReturnType<typeof setTimeout> | undefined} */ #stableTimer;
    /** The refresh under way, shared by concurrent callers. @type {Promise<RefreshAck> | null} */ #refreshing = null;
    /** Set while automatic refreshes wait out the minimum interval. @type {ReturnType<typeof setTimeout> | undefined} */
    #refreshCooldown;
    /** A notice arrived during the cool-down: refresh when it ends. */
    #refreshDue = false;

    #nextId = 1;
    /** Acks awaited for frames already sent, by id. @type {Map<string, Request>} */ #inFlight = new Map();
    /** Frames waiting for a connection, or for their turn after a reconnect. @type {Request[]} */ #backlog = [];
    /** Rooms joined through join(), rejoined after every reconnect. @type {Set<string>} */ #rooms = new Set();
    /** join() calls made while not connected, settled by the rejoin. @type {Map<string, Request[]>} */
    #joinWaiters = new Map();
    /**
     * The position of the latest publication received in each room of the set, or of its join ack when none came
     * since: the `since` of the rejoin after a reconnect. @type {Map<string, {epoch: string, offset: number}>}
     */
    #positions = new Map();
    /** Rejoins with `since` of the current connection whose outcome is not told yet. @type {Map<string, Recovering>} */
    #recoveries = new Map();

    /**
     * Use {@link connect} rather than this constructor.
     * @param {string | URL} url
     * @param {ConnectOptions} options
     */
    constructor(url, options = {}) {
        this.#url = toWebSocketUrl(url);
        this.#options = { ...DEFAULTS, ...options };
        if (this.#options.autoConnect) {
            this.connect();
        }
    }

    /** True between the `connected` frame and the loss of the connection. */
    get connected() {
        return this.#connected;
    }

    /** The connectionId of the current connection, null when not connected. */
    get id() {
        return this.#id;
    }

    /** The user id (the token's `sub`) of the current connection, null when not connected. */
    get userId() {
        return this.#userId;
    }

    /**
     * `connecting` (first attempt), `connected`, `reconnecting` (waiting out the backoff or attempting after a
     * failure) or `disconnected` (not started, closed, or given up: only connect() opens it again).
     * @returns {ConnectionState}
     */
    get state() {
        return this.#state;
    }

    /** Whether the socket is connected or will (re)connect by itself, as in socket.io-client. */
    get active() {
        return this.#state !== 'disconnected';
    }

    /** The protocol version announced in `connected` (`1` when none was), null when not connected. */
    get protocol() {
        return this.#protocol;
    }

    /** When the token of the current connection expires (protocol 1.1), null when unknown or not connected. */
    get expiresAt() {
        return this.#expiresAt && new Date(this.#expiresAt);
    }

    /** Rooms joined through join() and not left: the ones joined again after a reconnect. */
    get rooms() {
        return [...this.#rooms];
    }

    /**
     * The position of the latest publication received in a room (protocol 1.2), or of its join when none came since:
     * where a rejoin after a reconnect recovers from.
     * @param {string} room
     * @returns {Position | null} null for a room not joined through join(), or on a server without positions
     */
    position(room) {
        const position = this.#positions.get(room);
        return position ? { room, epoch: position.epoch, offset: position.offset } : null;
    }

    // ---------------------------------------------------------------------------------------------------- listeners

    /**
     * @param {string} event
     * @param {(...args: any[]) => void} listener
     * @returns {this}
     */
    on(event, listener) {
        let set = this.#listeners.get(event);
        if (!set) {
            set = new Set();
            this.#listeners.set(event, set);
        }
        set.add(listener);
        return this;
    }

    /**
     * @param {string} event
     * @param {(...args: any[]) => void} listener called once, then removed
     * @returns {this}
     */
    once(event, listener) {
        const wrapper = (...args) => {
            this.off(event, wrapper);
            listener.apply(this, args);
        };
        wrapper.listener = listener;
        return this.on(event, wrapper);
    }

    /**
     * Removes one listener, every listener of an event, or every listener.
     * @param {string} [event]
     * @param {(...args: any[]) => void} [listener]
     * @returns {this}
     */
    off(event, listener) {
        if (event === undefined) {
            this.#listeners.clear();
            this.#anyListeners.clear();
        } else if (listener === undefined) {
            this.#listeners.delete(event);
        } else {
            const set = this.#listeners.get(event);
            if (set) {
                for (const candidate of set) {
                    if (candidate === listener || candidate.listener === listener) {
                        set.delete(candidate);
                    }
                }
            }
        }
        return this;
    }

    /**
     * Listens to every frame the server pushes (not to acks, `connected` or lifecycle events).
     * @param {(event: string, data: unknown) => void} listener
     * @returns {this}
     */
    onAny(listener) {
        this.#anyListeners.add(listener);
        return this;
    }

    /**
     * @param {(event: string, data: unknown) => void} [listener] none: remove all
     * @returns {this}
     */
    offAny(listener) {
        if (listener === undefined) {
            this.#anyListeners.clear();
        } else {
            this.#anyListeners.delete(listener);
        }
        return this;
    }

    // -------------------------------------------------------------------------------------------------- sending

    /**
     * Sends `{"event": event, "data": data}`. With an ack callback the frame carries an id and the callback gets
     * `(err, data)`: err for `success:false`, a timeout or a lost connection. Frames emitted while (re)connecting
     * are queued, up to `maxQueuedFrames`, and sent after `connect`.
     *
     * @param {string} event
     * @param {unknown} [data]
     * @param {AckCallback} [ack]
     * @returns {this}
     * @throws {EventsError} without an ack callback, when the frame cannot be queued (`QUEUE_FULL`, `NOT_CONNECTED`)
     */
    emit(event, data, ack) {
        if (typeof event !== 'string' || event === '') {
            throw new TypeError('event must be a non-empty string');
        }
        const request = new Request(event, data, ack);
        const refusal = this.#refusal();
        if (refusal) {
            if (!ack) {
                throw refusal;
            }
            request.settle(refusal);
            return this;
        }
        this.#submit(request);
        return this;
    }

    /**
     * Like {@link EventsSocket#emit} with an ack, as a Promise.
     * @param {string} event
     * @param {unknown} [data]
     * @returns {Promise<AckData>} rejects with an {@link EventsError} on `success:false` (with `code`, and
     *     `retryAfterMs` when present), on timeout (`TIMEOUT`) or when the connection drops (`DISCONNECTED`)
     */
    emitWithAck(event, data) {
        return new Promise((resolve, reject) => {
            this.emit(event, data, (err, ackData) => (err ? reject(err) : resolve(ackData)));
        });
    }

    /**
     * Joins a room now, and again after every reconnect until {@link EventsSocket#leave}; from a 1.2 server, a
     * rejoin recovers what the connection missed (see the `recovery` event). Called while not connected, the room is
     * joined on the next `connect`.
     * @param {string} room
     * @returns {Promise<AckData>} the join's ack, with the room's `epoch` and `offset` from a 1.2 server, and
     *     `recovered` (and `reason`) when it was the rejoin of a room held before; a refused join (e.g. `FORBIDDEN`)
     *     also forgets the room. The Promise may be ignored: its rejection is never reported as unhandled.
     */
    join(room) {
        // A join while disconnected is one more frame to send on connect, unless that room is already waiting.
        if (!this.#connected && !this.#joinWaiters.has(room) && this.#queued() >= this.#options.maxQueuedFrames) {
            return quiet(Promise.reject(this.#queueFull()));
        }
        this.#rooms.add(room);
        const promise = new Promise((resolve, reject) => {
            const request = new Request('join', { room }, (err, data) => {
                if (err && err.data && !err.data.success) {
                    this.#forget(room);
                } else if (!err) {
                    this.#joined(room, data);
                }
                return err ? reject(err) : resolve(data);
            });
            if (this.#connected) {
                this.#submit(request);
            } else {
                const waiters = this.#joinWaiters.get(room) ?? [];
                waiters.push(request);
                this.#joinWaiters.set(room, waiters);
            }
        });
        return quiet(promise);
    }

    /**
     * Leaves a room and stops joining it after reconnects.
     * @param {string} room
     * @returns {Promise<AckData>} the leave's ack; resolves at once when not connected. May be ignored.
     */
    leave(room) {
        this.#forget(room);
        for (const waiter of this.#joinWaiters.get(room) ?? []) {
            waiter.settle(new EventsError(`left room '${room}' before it was joined`, { code: 'CANCELLED' }));
        }
        this.#joinWaiters.delete(room);
        if (!this.#connected) {
            // The server forgets a connection's rooms when it closes: nothing to leave.
            return Promise.resolve({ success: true, room });
        }
        return quiet(this.emitWithAck('leave', { room }));
    }

    /**
     * Asks for the latest publications of a room the connection is in (protocol 1.2 `history`). They are returned,
     * not fired as events, and do not move {@link EventsSocket#position}.
     * @param {string} room
     * @param {number} [limit] at most this many (the server's default is 20)
     * @returns {Promise<HistoryAck>} rejects with an {@link EventsError}, e.g. `NOT_IN_ROOM`, or `UNKNOWN_EVENT`
     *     from a server older than 1.2. May be ignored.
     */
    history(room, limit) {
        const data = limit === undefined ? { room } : { room, limit };
        return quiet(/** @type {Promise<HistoryAck>} */ (this.emitWithAck('history', data)));
    }

    /**
     * Sends a chat message: to a room (the sender must have joined it), or without a room to every other client.
     * @param {string} content
     * @param {string | null} [room]
     * @returns {Promise<AckData>} the ack, with the server's `timestamp`. May be ignored.
     */
    send(content, room) {
        const data = room ? { content, room } : { content };
        return quiet(this.emitWithAck('message', data));
    }

    /**
     * Gives the open connection a new token (protocol 1.1 `refresh`), as the client does by itself on
     * `token:expiring`. Fires `token_refreshed` or `token_refresh_failed`; concurrent calls share one refresh.
     * @param {string} [token] the new JWT; by default the `token` option is called (it must then be a function)
     * @returns {Promise<RefreshAck>} rejects with an {@link EventsError}: `INVALID_TOKEN` (the server refused it; the
     *     connection keeps its old expiry), `NO_TOKEN` (no token function, or it failed: `cause` holds its error),
     *     `NOT_CONNECTED`, `DISCONNECTED` or `TIMEOUT` (no ack within `ackTimeout`, or no token within `timeout`).
     *     May be ignored.
     */
    refreshToken(token) {
        if (!this.#refreshing) {
            this.#refreshing = this.#refresh(token).finally(() => {
                this.#refreshing = null;
            });
        }
        return quiet(this.#refreshing);
    }

    // ----------------------------------------------------------------------------------------------- lifecycle

    /**
     * Opens the connection when it is not open or opening, e.g. after {@link EventsSocket#close}, after
     * `reconnect_failed`, or after a refused token; the attempt counter starts again.
     * @returns {this}
     */
    connect() {
        if (this.#state === 'connected' || this.#state === 'connecting') {
            return this;
        }
        if (this.#state === 'reconnecting') {
            if (this.#ws === null) {
                // Waiting out the backoff: try now.
                clearTimeout(this.#reconnectTimer);
                this.#attempt();
            }
            return this;
        }
        this.#attempts = 0;
        this.#refusals = 0;
        this.#recovering = false;
        this.#setState('connecting');
        this.#open();
        return this;
    }

    /**
     * Closes the connection with 1000 and stops reconnecting. Pending acks and queued frames fail with
     * `CLIENT_CLOSED`; rooms are remembered for a later {@link EventsSocket#connect}.
     * @returns {this}
     */
    close() {
        const wasConnected = this.#connected;
        clearTimeout(this.#reconnectTimer);
        this.#abandon(CLOSE.NORMAL, 'client closed');
        this.#setState('disconnected');
        const error = new EventsError('the client closed the connection', { code: 'CLIENT_CLOSED' });
        this.#failInFlight(error);
        this.#failBacklog(error);
        if (wasConnected) {
            this.#fire('disconnect', 'io client disconnect', CLOSE.NORMAL, '');
        }
        return this;
    }

    /** Alias of {@link EventsSocket#close}, as in socket.io-client. */
    disconnect() {
        return this.close();
    }

    // ------------------------------------------------------------------------------------------------- internals

    /** Starts one attempt: fetch the token, open the WebSocket, wait for `connected`. */
    async #open() {
        if (this.#ws) {
            this.#abandon(CLIENT_GIVES_UP, 'superseded');
        }
        const generation = ++this.#generation;
        // Started before the token is asked for: a token Promise that never settles must not stall the client.
        clearTimeout(this.#connectTimer);
        this.#connectTimer = setTimeout(() => this.#onConnectTimeout(), this.#options.timeout);
        let token;
        try {
            token = await this.#token();
        } catch (cause) {
            if (generation !== this.#generation) {
                return;
            }
            clearTimeout(this.#connectTimer);
            const error = cause instanceof Error ? cause : new EventsError(String(cause));
            this.#failed(true, () => this.#fire('connect_error', error));
            return;
        }
        if (generation !== this.#generation) {
            return;
        }
        if (token !== null && token === this.#rejectedToken) {
            clearTimeout(this.#connectTimer);
            this.#failed(false, () => this.#fire('connect_error', new EventsError(
                'no new token: the token function returned the token the server refused',
                { code: 'TOKEN_REFUSED', closeCode: CLOSE.INVALID_CREDENTIALS })));
            return;
        }
        this.#currentToken = token;
        const url = new URL(this.#url);
        if (token) {
            url.searchParams.set('token', token);
        }
        let ws;
        try {
            ws = new WebSocket(url);
        } catch (cause) {
            clearTimeout(this.#connectTimer);
            this.#failed(false, () => this.#fire('connect_error',
                new EventsError(`cannot open ${this.#url}: ${cause.message}`, { cause })));
            return;
        }
        this.#ws = ws;
        ws.onmessage = (event) => this.#onFrame(event.data);
        ws.onclose = (event) => this.#onClose(event.code, event.reason);
        // 'error' is always followed by 'close', which carries the code.
    }

    /** No `connected` frame in time, whether the token, the socket or the server was slow. */
    #onConnectTimeout() {
        this.#abandon(CLIENT_GIVES_UP, 'connect timeout');
        this.#failed(true, () => this.#fire('connect_error', new EventsError('timeout', { code: 'TIMEOUT' })));
    }

    /** @returns {Promise<string | null>} */
    async #token() {
        const source = this.#options.token;
        const token = typeof source === 'function' ? await source() : source;
        return token === undefined || token === null || token === '' ? null : String(token);
    }

    /**
     * @param {string | undefined} given
     * @returns {Promise<RefreshAck>}
     */
    async #refresh(given) {
        const generation = this.#generation;
        try {
            if (!this.#connected) {
                throw new EventsError('not connected', { code: 'NOT_CONNECTED' });
            }
            const token = given === undefined ? await this.#refreshedToken() : given;
            if (!this.#connected || generation !== this.#generation) {
                throw new EventsError('the connection was lost before the token was refreshed',
                    { code: 'DISCONNECTED' });
            }
            const ack = /** @type {RefreshAck} */ (await this.#sendNow('refresh', { token }));
            this.#onRefreshed(token, ack);
            return ack;
        } catch (cause) {
            const error = cause instanceof EventsError ? cause
                : new EventsError(`the token function failed: ${errorMessage(cause)}`, { code: 'NO_TOKEN', cause });
            this.#fire('token_refresh_failed', error);
            throw error;
        }
    }

    /** @returns {Promise<string>} a new token from the token function, which gets `timeout` ms as at connect */
    async #refreshedToken() {
        if (typeof this.#options.token !== 'function') {
            throw new EventsError('no token function to get a new token from', { code: 'NO_TOKEN' });
        }
        const token = await withTimeout(this.#token(), this.#options.timeout);
        if (token === null) {
            throw new EventsError('the token function returned no token', { code: 'NO_TOKEN' });
        }
        return token;
    }

    /**
     * Sends a frame ahead of any queued ones and resolves with its ack.
     * @param {string} event
     * @param {unknown} data
     * @returns {Promise<AckData>}
     */
    #sendNow(event, data) {
        return new Promise((resolve, reject) => {
            this.#transmit(new Request(event, data, (err, ackData) => (err ? reject(err) : resolve(ackData))));
        });
    }

    /**
     * @param {string} token
     * @param {RefreshAck} ack
     */
    #onRefreshed(token, ack) {
        this.#currentToken = token;
        if (typeof this.#options.token !== 'function') {
            // A fixed token is what reconnects use: from now on that is the new one.
            this.#options.token = token;
        }
        this.#expiresAt = parseInstant(ack.expiresAt) ?? this.#expiresAt;
        for (const room of Array.isArray(ack.revoked) ? ack.revoked : []) {
            this.#forget(room);
        }
        this.#fire('token_refreshed', ack);
    }

    /** The server warns before the token expires: with a token function, the client refreshes by itself. */
    #onTokenExpiring() {
        if (typeof this.#options.token !== 'function') {
            return;
        }
        if (this.#refreshCooldown === undefined) {
            this.#autoRefresh();
        } else {
            this.#refreshDue = true;
        }
    }

    #autoRefresh() {
        const generation = this.#generation;
        this.#refreshDue = false;
        this.#refreshCooldown = setTimeout(() => {
            this.#refreshCooldown = undefined;
            if (this.#refreshDue && generation === this.#generation && this.#connected) {
                this.#autoRefresh();
            }
        }, MIN_AUTO_REFRESH_INTERVAL_MS);
        this.refreshToken();
    }

    /** @param {unknown} raw */
    #onFrame(raw) {
        let frame;
        try {
            frame = JSON.parse(String(raw));
        } catch {
            return;
        }
        if (!frame || typeof frame !== 'object' || typeof frame.event !== 'string') {
            return;
        }
        switch (frame.event) {
            case 'connected':
                this.#onConnected(frame.data ?? {});
                break;
            case 'ack':
                this.#onAck(frame.id, frame.data ?? {});
                break;
            case 'token:expiring':
                this.#push(frame.event, frame.data);
                this.#onTokenExpiring();
                break;
            default:
                if (!RESERVED.has(frame.event)) {
                    this.#publication(frame);
                }
        }
    }

    /**
     * Hands a server push to its listeners; a room publication moves the room's position first, and may be the one
     * that completes a recovery.
     * @param {{event: string, data?: unknown, room?: unknown, epoch?: unknown, offset?: unknown}} frame
     */
    #publication(frame) {
        const position = positionOf(frame);
        if (!position) {
            this.#push(frame.event, frame.data);
            return;
        }
        const advanced = this.#advance(position.room, position.epoch, position.offset);
        const recovering = this.#recoveries.get(position.room);
        if (advanced && recovering && position.epoch === recovering.since.epoch
                && position.offset > recovering.since.offset) {
            recovering.offsets.push(position.offset);
        }
        this.#push(frame.event, frame.data, position);
        if (recovering && recovering.ack && this.#recoveries.get(position.room) === recovering) {
            this.#settleRecovery(position.room, recovering);
        }
    }

    /**
     * Hands a server push to onAny() listeners and to the event's listeners.
     * @param {string} event
     * @param {unknown} data
     * @param {Position} [position] of a room publication
     */
    #push(event, data, position) {
        const args = position ? [data, position] : [data];
        for (const listener of [...this.#anyListeners]) {
            this.#call(listener, [event, ...args]);
        }
        this.#fire(event, ...args);
    }

    /**
     * Moves a room's position to a publication or a join ack: a new epoch replaces it, within one epoch it only
     * moves forward. Only rooms of the set have one.
     * @param {string} room
     * @param {string} epoch
     * @param {number} offset
     * @returns {boolean} whether it moved
     */
    #advance(room, epoch, offset) {
        if (!this.#rooms.has(room)) {
            return false;
        }
        const current = this.#positions.get(room);
        if (current && current.epoch === epoch && current.offset >= offset) {
            return false;
        }
        this.#positions.set(room, { epoch, offset });
        return true;
    }

    /**
     * A join ack: a 1.2 server gives the room's position. After a recovery the publications up to it may still be on
     * their way, so then they, not the ack, move the position.
     * @param {string} room
     * @param {AckData | undefined} data
     */
    #joined(room, data) {
        if (data && data.recovered !== true && typeof data.epoch === 'string' && isOffset(data.offset)) {
            this.#advance(room, data.epoch, data.offset);
        }
    }

    /** Stops joining a room after reconnects, and forgets its position. @param {string} room */
    #forget(room) {
        this.#rooms.delete(room);
        this.#positions.delete(room);
        this.#recoveries.delete(room);
    }

    /**
     * The ack of a rejoin that carried `since`: tells the outcome, at once unless recovered publications are still
     * owed.
     * @param {string} room
     * @param {Recovering} recovering
     * @param {AckData} data
     */
    #onRecoveryAck(room, recovering, data) {
        if (this.#recoveries.get(room) !== recovering) {
            return;
        }
        const epoch = typeof data.epoch === 'string' ? data.epoch : null;
        const offset = isOffset(data.offset) ? data.offset : null;
        if (data.recovered === true && epoch === recovering.since.epoch && offset !== null) {
            recovering.ack = { epoch, offset };
            this.#settleRecovery(room, recovering);
            return;
        }
        this.#recoveries.delete(room);
        const reason = data.recovered === false && typeof data.reason === 'string' ? data.reason : 'unsupported';
        if (epoch === null || offset === null) {
            // A server without positions: what the old one held cannot be asked for, now or later.
            this.#positions.delete(room);
        }
        this.#fire('recovery', { room, recovered: false, reason, epoch, offset });
    }

    /**
     * Fires `recovered: true` once every publication up to the ack's offset has come, or a later one shows that no
     * more will.
     * @param {string} room
     * @param {Recovering} recovering
     */
    #settleRecovery(room, recovering) {
        const { epoch, offset } = /** @type {{epoch: string, offset: number}} */ (recovering.ack);
        const count = recovering.offsets.filter((received) => received <= offset).length;
        const position = this.#positions.get(room);
        const beyond = position !== undefined && (position.epoch !== epoch || position.offset > offset);
        if (count < offset - recovering.since.offset && !beyond) {
            return;
        }
        this.#recoveries.delete(room);
        this.#fire('recovery', { room, recovered: true, count, epoch, offset });
    }

    /**
     * @param {{userId?: string, connectionId?: string, heartbeatMs?: number, protocol?: string,
     *     expiresAt?: string}} data
     */
    #onConnected(data) {
        if (this.#connected) {
            return;
        }
        clearTimeout(this.#connectTimer);
        this.#connected = true;
        this.#id = data.connectionId ?? null;
        this.#userId = data.userId ?? null;
        this.#protocol = typeof data.protocol === 'string' ? data.protocol : '1';
        this.#expiresAt = parseInstant(data.expiresAt);
        this.#heartbeatMs = Number(data.heartbeatMs) > 0 ? Number(data.heartbeatMs) : 25000;
        this.#rejectedToken = null;
        this.#refusals = 0;
        const attempts = this.#attempts;
        const reconnected = this.#recovering;
        this.#recovering = false;
        this.#scheduleStableReset();
        this.#setState('connected');
        this.#scheduleHeartbeat();

        // Rooms first, so that queued room messages find their room; then the queue, in order.
        const rejoins = [...this.#rooms].map((room) => this.#rejoinRequest(room));
        this.#backlog = [...rejoins, ...this.#backlog];
        this.#flush(FLUSH_BURST);

        if (reconnected) {
            this.#fire('reconnect', attempts);
        }
        this.#fire('connect');
    }

    /** The backoff starts from the beginning again only once this connection has proven stable. */
    #scheduleStableReset() {
        clearTimeout(this.#stableTimer);
        const generation = this.#generation;
        this.#stableTimer = setTimeout(() => {
            if (generation === this.#generation && this.#connected) {
                this.#attempts = 0;
            }
        }, this.#options.reconnectionResetDelay);
    }

    /**
     * A join frame for a room of the set, settling join() calls made while disconnected. With a position from before
     * and a 1.2 server, it carries `since` to recover what was missed.
     * @param {string} room
     */
    #rejoinRequest(room) {
        const position = this.#positions.get(room);
        const since = position && atLeast(this.#protocol, 1, 2) ? { ...position } : null;
        /** @type {Recovering | null} */
        const recovering = since ? { since, offsets: [], ack: null } : null;
        if (recovering) {
            this.#recoveries.set(room, recovering);
        }
        const request = new Request('join', since ? { room, since } : { room }, (err, data) => {
            if (err && err.code === 'DISCONNECTED') {
                return; // joined again on the next connect, where join() calls made meanwhile settle
            }
            const waiters = this.#joinWaiters.get(room) ?? [];
            this.#joinWaiters.delete(room);
            if (err && err.data && !err.data.success) {
                this.#forget(room);
                if (waiters.length === 0) {
                    this.#fire('error', { code: err.code, message: err.message, room });
                }
            } else if (!err) {
                this.#joined(room, data);
                if (recovering) {
                    this.#onRecoveryAck(room, recovering, /** @type {AckData} */ (data));
                } else if (position) {
                    // Held before, but this server cannot recover: its positions would not continue the old ones.
                    this.#positions.delete(room);
                    this.#fire('recovery',
                        { room, recovered: false, reason: 'unsupported', epoch: null, offset: null });
                }
            }
            for (const waiter of waiters) {
                waiter.settle(err, data);
            }
        });
        request.rejoin = true;
        return request;
    }

    /**
     * @param {unknown} id
     * @param {AckData} data
     */
    #onAck(id, data) {
        if (id === undefined || id === null) {
            return;
        }
        const request = this.#inFlight.get(String(id));
        if (!request) {
            return;
        }
        this.#inFlight.delete(String(id));
        if (data.success) {
            request.settle(null, data);
        } else {
            request.settle(new EventsError(data.message || data.code || 'request failed', {
                code: data.code,
                retryAfterMs: data.retryAfterMs,
                data,
            }));
        }
    }

    /**
     * @param {number} code
     * @param {string} reason
     */
    #onClose(code, reason) {
        const wasConnected = this.#connected;
        this.#abandon();
        this.#failInFlight(new EventsError('the connection was lost before the ack arrived', { code: 'DISCONNECTED' }));

        if (code === CLOSE.INVALID_CREDENTIALS) {
            this.#rejectedToken = this.#currentToken;
            // Only a token function can give a new token. A fresh token refused as well means more than an
            // expired token: stop asking.
            this.#refusals++;
            const retry = typeof this.#options.token === 'function' && this.#refusals < 2;
            this.#failed(retry, () => {
                if (wasConnected) {
                    this.#fire('disconnect', 'io server disconnect', code, reason);
                }
                this.#fire('connect_error', new EventsError('invalid credentials',
                    { code: 'INVALID_CREDENTIALS', closeCode: code, description: reason }));
            });
            return;
        }
        // Every other code reconnects: 1001, 1006, 1009, 1011, 1013, 4409, 4429, and 4408, which a 1.1 server
        // closes with on a heartbeat timeout (1.0 used 1001). An operator's close is final (protocol section 5).
        const final = code === CLOSE.NORMAL || code === CLOSE.UNSUPPORTED_DATA || code === 1008
            || (code >= 4000 && code <= 4999 && !GATEWAY_4XXX.has(code));
        this.#failed(!final, () => {
            if (wasConnected) {
                this.#fire('disconnect', final ? 'io server disconnect' : 'transport close', code, reason);
            } else {
                this.#fire('connect_error', new EventsError('websocket error',
                    { code: 'CONNECT_FAILED', closeCode: code, description: reason }));
            }
            if (code === CLOSE.UNSUPPORTED_DATA || code === CLOSE.TOO_BIG) {
                this.#fire('error', {
                    code: code === CLOSE.TOO_BIG ? 'FRAME_TOO_LARGE' : 'BINARY_FRAME',
                    message: reason || `closed with ${code}`,
                });
            }
        });
    }

    /** No heartbeat ack in time: the connection is dead even if the socket does not know yet. */
    #onPingTimeout() {
        this.#abandon(CLIENT_GIVES_UP, 'ping timeout');
        this.#failInFlight(new EventsError('the connection was lost before the ack arrived', { code: 'DISCONNECTED' }));
        this.#failed(true, () => this.#fire('disconnect', 'ping timeout', CLIENT_GIVES_UP, 'ping timeout'));
    }

    /**
     * An attempt failed or a connection was lost: sets the state listeners will see, reports, then schedules the
     * next attempt or gives up (`reconnect_failed` when the attempts are used up).
     * @param {boolean} retryable whether this failure allows a reconnect at all
     * @param {() => void} report fires the events that tell what happened
     */
    #failed(retryable, report) {
        const exhausted = this.#attempts >= this.#options.reconnectionAttempts;
        const retry = retryable && this.#options.reconnection && !exhausted;
        if (retry) {
            this.#recovering = true;
            this.#setState('reconnecting');
        } else {
            this.#stop();
        }
        report();
        if (retry) {
            if (this.#state === 'reconnecting' && this.#ws === null) {
                clearTimeout(this.#reconnectTimer);
                this.#reconnectTimer = setTimeout(() => this.#attempt(), this.#backoff(this.#attempts + 1));
            }
        } else if (retryable && this.#options.reconnection && exhausted) {
            this.#fire('reconnect_failed');
        }
    }

    /**
     * Drops the current socket and its timers. With a code, closes the socket too, ignoring its close event.
     * @param {number} [code]
     * @param {string} [reason]
     */
    #abandon(code, reason) {
        this.#generation++;
        clearTimeout(this.#connectTimer);
        clearTimeout(this.#heartbeatTimer);
        clearTimeout(this.#pingTimer);
        clearTimeout(this.#flushTimer);
        clearTimeout(this.#stableTimer);
        clearTimeout(this.#refreshCooldown);
        this.#refreshCooldown = undefined;
        this.#refreshDue = false;
        this.#connected = false;
        this.#id = null;
        this.#userId = null;
        this.#protocol = null;
        this.#expiresAt = null;
        const ws = this.#ws;
        this.#ws = null;
        if (ws) {
            ws.onmessage = null;
            ws.onclose = null;
            if (code !== undefined && ws.readyState <= WebSocket.OPEN) {
                try {
                    ws.close(code, reason);
                } catch {
                    // already closing
                }
            }
        }
        // Rejoins made for that connection are made again from the room set next time, recoveries with them.
        this.#recoveries.clear();
        this.#backlog = this.#backlog.filter((request) => {
            if (request.rejoin) {
                request.discard();
            }
            return !request.rejoin;
        });
    }

    #attempt() {
        this.#attempts++;
        this.#setState('reconnecting');
        this.#fire('reconnect_attempt', this.#attempts);
        if (this.#state === 'reconnecting') {
            this.#open();
        }
    }

    /** Gives up until connect() is called; queued frames fail. */
    #stop() {
        clearTimeout(this.#reconnectTimer);
        this.#abandon();
        this.#setState('disconnected');
        this.#failBacklog(new EventsError('not connected', { code: 'NOT_CONNECTED' }));
    }

    /**
     * Exponential backoff with jitter, as socket.io-client computes it.
     * @param {number} attempt from 1
     * @returns {number} ms
     */
    #backoff(attempt) {
        const { reconnectionDelay, reconnectionDelayMax, randomizationFactor } = this.#options;
        let ms = reconnectionDelay * 2 ** Math.min(attempt - 1, 30);
        if (randomizationFactor > 0) {
            const deviation = Math.floor(Math.random() * randomizationFactor * ms);
            ms = Math.random() < 0.5 ? ms - deviation : ms + deviation;
        }
        return Math.max(0, Math.min(ms, reconnectionDelayMax));
    }

    #scheduleHeartbeat() {
        clearTimeout(this.#heartbeatTimer);
        const generation = this.#generation;
        this.#heartbeatTimer = setTimeout(() => {
            if (generation !== this.#generation || !this.#connected) {
                return;
            }
            const ping = new Request('ping', undefined, (err) => {
                if (generation !== this.#generation) {
                    return;
                }
                clearTimeout(this.#pingTimer);
                // Any answer, even RATE_LIMITED, shows that the connection is alive.
                if (!err || err.data) {
                    this.#scheduleHeartbeat();
                }
            });
            this.#pingTimer = setTimeout(() => {
                if (generation === this.#generation) {
                    this.#onPingTimeout();
                }
            }, this.#heartbeatMs);
            ping.heartbeat = true;
            this.#transmit(ping);
        }, this.#heartbeatMs);
    }

    /** @returns {EventsError | null} why a frame cannot be sent or queued now */
    #refusal() {
        if (this.#state === 'disconnected') {
            return new EventsError('not connected; call connect() first', { code: 'NOT_CONNECTED' });
        }
        if (!this.#connected && this.#queued() >= this.#options.maxQueuedFrames) {
            return this.#queueFull();
        }
        return null;
    }

    /** @returns {number} frames that wait for a connection: the backlog and the rooms join() was called for */
    #queued() {
        return this.#backlog.length + this.#joinWaiters.size;
    }

    #queueFull() {
        return new EventsError(`more than ${this.#options.maxQueuedFrames} frames queued while disconnected`,
            { code: 'QUEUE_FULL' });
    }

    /** @param {Request} request */
    #startAckTimer(request) {
        request.timer = setTimeout(() => {
            if (request.id !== null) {
                this.#inFlight.delete(request.id);
            }
            request.settle(new EventsError('operation has timed out', { code: 'TIMEOUT' }));
        }, this.#options.ackTimeout);
    }

    /** Sends now, or queues behind the frames still waiting. @param {Request} request */
    #submit(request) {
        if (this.#connected && this.#backlog.length === 0) {
            this.#transmit(request);
        } else {
            this.#backlog.push(request);
        }
    }

    /**
     * Sends up to `count` queued frames, then paces the rest so that a long backlog does not trip the rate limit.
     * @param {number} count
     */
    #flush(count) {
        clearTimeout(this.#flushTimer);
        let sent = 0;
        while (this.#connected && this.#backlog.length > 0 && sent < count) {
            const request = this.#backlog.shift();
            if (!request.settled) {
                this.#transmit(request);
                sent++;
            }
        }
        if (this.#connected && this.#backlog.length > 0) {
            this.#flushTimer = setTimeout(() => this.#flush(FLUSH_BATCH), FLUSH_INTERVAL_MS);
        }
    }

    /** @param {Request} request */
    #transmit(request) {
        /** @type {{event: string, id?: number, data?: unknown}} */
        const frame = { event: request.event };
        if (request.callback) {
            const id = this.#takeId();
            request.id = String(id);
            frame.id = id;
            this.#inFlight.set(request.id, request);
            if (!request.heartbeat) {
                // The heartbeat has its own timer.
                this.#startAckTimer(request);
            }
        }
        if (request.data !== undefined) {
            frame.data = request.data;
        }
        try {
            this.#ws.send(JSON.stringify(frame));
        } catch (cause) {
            this.#inFlight.delete(request.id);
            request.settle(new EventsError(`cannot send: ${cause.message}`, { code: 'DISCONNECTED', cause }));
        }
    }

    /** @returns {number} the next request id: a safe integer (protocol 1.1), never one still awaiting its ack */
    #takeId() {
        let id;
        do {
            id = this.#nextId;
            this.#nextId = id >= Number.MAX_SAFE_INTEGER ? 1 : id + 1;
        } while (this.#inFlight.has(String(id)));
        return id;
    }

    /** @param {EventsError} error */
    #failInFlight(error) {
        const requests = [...this.#inFlight.values()];
        this.#inFlight.clear();
        for (const request of requests) {
            request.settle(error);
        }
    }

    /** @param {EventsError} error */
    #failBacklog(error) {
        const requests = this.#backlog;
        this.#backlog = [];
        for (const request of requests) {
            request.settle(error);
        }
        for (const waiters of this.#joinWaiters.values()) {
            for (const waiter of waiters) {
                waiter.settle(error);
            }
        }
        this.#joinWaiters.clear();
    }

    /** @param {ConnectionState} state */
    #setState(state) {
        if (this.#state !== state) {
            this.#state = state;
            this.#fire('state', state, this.#attempts);
        }
    }

    /**
     * @param {string} event
     * @param {...unknown} args
     */
    #fire(event, ...args) {
        const set = this.#listeners.get(event);
        if (set) {
            for (const listener of [...set]) {
                this.#call(listener, args);
            }
        }
    }

    /** A throwing listener is reported, and neither stops the others nor breaks the client. */
    #call(listener, args) {
        try {
            listener.apply(this, args);
        } catch (error) {
            reportCallbackError(error);
        }
    }
}

/** One outbound frame and, when it asked for an ack, its callback; settled exactly once. */
class Request {
    /** @type {string | null} the wire id once sent */ id = null;
    /** @type {ReturnType<typeof setTimeout> | undefined} */ timer;
    settled = false;
    /** True for joins made by the client after a reconnect. */
    rejoin = false;
    /** True for the client's own heartbeat pings. */
    heartbeat = false;

    /**
     * @param {string} event
     * @param {unknown} data
     * @param {AckCallback | undefined} callback
     */
    constructor(event, data, callback) {
        this.event = event;
        this.data = data;
        this.callback = callback;
    }

    /** Forgets the request without calling back. */
    discard() {
        this.settled = true;
        clearTimeout(this.timer);
    }

    /**
     * @param {EventsError | null} err
     * @param {AckData} [data]
     */
    settle(err, data) {
        if (this.settled) {
            return;
        }
        this.settled = true;
        clearTimeout(this.timer);
        if (this.callback) {
            try {
                this.callback(err, data);
            } catch (error) {
                reportCallbackError(error);
            }
        }
    }
}

/**
 * A rejoin with `since` under way: the offsets after `since` that moved the position, and the ack once it came.
 * @typedef {{since: {epoch: string, offset: number}, offsets: number[], ack: {epoch: string, offset: number} | null}}
 *     Recovering
 */

/**
 * @param {{room?: unknown, epoch?: unknown, offset?: unknown}} frame
 * @returns {Position | null} the position a room publication carries (protocol 1.2), null for other frames
 */
function positionOf(frame) {
    const { room, epoch, offset } = frame;
    return typeof room === 'string' && typeof epoch === 'string' && epoch !== '' && isOffset(offset)
        ? { room, epoch, offset }
        : null;
}

/** @param {unknown} value @returns {value is number} whether it is an offset: a safe integer from 0 */
function isOffset(value) {
    return Number.isSafeInteger(value) && /** @type {number} */ (value) >= 0;
}

/**
 * @param {string | null} version `major.minor` as `connected` announces it
 * @param {number} major
 * @param {number} minor
 * @returns {boolean} whether it is at least major.minor
 */
function atLeast(version, major, minor) {
    const [givenMajor, givenMinor] = String(version ?? '').split('.').map((part) => Number.parseInt(part, 10));
    if (!Number.isInteger(givenMajor)) {
        return false;
    }
    return givenMajor > major || (givenMajor === major && (Number.isInteger(givenMinor) ? givenMinor : 0) >= minor);
}

/**
 * Marks a Promise as handled so that callers may ignore it, and returns it unchanged.
 * @template T
 * @param {Promise<T>} promise
 * @returns {Promise<T>}
 */
function quiet(promise) {
    promise.catch(() => {});
    return promise;
}

/**
 * @param {unknown} value an ISO-8601 instant
 * @returns {Date | null} null when absent or not a date
 */
function parseInstant(value) {
    if (typeof value !== 'string') {
        return null;
    }
    const date = new Date(value);
    return Number.isNaN(date.getTime()) ? null : date;
}

/**
 * Settles as the promise does, or rejects with `TIMEOUT` after `ms`.
 * @template T
 * @param {Promise<T>} promise
 * @param {number} ms
 * @returns {Promise<T>}
 */
function withTimeout(promise, ms) {
    let timer;
    const timeout = new Promise((resolve, reject) => {
        timer = setTimeout(() => reject(new EventsError('timeout', { code: 'TIMEOUT' })), ms);
    });
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** @param {unknown} cause */
function errorMessage(cause) {
    return cause instanceof Error ? cause.message : String(cause);
}

/**
 * @param {string | URL} url
 * @returns {URL} with a ws: or wss: scheme
 */
function toWebSocketUrl(url) {
    const base = typeof location === 'undefined' ? undefined : location.href;
    const resolved = new URL(String(url), base);
    if (resolved.protocol === 'http:') {
        resolved.protocol = 'ws:';
    } else if (resolved.protocol === 'https:') {
        resolved.protocol = 'wss:';
    } else if (resolved.protocol !== 'ws:' && resolved.protocol !== 'wss:') {
        throw new TypeError(`not a WebSocket URL: ${resolved.href}`);
    }
    return resolved;
}
