/**
 * events-client.js follows protocol 1.2: it tracks each room's position, rejoins with `since` after a reconnect, tells
 * what was recovered, and asks for a room's history.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeWebSocket, connected, fakes, outcome, settle } from './harness.mjs';

const V12 = { protocol: '1.2' };

/** A chat message to this room, as the server delivers it. */
function chat(room, content, senderId = 'bob') {
    return { senderId, content, room, timestamp: '2026-11-28T07:00:00.000Z' };
}

/** Connects to a 1.2 server and joins these rooms; the server acks each join with this epoch and offset 0. */
async function joined(rooms, epoch = 'e1') {
    const socket = await connected({}, V12);
    const ws = FakeWebSocket.latest();
    for (const room of rooms) {
        socket.join(room);
        ws.ack(ws.frames('join').at(-1), { success: true, room, epoch, offset: 0 });
    }
    return { socket, ws };
}

/** Records every `recovery` event. */
function recoveries(socket) {
    const seen = [];
    socket.on('recovery', (recovery) => seen.push(recovery));
    return seen;
}

/** Drops the connection and accepts the reconnect attempt after the backoff, as a server of this protocol. */
async function reconnect(clock, ws, data = V12, backoff = 1000) {
    ws.drop(1006);
    clock.tick(backoff);
    await settle();
    const next = FakeWebSocket.latest();
    assert.notEqual(next, ws, 'a reconnect attempt started');
    next.accept(data);
    return next;
}

describe('positions', () => {
    test('come from the join ack and from every publication of the room, and reach the listeners', async (t) => {
        fakes(t);
        const socket = await connected({}, V12);
        const ws = FakeWebSocket.latest();
        const seen = [];
        socket.on('message', (message, position) => seen.push([message.content, position]));
        socket.onAny((event, data, position) => seen.push([event, position]));
        const join = socket.join('lobby');

        ws.ack(ws.frames('join')[0], { success: true, room: 'lobby', epoch: 'e1', offset: 41 });
        assert.equal((await outcome(join)).value?.offset, 41);
        assert.deepEqual(socket.position('lobby'), { room: 'lobby', epoch: 'e1', offset: 41 });
        ws.publish('message', chat('lobby', 'hi'), { room: 'lobby', epoch: 'e1', offset: 42 });
        ws.publish('order:shipped', { id: 7 }, { room: 'lobby', epoch: 'e1', offset: 43 });

        assert.deepEqual(socket.position('lobby'), { room: 'lobby', epoch: 'e1', offset: 43 });
        assert.deepEqual(seen, [
            ['message', { room: 'lobby', epoch: 'e1', offset: 42 }],
            ['hi', { room: 'lobby', epoch: 'e1', offset: 42 }],
            ['order:shipped', { room: 'lobby', epoch: 'e1', offset: 43 }],
        ]);
        assert.equal(socket.position('elsewhere'), null);
    });

    test('never go back within an epoch, and a publication of a new epoch replaces them', async (t) => {
        fakes(t);
        const { socket, ws } = await joined(['lobby']);
        ws.publish('message', chat('lobby', 'five'), { room: 'lobby', epoch: 'e1', offset: 5 });

        ws.publish('message', chat('lobby', 'late three'), { room: 'lobby', epoch: 'e1', offset: 3 });
        ws.publish('message', chat('lobby', 'five again'), { room: 'lobby', epoch: 'e1', offset: 5 });
        assert.deepEqual(socket.position('lobby'), { room: 'lobby', epoch: 'e1', offset: 5 });

        ws.publish('message', chat('lobby', 'first of e2'), { room: 'lobby', epoch: 'e2', offset: 1 });
        assert.deepEqual(socket.position('lobby'), { room: 'lobby', epoch: 'e2', offset: 1 });
    });

    test('a join ack behind the publications already received does not move the position back', async (t) => {
        fakes(t);
        const socket = await connected({}, V12);
        const ws = FakeWebSocket.latest();
        socket.join('lobby');

        // In a cluster a live publication may overtake the join's ack.
        ws.publish('message', chat('lobby', 'overtaking'), { room: 'lobby', epoch: 'e1', offset: 8 });
        ws.ack(ws.frames('join')[0], { success: true, room: 'lobby', epoch: 'e1', offset: 7 });

        assert.deepEqual(socket.position('lobby'), { room: 'lobby', epoch: 'e1', offset: 8 });
    });

    test('are kept only for rooms joined through join(), and forgotten on leave', async (t) => {
        fakes(t);
        const { socket, ws } = await joined(['lobby']);
        ws.publish('message', chat('kitchen', 'not mine'), { room: 'kitchen', epoch: 'k', offset: 3 });
        assert.equal(socket.position('kitchen'), null);

        socket.leave('lobby');
        assert.equal(socket.position('lobby'), null);
        ws.publish('message', chat('lobby', 'after leaving'), { room: 'lobby', epoch: 'e1', offset: 1 });
        assert.equal(socket.position('lobby'), null);
    });
});

