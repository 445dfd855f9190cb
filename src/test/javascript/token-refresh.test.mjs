/** events-client.js follows protocol 1.1: it exposes the token's expiry and refreshes the token before it expires. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeWebSocket, client, connected, fakes, outcome, settle } from './harness.mjs';

const EXPIRES = '2026-11-28T05:00:00.000Z';
const LATER = '2026-11-28T06:00:00.000Z';

/** A token function handing out token-1, token-2, ... and counting its calls. */
function mint() {
    const tokens = () => `token-${++tokens.calls}`;
    tokens.calls = 0;
    return tokens;
}

/** Connects with a token function and joins these rooms; the server acks the joins. */
async function joinedWithTokenFunction(rooms, options = {}) {
    const token = mint();
    const socket = await connected({ token, ...options }, { protocol: '1.1', expiresAt: EXPIRES });
    const ws = FakeWebSocket.latest();
    for (const room of rooms) {
        socket.join(room);
        ws.ack(ws.frames('join').at(-1), { success: true, room });
    }
    return { socket, ws, token };
}

/** Records the events of a socket by name. */
function record(socket, ...events) {
    const seen = [];
    for (const event of events) {
        socket.on(event, (data) => seen.push([event, data]));
    }
    return seen;
}

describe('connected frame of protocol 1.1', () => {
    test('exposes the protocol and the expiry while connected', async (t) => {
        fakes(t);
        const socket = await connected({}, { protocol: '1.1', expiresAt: EXPIRES });

        assert.equal(socket.protocol, '1.1');
        assert.equal(socket.expiresAt?.toISOString(), EXPIRES);
        FakeWebSocket.latest().drop(1006);
        assert.equal(socket.protocol, null);
        assert.equal(socket.expiresAt, null);
    });

    test('a protocol 1 server has protocol 1 and no expiry', async (t) => {
        fakes(t);
        const socket = await connected();

        assert.equal(socket.protocol, '1');
        assert.equal(socket.expiresAt, null);
    });
});

describe('token:expiring', () => {
    test('refreshes with a new token from the token function, forgets revoked rooms and tells', async (t) => {
        const { clock } = fakes(t);
        const { socket, ws, token } = await joinedWithTokenFunction(['lobby', 'vip']);
        const seen = record(socket, 'token:expiring', 'token_refreshed', 'token_refresh_failed');

        ws.push('token:expiring', { expiresAt: EXPIRES });
        await settle();
        const [refresh] = ws.frames('refresh');
        assert.equal(token.calls, 2);
        assert.deepEqual(refresh.data, { token: 'token-2' });
        assert.ok(Number.isSafeInteger(refresh.id));
        const ack = { success: true, expiresAt: LATER, revoked: ['vip'] };
        ws.ack(refresh, ack);
        await settle();

        assert.deepEqual(seen, [['token:expiring', { expiresAt: EXPIRES }], ['token_refreshed', ack]]);
        assert.equal(socket.expiresAt?.toISOString(), LATER);
        assert.deepEqual(socket.rooms, ['lobby']);
        ws.drop(1001);
        clock.tick(1000);
        await settle();
        const next = FakeWebSocket.latest();
        next.accept();
        assert.deepEqual(next.frames('join').map((frame) => frame.data.room), ['lobby'], 'vip is not rejoined');
    });

    test('a refused token emits token_refresh_failed and changes nothing else', async (t) => {
        fakes(t);
        const { socket, ws } = await joinedWithTokenFunction(['lobby']);
        const seen = record(socket, 'token_refreshed', 'token_refresh_failed');

        ws.push('token:expiring', { expiresAt: EXPIRES });
        await settle();
        ws.ack(ws.frames('refresh')[0], { success: false, code: 'INVALID_TOKEN', message: 'token signature invalid' });
        await settle();

        assert.equal(seen.length, 1);
        const [event, error] = seen[0];
        assert.equal(event, 'token_refresh_failed');
        assert.ok(error instanceof client.EventsError);
        assert.equal(error.code, 'INVALID_TOKEN');
        assert.equal(socket.connected, true);
        assert.equal(ws.closedByClient, null);
        assert.equal(socket.expiresAt?.toISOString(), EXPIRES);
        assert.deepEqual(socket.rooms, ['lobby']);
    });

    test('a token function that fails emits token_refresh_failed and leaves the connection alone', async (t) => {
        const { reported } = fakes(t);
        let calls = 0;
        const socket = await connected({
            token: () => {
                calls++;
                if (calls > 1) {
                    throw new Error('token service down');
                }
                return 'token-1';
            },
        });
        const seen = record(socket, 'token_refresh_failed');
        const ws = FakeWebSocket.latest();

        ws.push('token:expiring', { expiresAt: EXPIRES });
        await settle();

        assert.equal(seen.length, 1);
        assert.equal(seen[0][1].code, 'NO_TOKEN');
        assert.equal(seen[0][1].message.includes('token service down'), true);
        assert.equal(ws.frames('refresh').length, 0);
        assert.equal(socket.connected, true);
        assert.equal(reported.length, 0);
    });

    test('a fixed token is not refreshed', async (t) => {
        fakes(t);
        const socket = await connected({ token: 'fixed-token' });
        const seen = record(socket, 'token:expiring', 'token_refreshed', 'token_refresh_failed');
        const ws = FakeWebSocket.latest();

        ws.push('token:expiring', { expiresAt: EXPIRES });
        await settle();

        assert.deepEqual(seen, [['token:expiring', { expiresAt: EXPIRES }]]);
        assert.equal(ws.frames('refresh').length, 0);
    });

    test('a notice right after a refresh (a token shorter than the notice lead) waits five seconds', async (t) => {
        const { clock } = fakes(t);
        const { ws, token } = await joinedWithTokenFunction([]);
        ws.push('token:expiring', { expiresAt: EXPIRES });
        await settle();
        ws.ack(ws.frames('refresh')[0], { success: true, expiresAt: LATER, revoked: [] });
        await settle();

        ws.push('token:expiring', { expiresAt: LATER });
        ws.push('token:expiring', { expiresAt: LATER });
        await settle();
        assert.equal(ws.frames('refresh').length, 1, 'no refresh in a tight loop');
        clock.tick(5000);
        await settle();

        assert.equal(ws.frames('refresh').length, 2);
        assert.equal(token.calls, 3);
        ws.ack(ws.frames('refresh')[1], { success: true, expiresAt: LATER, revoked: [] });
        await settle();
        clock.tick(5000);
        ws.push('token:expiring', { expiresAt: LATER });
        await settle();
        assert.equal(ws.frames('refresh').length, 3, 'a notice after the cool-down refreshes at once');
    });

    test('listeners of the refresh events that throw do not stop the refresh', async (t) => {
        const { reported } = fakes(t);
        const { socket, ws } = await joinedWithTokenFunction(['lobby', 'vip']);
        socket.on('token:expiring', () => {
            throw new Error('user code failed');
        });
        socket.on('token_refreshed', () => {
            throw new Error('user code failed');
        });

        ws.push('token:expiring', { expiresAt: EXPIRES });
        await settle();
        ws.ack(ws.frames('refresh')[0], { success: true, expiresAt: LATER, revoked: ['vip'] });
        await settle();

        assert.equal(socket.expiresAt?.toISOString(), LATER);
        assert.deepEqual(socket.rooms, ['lobby']);
        assert.equal(reported.length, 2);
    });
});

