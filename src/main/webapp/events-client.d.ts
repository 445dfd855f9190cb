/** Types of events-client.js, the dependency-free browser client of the events gateway (wire protocol 1.2). */

/** `connecting` (first attempt), `connected`, `reconnecting` (backoff or a later attempt) or `disconnected`. */
export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'disconnected';

/** The JWT, or a function giving it, called before every (re)connect and on `token:expiring`. */
export type TokenSource = string | (() => string | Promise<string>);

export interface ConnectOptions {
    /** Sent as `?token=`; only a function lets the client reconnect after 4401 and refresh on `token:expiring`. */
    token?: TokenSource;
    /** Open the connection at once (default true); otherwise call {@link EventsSocket.connect}. */
    autoConnect?: boolean;
    /** Reconnect after a lost connection (default true). */
    reconnection?: boolean;
    /** Attempts before `reconnect_failed` (default Infinity), counted since the last stable connection. */
    reconnectionAttempts?: number;
    /** First backoff delay in ms (default 1000), doubled for each attempt. */
    reconnectionDelay?: number;
    /** Upper bound of the backoff delay in ms (default 5000). */
    reconnectionDelayMax?: number;
    /** Jitter: the delay varies by up to this fraction either way (default 0.5). */
    randomizationFactor?: number;
    /** Ms a connection must stay up before the backoff starts again from `reconnectionDelay` (default 10000). */
    reconnectionResetDelay?: number;
    /** Ms for `connected` to arrive once an attempt starts, the token included (default 20000). */
    timeout?: number;
    /** Ms for an ack to arrive once its frame is sent (default 10000). */
    ackTimeout?: number;
    /** Frames (join() calls included) kept while disconnected; beyond it: `QUEUE_FULL` (default 100). */
    maxQueuedFrames?: number;
}

/** Data of an `ack` frame. */
export interface AckData {
    success: boolean;
    room?: string;
    timestamp?: string;
    code?: string;
    message?: string;
    retryAfterMs?: number;
    /** Of a `join` (protocol 1.2): the room's epoch. */
    epoch?: string;
    /** Of a `join` (protocol 1.2): the offset of the room's latest publication, 0 when none. */
    offset?: number;
    /** Of the rejoin of a room held before a reconnect (protocol 1.2): whether what was missed is delivered. */
    recovered?: boolean;
    /** Why not, when `recovered` is false. */
    reason?: RecoveryReason;
}

/** Where a room publication stands in its room's history (protocol 1.2); offsets compare only within one epoch. */
export interface Position {
    room: string;
    /** Opaque; names the room's history, and changes when that history was lost. */
    epoch: string;
    /** From 1 within an epoch, without gaps. */
    offset: number;
}

/**
 * Why a rejoin recovered nothing: the server's `epoch_changed`, `too_old` or `too_many`, or the client's
 * `unsupported` (the server speaks a protocol older than 1.2).
 */
export type RecoveryReason = 'epoch_changed' | 'too_old' | 'too_many' | 'unsupported' | (string & {});

/** `recovery`: every publication missed while disconnected was delivered, `count` of them, before this event. */
export interface Recovered {
    room: string;
    recovered: true;
    count: number;
    /** The room's position when it was joined again. */
    epoch: string;
    offset: number;
}

/** `recovery`: nothing missed was delivered; the application reloads the room from its own source. */
export interface RecoveryLost {
    room: string;
    recovered: false;
    reason: RecoveryReason;
    /** The room's position when it was joined again, null from a server without positions. */
    epoch: string | null;
    offset: number | null;
}

export type Recovery = Recovered | RecoveryLost;

/** A room publication as `history` returns it: the frame exactly as members received it. */
export interface Publication extends Position {
    event: string;
    data: unknown;
}

/** Ack data of a successful `history`: the room's position at the read and its latest publications, oldest first. */
export interface HistoryAck {
    success: true;
    room: string;
    epoch: string;
    offset: number;
    publications: Publication[];
}

/** Ack data of a successful `refresh`: the new expiry and the rooms the new token no longer grants (left already). */
export interface RefreshAck {
    success: true;
    /** ISO-8601 UTC with milliseconds. */
    expiresAt: string;
    revoked: string[];
}

export type AckCallback = (err: EventsError | null, data?: AckData) => void;

export type DisconnectReason = 'io client disconnect' | 'io server disconnect' | 'ping timeout' | 'transport close';

/** Error codes of server acks. */
export type ServerErrorCode = 'BAD_REQUEST' | 'UNKNOWN_EVENT' | 'MESSAGE_TOO_LONG' | 'CONTENT_REJECTED'
    | 'INVALID_ROOM' | 'FORBIDDEN' | 'NOT_IN_ROOM' | 'TOO_MANY_ROOMS' | 'ROOM_LIMIT_REACHED' | 'RATE_LIMITED'
    | 'INTERNAL' | 'INVALID_TOKEN' | 'UNAVAILABLE';

/** Error codes the client gives itself. */
export type ClientErrorCode = 'TIMEOUT' | 'DISCONNECTED' | 'QUEUE_FULL' | 'NOT_CONNECTED' | 'CLIENT_CLOSED'
    | 'CANCELLED' | 'CONNECT_FAILED' | 'INVALID_CREDENTIALS' | 'TOKEN_REFUSED' | 'NO_TOKEN';

/** A code of either kind, or one a newer server sends. */
export type ErrorCode = ServerErrorCode | ClientErrorCode | (string & {});

export interface EventsErrorDetails {
    code?: ErrorCode;
    retryAfterMs?: number;
    closeCode?: number;
    description?: string;
    data?: unknown;
    cause?: unknown;
}