describe('rejoin after a reconnect', () => {
    test('carries since, the last position received, and tells how many publications were recovered', async (t) => {
        const { clock } = fakes(t);
        const { socket, ws } = await joined(['lobby', 'kitchen']);
        ws.publish('message', chat('lobby', 'before'), { room: 'lobby', epoch: 'e1', offset: 1 });
        const seen = recoveries(socket);
        const order = [];
        socket.on('message', (message, position) => order.push(`${message.content}@${position.offset}`));
        socket.on('recovery', (recovery) => order.push(`recovery ${recovery.room}`));

        const next = await reconnect(clock, ws);

        const [lobby, kitchen] = next.frames('join');
        assert.deepEqual(lobby.data, { room: 'lobby', since: { epoch: 'e1', offset: 1 } });
        assert.deepEqual(kitchen.data, { room: 'kitchen', since: { epoch: 'e1', offset: 0 } },
            'without a publication since, the join ack is the position');
        next.publish('message', chat('lobby', 'missed 2'), { room: 'lobby', epoch: 'e1', offset: 2 });
        next.publish('message', chat('lobby', 'missed 3'), { room: 'lobby', epoch: 'e1', offset: 3 });
        next.ack(lobby, { success: true, room: 'lobby', epoch: 'e1', offset: 3, recovered: true });
        next.ack(kitchen, { success: true, room: 'kitchen', epoch: 'e1', offset: 0, recovered: true });
        next.publish('message', chat('lobby', 'live 4'), { room: 'lobby', epoch: 'e1', offset: 4 });

        assert.deepEqual(seen, [
            { room: 'lobby', recovered: true, count: 2, epoch: 'e1', offset: 3 },
            { room: 'kitchen', recovered: true, count: 0, epoch: 'e1', offset: 0 },
        ]);
        assert.deepEqual(order, ['missed 2@2', 'missed 3@3', 'recovery lobby', 'recovery kitchen', 'live 4@4']);
        assert.deepEqual(socket.position('lobby'), { room: 'lobby', epoch: 'e1', offset: 4 });
    });

    test('waits for recovered publications that come after the ack before it tells', async (t) => {
        const { clock } = fakes(t);
        const { socket, ws } = await joined(['lobby']);
        const seen = recoveries(socket);
        const next = await reconnect(clock, ws);
        const [join] = next.frames('join');

        next.publish('message', chat('lobby', 'missed 1'), { room: 'lobby', epoch: 'e1', offset: 1 });
        next.ack(join, { success: true, room: 'lobby', epoch: 'e1', offset: 3, recovered: true });
        assert.deepEqual(seen, []);
        assert.deepEqual(socket.position('lobby'), { room: 'lobby', epoch: 'e1', offset: 1 },
            'the ack does not move the position over publications still on their way');
        next.publish('message', chat('lobby', 'missed 2'), { room: 'lobby', epoch: 'e1', offset: 2 });
        next.publish('message', chat('lobby', 'missed 2 again'), { room: 'lobby', epoch: 'e1', offset: 2 });
        assert.deepEqual(seen, []);
        next.publish('message', chat('lobby', 'missed 3'), { room: 'lobby', epoch: 'e1', offset: 3 });

        assert.deepEqual(seen, [{ room: 'lobby', recovered: true, count: 3, epoch: 'e1', offset: 3 }]);
    });

    test('a connection lost during a recovery tells nothing, and the next rejoin starts where it got to',
        async (t) => {
            const { clock } = fakes(t);
            const { socket, ws } = await joined(['lobby']);
            const seen = recoveries(socket);
            const second = await reconnect(clock, ws);
            second.publish('message', chat('lobby', 'missed 1'), { room: 'lobby', epoch: 'e1', offset: 1 });
            second.ack(second.frames('join')[0], { success: true, room: 'lobby', epoch: 'e1', offset: 2,
                recovered: true });

            const third = await reconnect(clock, second, V12, 2000);

            assert.deepEqual(seen, []);
            assert.deepEqual(third.frames('join')[0].data, { room: 'lobby', since: { epoch: 'e1', offset: 1 } });
            third.publish('message', chat('lobby', 'missed 2'), { room: 'lobby', epoch: 'e1', offset: 2 });
            third.ack(third.frames('join')[0], { success: true, room: 'lobby', epoch: 'e1', offset: 2,
                recovered: true });
            assert.deepEqual(seen, [{ room: 'lobby', recovered: true, count: 1, epoch: 'e1', offset: 2 }]);
        });

    test('tells that the history was lost, with the reason, and continues from the new position', async (t) => {
        const { clock } = fakes(t);
        const { socket, ws } = await joined(['lobby', 'kitchen']);
        ws.publish('message', chat('kitchen', 'k5'), { room: 'kitchen', epoch: 'e1', offset: 5 });
        const seen = recoveries(socket);
        const next = await reconnect(clock, ws);
        const [lobby, kitchen] = next.frames('join');

        next.ack(lobby, { success: true, room: 'lobby', epoch: 'e9', offset: 4, recovered: false,
            reason: 'epoch_changed' });
        next.ack(kitchen, { success: true, room: 'kitchen', epoch: 'e1', offset: 400, recovered: false,
            reason: 'too_many' });

        assert.deepEqual(seen, [
            { room: 'lobby', recovered: false, reason: 'epoch_changed', epoch: 'e9', offset: 4 },
            { room: 'kitchen', recovered: false, reason: 'too_many', epoch: 'e1', offset: 400 },
        ]);
        assert.deepEqual(socket.position('lobby'), { room: 'lobby', epoch: 'e9', offset: 4 });
        assert.deepEqual(socket.position('kitchen'), { room: 'kitchen', epoch: 'e1', offset: 400 });
    });

    test('a join() made while disconnected gets the recovery in its result', async (t) => {
        const { clock } = fakes(t);
        const { socket, ws } = await joined(['lobby']);
        ws.drop(1006);
        const join = socket.join('lobby');
        clock.tick(1000);
        await settle();
        const next = FakeWebSocket.latest();
        next.accept(V12);

        assert.equal(next.frames('join').length, 1);
        next.ack(next.frames('join')[0], { success: true, room: 'lobby', epoch: 'e2', offset: 1, recovered: false,
            reason: 'too_old' });

        assert.deepEqual((await outcome(join)).value,
            { success: true, room: 'lobby', epoch: 'e2', offset: 1, recovered: false, reason: 'too_old' });
    });

    test('a room left and joined again starts afresh, without since', async (t) => {
        const { clock } = fakes(t);
        const { socket, ws } = await joined(['lobby']);
        socket.leave('lobby');
        ws.ack(ws.frames('leave')[0], { success: true, room: 'lobby' });
        ws.drop(1006);
        socket.join('lobby');
        clock.tick(1000);
        await settle();
        const next = FakeWebSocket.latest();
        next.accept(V12);

        assert.deepEqual(next.frames('join')[0].data, { room: 'lobby' });
    });

    test('a refused rejoin forgets the position with the room', async (t) => {
        const { clock } = fakes(t);
        const { socket, ws } = await joined(['vip']);
        const seen = recoveries(socket);
        const next = await reconnect(clock, ws);

        next.ack(next.frames('join')[0], { success: false, code: 'FORBIDDEN', message: 'no access to room' });

        assert.deepEqual(seen, []);
        assert.deepEqual(socket.rooms, []);
        assert.equal(socket.position('vip'), null);
    });
});