describe('refreshToken()', () => {
    test('resolves with the ack, and a fixed token is replaced by the one given for later reconnects', async (t) => {
        const { clock } = fakes(t);
        const socket = await connected({ token: 'fixed-token' });
        const ws = FakeWebSocket.latest();

        const refreshed = socket.refreshToken('given-token');
        const [refresh] = ws.frames('refresh');
        assert.deepEqual(refresh.data, { token: 'given-token' });
        ws.ack(refresh, { success: true, expiresAt: LATER, revoked: [] });

        assert.deepEqual((await outcome(refreshed)).value, { success: true, expiresAt: LATER, revoked: [] });
        ws.drop(1006);
        clock.tick(1000);
        await settle();
        assert.equal(FakeWebSocket.latest().token(), 'given-token');
    });

    test('a token function that never settles times out, and the next refresh asks again', async (t) => {
        const { clock } = fakes(t);
        let calls = 0;
        const socket = await connected({
            timeout: 3000,
            token: () => (++calls === 2 ? new Promise(() => {}) : `token-${calls}`),
        });
        const ws = FakeWebSocket.latest();

        const stuck = socket.refreshToken();
        await settle();
        clock.tick(3000);
        assert.equal((await outcome(stuck)).error?.code, 'TIMEOUT');
        const next = socket.refreshToken();
        await settle();

        assert.notEqual(next, stuck);
        assert.deepEqual(ws.frames('refresh').map((frame) => frame.data.token), ['token-3']);
    });

    test('concurrent calls share one refresh', async (t) => {
        fakes(t);
        const { socket, ws, token } = await joinedWithTokenFunction([]);

        const first = socket.refreshToken();
        const second = socket.refreshToken();
        await settle();
        ws.ack(ws.frames('refresh')[0], { success: true, expiresAt: LATER, revoked: [] });

        assert.equal(first, second);
        assert.equal(token.calls, 2);
        assert.equal(ws.frames('refresh').length, 1);
        assert.equal((await outcome(first)).value?.expiresAt, LATER);
    });

    test('rejects when not connected, without a token function, on a lost connection and on a timeout',
        async (t) => {
            const { clock } = fakes(t);
            const idle = client.connect('ws://gateway.test/events', { token: () => 'token', autoConnect: false });
            assert.equal((await outcome(idle.refreshToken())).error?.code, 'NOT_CONNECTED');
            assert.equal((await outcome(idle.refreshToken('given-token'))).error?.code, 'NOT_CONNECTED');

            const fixed = await connected({ token: 'fixed-token' });
            assert.equal((await outcome(fixed.refreshToken())).error?.code, 'NO_TOKEN');

            const { socket, ws } = await joinedWithTokenFunction([], { ackTimeout: 5000 });
            const lost = socket.refreshToken();
            await settle();
            ws.drop(1006);
            assert.equal((await outcome(lost)).error?.code, 'DISCONNECTED');

            clock.tick(1000);
            await settle();
            FakeWebSocket.latest().accept();
            const late = socket.refreshToken();
            await settle();
            clock.tick(5000);
            assert.equal((await outcome(late)).error?.code, 'TIMEOUT');
        });
});
