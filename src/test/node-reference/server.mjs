// The benchmark's Node.js reference: the core path of docs/protocol.md (HS256 token at the handshake, `connected`,
// `join`, `leave`, room and everyone `message`, `ping`) as a thin layer on the `ws` package. It reads the gateway's
// own EVENTS_* variables for what it implements; docs/benchmarks.md lists what it leaves out. The benchmark starts it
// with `node --expose-gc server.mjs <port>` on loopback; POST /admin/gc then runs a full collection.
import { createHmac, createSecretKey, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import { WebSocketServer } from 'ws';

const PROTOCOL_VERSION = '1.1';
const MAX_TOKEN_LENGTH = 16 * 1024;
const MAX_ID_LENGTH = 128;
const ROOM_NAME = /^[A-Za-z0-9._:-]{1,64}$/;
const BLANK = /^[\s\p{Cf}]*$/u;

const settings = readSettings(process.env);
const key = createSecretKey(Buffer.from(settings.secret, 'utf8'));
const rooms = new Map();
const connections = new Set();

function readSettings(env) {
    const secret = env.EVENTS_JWT_SECRET;
    if (!secret || Buffer.byteLength(secret, 'utf8') < 32) {
        throw new Error('EVENTS_JWT_SECRET must be set, at least 32 bytes for HS256');
    }
    return {
        secret,
        skewMs: number(env, 'EVENTS_JWT_CLOCK_SKEW_SECONDS', 30) * 1000,
        heartbeatMs: number(env, 'EVENTS_HEARTBEAT_MS', 25000),
        maxFrameBytes: number(env, 'EVENTS_MAX_FRAME_BYTES', 65536),
        maxMessageLength: number(env, 'EVENTS_MAX_MESSAGE_LENGTH', 1000),
        maxRooms: number(env, 'EVENTS_MAX_ROOMS_PER_CONNECTION', 20),
    };
}

function number(env, name, fallback) {
    const text = env[name];
    if (text === undefined || text === '') {
        return fallback;
    }
    const value = Number(text);
    if (!Number.isSafeInteger(value) || value <= 0) {
        throw new Error(`${name} must be a positive integer, not ${text}`);
    }
    return value;
}

// The claims of a valid token, or null: HS256 only, typ absent or JWT, signature, sub, exp, nbf and iat with the skew.
function verify(token, now) {
    if (typeof token !== 'string' || token.length === 0 || token.length > MAX_TOKEN_LENGTH) {
        return null;
    }
    const firstDot = token.indexOf('.');
    const secondDot = token.indexOf('.', firstDot + 1);
    if (firstDot <= 0 || secondDot <= firstDot + 1 || token.indexOf('.', secondDot + 1) !== -1) {
        return null;
    }
    const header = decodeJson(token.slice(0, firstDot));
    if (header === null || header.alg !== 'HS256' || (header.typ !== undefined && header.typ !== 'JWT')) {
        return null;
    }
    const signature = Buffer.from(token.slice(secondDot + 1), 'base64url');
    const expected = createHmac('sha256', key).update(token.slice(0, secondDot)).digest();
    if (signature.length !== expected.length || !timingSafeEqual(signature, expected)) {
        return null;
    }
    const claims = decodeJson(token.slice(firstDot + 1, secondDot));
    if (claims === null || typeof claims.sub !== 'string' || claims.sub.trim() === ''
        || typeof claims.exp !== 'number' || claims.exp * 1000 + settings.skewMs <= now
        || (claims.nbf !== undefined && (typeof claims.nbf !== 'number' || claims.nbf * 1000 - settings.skewMs >= now))
        || (claims.iat !== undefined && (typeof claims.iat !== 'number' || claims.iat * 1000 > now + settings.skewMs))) {
        return null;
    }
    return claims;
}

function decodeJson(part) {
    try {
        const value = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
        return value !== null && typeof value === 'object' && !Array.isArray(value) ? value : null;
    } catch {
        return null;
    }
}

// The Authorization: Bearer header first, else the first `token` query parameter, as the gateway's BearerToken.
function bearerToken(request) {
    const authorization = request.headers.authorization;
    if (typeof authorization === 'string' && authorization.length > 7
        && authorization.slice(0, 7).toLowerCase() === 'bearer ') {
        return authorization.slice(7).trim();
    }
    const query = request.url.indexOf('?');
    return query < 0 ? null : new URLSearchParams(request.url.slice(query + 1)).get('token');
}

function frame(event, data) {
    return JSON.stringify({ event, data });
}

function ack(id, data) {
    return id === undefined ? JSON.stringify({ event: 'ack', data }) : JSON.stringify({ event: 'ack', id, data });
}

/** One client connection: its user, its rooms, when it was last heard from and when its token expires. */
class Connection {
    constructor(socket, claims, now) {
        this.socket = socket;
        this.userId = claims.sub;
        this.id = randomBytes(12).toString('base64url');
        this.expiresAt = claims.exp * 1000;
        this.rooms = new Set();
        this.heardAt = now;
        this.closing = false;
    }

    send(text) {
        if (!this.closing) {
            this.socket.send(text);
        }
    }

    close(code, reason) {
        if (!this.closing) {
            this.closing = true;
            this.socket.close(code, reason);
        }
    }

    answer(id, outcome) {
        if (outcome.success) {
            if (id !== undefined) {
                this.send(ack(id, outcome));
            }
        } else if (id !== undefined) {
            this.send(ack(id, { success: false, code: outcome.code, message: outcome.message }));
        } else {
            this.send(frame('error', { code: outcome.code, message: outcome.message }));
        }
    }
}

function failed(code, message) {
    return { success: false, code, message };
}

// Sends one frame to many sockets: encoded to bytes once, each socket only frames and writes it.
function fanOut(members, text, except) {
    const bytes = Buffer.from(text, 'utf8');
    for (const member of members) {
        if (member !== except && !member.closing) {
            member.socket.send(bytes, { binary: false });
        }
    }
}

function onText(connection, text) {
    let envelope;
    try {
        envelope = JSON.parse(text);
    } catch {
        connection.answer(undefined, failed('BAD_REQUEST', 'frame is not valid JSON'));
        return;
    }
    if (envelope === null || typeof envelope !== 'object' || Array.isArray(envelope)) {
        connection.answer(undefined, failed('BAD_REQUEST', 'frame must be a JSON object'));
        return;
    }
    const id = envelope.id === null ? undefined : envelope.id;
    if (id !== undefined && !(typeof id === 'string' && id.length <= MAX_ID_LENGTH) && !Number.isSafeInteger(id)) {
        connection.answer(undefined, failed('BAD_REQUEST', 'id must be a string of at most 128 characters or a safe integer'));
        return;
    }
    if (typeof envelope.event !== 'string') {
        connection.answer(id, failed('BAD_REQUEST', 'event must be a string'));
        return;
    }
    const data = envelope.data;
    switch (envelope.event) {
        case 'message':
            connection.answer(id, message(connection, data));
            break;
        case 'join':
            connection.answer(id, join(connection, data));
            break;
        case 'leave':
            connection.answer(id, leave(connection, data));
            break;
        case 'ping':
            connection.send(ack(id, { success: true }));
            break;
        default:
            connection.answer(id, failed('UNKNOWN_EVENT', `unknown event '${envelope.event}'`));
    }
}

function roomOf(data) {
    if (data === null || typeof data !== 'object' || Array.isArray(data) || typeof data.room !== 'string') {
        return failed('BAD_REQUEST', 'data must be an object with a room');
    }
    return ROOM_NAME.test(data.room) ? data.room : failed('INVALID_ROOM', 'room names are 1 to 64 of A-Z a-z 0-9 . _ : -');
}

function message(connection, data) {
    if (data === null || typeof data !== 'object' || Array.isArray(data) || typeof data.content !== 'string'
        || (data.room !== undefined && data.room !== null && typeof data.room !== 'string')) {
        return failed('BAD_REQUEST', 'data must be an object with content');
    }
    const content = data.content;
    if (BLANK.test(content)) {
        return failed('BAD_REQUEST', 'content must not be blank');
    }
    if (content.length > settings.maxMessageLength && codePoints(content) > settings.maxMessageLength) {
        return failed('MESSAGE_TOO_LONG', `content is longer than ${settings.maxMessageLength} characters`);
    }
    const room = data.room ?? null;
    if (room !== null) {
        if (!ROOM_NAME.test(room)) {
            return failed('INVALID_ROOM', 'room names are 1 to 64 of A-Z a-z 0-9 . _ : -');
        }
        if (!connection.rooms.has(room)) {
            return failed('NOT_IN_ROOM', `join room '${room}' before posting to it`);
        }
    }
    const timestamp = new Date().toISOString();
    const text = frame('message', { senderId: connection.userId, content, room, timestamp });
    if (room !== null) {
        fanOut(rooms.get(room), text, null);
    } else {
        fanOut(connections, text, connection);
    }
    return { success: true, timestamp };
}

function codePoints(text) {
    let count = 0;
    for (const ignored of text) {
        count++;
    }
    return count;
}

function join(connection, data) {
    const room = roomOf(data);
    if (typeof room !== 'string') {
        return room;
    }
    if (!connection.rooms.has(room)) {
        if (connection.rooms.size >= settings.maxRooms) {
            return failed('TOO_MANY_ROOMS', `at most ${settings.maxRooms} rooms per connection`);
        }
        let members = rooms.get(room);
        if (members === undefined) {
            members = new Set();
            rooms.set(room, members);
        }
        fanOut(members, frame('user:joined', { userId: connection.userId, room }), null);
        members.add(connection);
        connection.rooms.add(room);
    }
    return { success: true, room };
}

function leave(connection, data) {
    const room = roomOf(data);
    if (typeof room !== 'string') {
        return room;
    }
    if (connection.rooms.has(room)) {
        depart(connection, room);
    }
    return { success: true, room };
}

function depart(connection, room) {
    connection.rooms.delete(room);
    const members = rooms.get(room);
    members.delete(connection);
    if (members.size === 0) {
        rooms.delete(room);
    } else {
        fanOut(members, frame('user:left', { userId: connection.userId, room }), null);
    }
}

function onClose(connection) {
    connection.closing = true;
    connections.delete(connection);
    for (const room of connection.rooms) {
        depart(connection, room);
    }
}

const sockets = new WebSocketServer({ noServer: true, maxPayload: settings.maxFrameBytes, perMessageDeflate: false });
const http = createServer((request, response) => {
    if (request.method === 'POST' && request.url === '/admin/gc' && typeof globalThis.gc === 'function') {
        globalThis.gc();
        response.writeHead(204).end();
    } else {
        response.writeHead(404).end();
    }
});

http.on('upgrade', (request, socket, head) => {
    const query = request.url.indexOf('?');
    if ((query < 0 ? request.url : request.url.slice(0, query)) !== '/events') {
        socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
        return;
    }
    const now = Date.now();
    const claims = verify(bearerToken(request), now);
    sockets.handleUpgrade(request, socket, head, (ws) => {
        if (claims === null) {
            // Refused after the upgrade, so that a browser can read the close code; nothing is sent before it.
            ws.close(4401, 'invalid credentials');
            return;
        }
        const connection = new Connection(ws, claims, now);
        connections.add(connection);
        ws.on('message', (data, isBinary) => {
            connection.heardAt = Date.now();
            if (connection.closing) {
                return;
            }
            if (isBinary) {
                connection.close(1003, 'binary frames are not supported');
                return;
            }
            onText(connection, data.toString('utf8'));
        });
        ws.on('pong', () => {
            connection.heardAt = Date.now();
        });
        ws.on('close', () => onClose(connection));
        ws.on('error', () => connection.close(1011, 'unexpected server error'));
        connection.send(frame('connected', {
            userId: connection.userId,
            connectionId: connection.id,
            heartbeatMs: settings.heartbeatMs,
            protocol: PROTOCOL_VERSION,
            expiresAt: new Date(connection.expiresAt).toISOString(),
        }));
    });
});

// Pings every connection once per heartbeat interval; the gateway does the same.
setInterval(() => {
    for (const connection of connections) {
        if (!connection.closing) {
            connection.socket.ping();
        }
    }
}, settings.heartbeatMs).unref();

// Once a second: silence for two heartbeat intervals closes with 4408, a token past exp plus skew with 4401.
setInterval(() => {
    const now = Date.now();
    for (const connection of connections) {
        if (now - connection.heardAt > 2 * settings.heartbeatMs) {
            connection.close(4408, 'heartbeat timeout');
        } else if (now >= connection.expiresAt + settings.skewMs) {
            connection.close(4401, 'token expired');
        }
    }
}, 1000).unref();

const port = Number(process.argv[2] ?? 8090);
http.listen(port, '127.0.0.1', () => {
    console.log(`node reference listening on 127.0.0.1:${port}, node ${process.version}`);
});

process.on('SIGTERM', () => {
    for (const connection of connections) {
        connection.close(1001, 'server shutting down');
    }
    http.close();
    sockets.close();
    setTimeout(() => process.exit(0), 1000).unref();
});