describe('a server older than 1.2', () => {
    test('gives no positions, so rejoins carry no since and tell nothing', async (t) => {
        const { clock } = fakes(t);
        const socket = await connected({}, { protocol: '1.1' });
        const ws = FakeWebSocket.latest();
        const seen = recoveries(socket);
        const positions = [];
        socket.on('message', (message, position) => positions.push(position));
        socket.join('lobby');
        ws.ack(ws.frames('join')[0], { success: true, room: 'lobby' });
        ws.push('message', chat('lobby', 'no position'));

        const next = await reconnect(clock, ws, { protocol: '1.1' });

        assert.equal(socket.position('lobby'), null);
        assert.deepEqual(positions, [undefined]);
        assert.deepEqual(next.frames('join')[0].data, { room: 'lobby' });
        next.ack(next.frames('join')[0], { success: true, room: 'lobby' });
        assert.deepEqual(seen, []);
    });

    test('reached after a 1.2 one gets no since, and the history counts as lost', async (t) => {
        const { clock } = fakes(t);
        const { socket, ws } = await joined(['lobby']);
        const seen = recoveries(socket);

        const next = await reconnect(clock, ws, { protocol: '1.1' });

        assert.deepEqual(next.frames('join')[0].data, { room: 'lobby' });
        next.ack(next.frames('join')[0], { success: true, room: 'lobby' });
        assert.deepEqual(seen, [{ room: 'lobby', recovered: false, reason: 'unsupported', epoch: null, offset: null }]);
        assert.equal(socket.position('lobby'), null);
    });
});