/** Failed acks, local failures and `connect_error`. */
export class EventsError extends Error {
    constructor(message: string, details?: EventsErrorDetails);
    readonly name: 'EventsError';
    code: ErrorCode | undefined;
    /** With `RATE_LIMITED`. */
    retryAfterMs?: number;
    /** The WebSocket close code, for `connect_error`. */
    closeCode?: number;
    /** The close reason the server sent, e.g. `token expired`. */
    description?: string;
    /** The whole ack data of a failed ack. */
    data?: unknown;
}

/** `message` push. */
export interface ChatMessage {
    senderId: string;
    content: string;
    room: string | null;
    timestamp: string;
}

/** `user:joined` and `user:left` pushes. */
export interface Presence {
    userId: string;
    room: string;
}

/** `server:stats` push (room `ops:stats`). */
export interface ServerStats {
    connections: number;
    rooms: number;
    timestamp: string;
}

/** `token:expiring` push (protocol 1.1). */
export interface TokenExpiring {
    expiresAt: string;
}

/** `error`: a server error frame, a refused rejoin (with `room`), or a 1003/1009 close. */
export interface ErrorEvent {
    code: ErrorCode;
    message: string;
    room?: string;
}

/**
 * Listeners by event name. An interface, so that an application can declare its own server pushes by merging:
 * `declare module './events-client.js' { interface EventsClientEvents { 'order:created': (o: Order) => void } }`.
 */
export interface EventsClientEvents {
    connect: () => void;
    disconnect: (reason: DisconnectReason, closeCode: number, closeReasonText: string) => void;
    connect_error: (error: EventsError) => void;
    reconnect_attempt: (attempt: number) => void;
    reconnect: (attempt: number) => void;
    reconnect_failed: () => void;
    state: (state: ConnectionState, attempt: number) => void;
    token_refreshed: (ack: RefreshAck) => void;
    token_refresh_failed: (error: EventsError) => void;
    /** A room held before a reconnect was joined again (protocol 1.2). */
    recovery: (recovery: Recovery) => void;
    /** A message to a room carries its position (protocol 1.2). */
    message: (message: ChatMessage, position?: Position) => void;
    'user:joined': (presence: Presence) => void;
    'user:left': (presence: Presence) => void;
    'server:stats': (stats: ServerStats) => void;
    'token:expiring': (data: TokenExpiring) => void;
    error: (error: ErrorEvent) => void;
}

export type EventName = keyof EventsClientEvents;

/** Any other event name: a server push whose data is not declared. */
export type OtherEventName<E extends string> = E extends EventName ? never : E;

/** One logical connection to the gateway, surviving reconnects. */
export class EventsSocket {
    constructor(url: string | URL, options?: ConnectOptions);

    /** True between the `connected` frame and the loss of the connection. */
    readonly connected: boolean;
    /** The connectionId, null when not connected. */
    readonly id: string | null;
    /** The token's `sub`, null when not connected. */
    readonly userId: string | null;
    readonly state: ConnectionState;
    /** Connected, or will (re)connect by itself. */
    readonly active: boolean;
    /** Rooms joined through join() and not left: joined again after every reconnect. */
    readonly rooms: string[];
    /** The protocol version the server announced (`'1'` when none), null when not connected. */
    readonly protocol: string | null;
    /** When the connection's token expires (protocol 1.1), null when unknown or not connected. */
    readonly expiresAt: Date | null;

    on<E extends EventName>(event: E, listener: EventsClientEvents[E]): this;
    /** A push to a room comes with its position (protocol 1.2). */
    on<E extends string>(event: OtherEventName<E>, listener: (data: unknown, position?: Position) => void): this;
    once<E extends EventName>(event: E, listener: EventsClientEvents[E]): this;
    once<E extends string>(event: OtherEventName<E>, listener: (data: unknown, position?: Position) => void): this;
    off(): this;
    off<E extends EventName>(event: E, listener?: EventsClientEvents[E]): this;
    off<E extends string>(event: OtherEventName<E>, listener?: (data: unknown, position?: Position) => void): this;
    /** Every frame the server pushes (not acks, `connected` or lifecycle events); room publications with a position. */
    onAny(listener: (event: string, data: unknown, position?: Position) => void): this;
    offAny(listener?: (event: string, data: unknown, position?: Position) => void): this;

    /** Sends now or queues while (re)connecting; throws `QUEUE_FULL`/`NOT_CONNECTED` only without an ack callback. */
    emit(event: string, data?: unknown, ack?: AckCallback): this;
    emitWithAck(event: string, data?: unknown): Promise<AckData>;
    /** Joins now and after every reconnect; a rejoin recovers what was missed (`recovery` event, protocol 1.2). */
    join(room: string): Promise<AckData>;
    leave(room: string): Promise<AckData>;
    /** The position of the latest publication received in a joined room, or of its join; null without one. */
    position(room: string): Position | null;
    /** The room's latest publications still held (protocol 1.2); the connection must be in the room. */
    history(room: string, limit?: number): Promise<HistoryAck>;
    send(content: string, room?: string | null): Promise<AckData>;
    /** Gives the open connection a new token: the one given, or one from the `token` function. */
    refreshToken(token?: string): Promise<RefreshAck>;

    connect(): this;
    close(): this;
    disconnect(): this;
}

/** Opens a connection; options alone connect to `/events`. */
export function connect(url?: string | URL, options?: ConnectOptions): EventsSocket;
export function connect(options: ConnectOptions): EventsSocket;