describe('history', () => {
    test('asks for the latest publications of a room and leaves the position alone', async (t) => {
        fakes(t);
        const { socket, ws } = await joined(['lobby']);
        const pushed = [];
        socket.on('message', (message) => pushed.push(message));

        const history = socket.history('lobby', 2);
        const [request] = ws.frames('history');
        assert.deepEqual(request.data, { room: 'lobby', limit: 2 });
        assert.ok(Number.isSafeInteger(request.id));
        const publications = [
            { event: 'message', data: chat('lobby', 'see you'), room: 'lobby', epoch: 'e1', offset: 56 },
            { event: 'message', data: chat('lobby', 'bye'), room: 'lobby', epoch: 'e1', offset: 57 },
        ];
        ws.ack(request, { success: true, room: 'lobby', epoch: 'e1', offset: 57, publications });

        assert.deepEqual((await outcome(history)).value,
            { success: true, room: 'lobby', epoch: 'e1', offset: 57, publications });
        assert.deepEqual(pushed, []);
        assert.deepEqual(socket.position('lobby'), { room: 'lobby', epoch: 'e1', offset: 0 });
        socket.history('lobby');
        assert.deepEqual(ws.frames('history')[1].data, { room: 'lobby' });
    });

    test('fails with the server code, e.g. NOT_IN_ROOM', async (t) => {
        fakes(t);
        const { socket, ws } = await joined([]);

        const history = socket.history('kitchen');
        ws.ack(ws.frames('history')[0], { success: false, code: 'NOT_IN_ROOM', message: 'not in room kitchen' });

        assert.equal((await outcome(history)).error?.code, 'NOT_IN_ROOM');
    });
});
