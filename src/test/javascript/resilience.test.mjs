/** events-client.js survives throwing user callbacks, backs off from flapping servers and bounds its queue. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeWebSocket, client, connected, fakes, outcome, settle, EXACT } from './harness.mjs';

const boom = () => {
    throw new Error('user code failed');
};

describe('user callbacks that throw', () => {
    test('an ack callback that throws lets the other pending acks fail and the reconnect happen', async (t) => {
        const { clock, reported } = fakes(t);
        const socket = await connected();
        const results = [];
        socket.emit('message', { content: 'first' }, boom);
        socket.emit('message', { content: 'second' }, (err) => results.push(err.code));
        socket.emit('message', { content: 'third' }, boom);
        socket.emit('message', { content: 'fourth' }, (err) => results.push(err.code));

        FakeWebSocket.latest().drop(1006);

        assert.deepEqual(results, ['DISCONNECTED', 'DISCONNECTED']);
        assert.equal(reported.length, 2);
        assert.equal(socket.state, 'reconnecting');
        clock.tick(1000);
        await settle();
        assert.equal(FakeWebSocket.created.length, 2, 'the reconnect attempt started');
    });

    test('an ack callback that throws on a queued frame lets the rest of the backlog fail when the socket closes',
        async (t) => {
            const { reported } = fakes(t);
            const socket = await connected();
            FakeWebSocket.latest().drop(1006);
            const results = [];
            socket.emit('message', { content: 'queued 1' }, boom);
            socket.emit('message', { content: 'queued 2' }, (err) => results.push(err.code));

            socket.close();

            assert.deepEqual(results, ['CLIENT_CLOSED']);
            assert.equal(reported.length, 1);
            assert.equal(socket.state, 'disconnected');
        });

    test('an ack callback that throws on an ack leaves the flush of the backlog going', async (t) => {
        const { clock, reported } = fakes(t);
        const socket = await connected();
        FakeWebSocket.latest().drop(1006);
        for (let i = 0; i < 30; i++) {
            socket.emit('message', { content: `queued ${i}` }, boom);
        }
        clock.tick(1000);
        await settle();
        const ws = FakeWebSocket.latest();
        ws.accept();
        const first = ws.frames('message');
        assert.equal(first.length, 20, 'the first burst');
        for (const frame of first) {
            ws.ack(frame, { success: true });
        }

        clock.tick(350);
        clock.tick(350);

        assert.equal(ws.frames('message').length, 30, 'the paced rest');
        assert.equal(reported.length, 20);
    });

    test('connect and disconnect listeners that throw change nothing for the client or the other listeners',
        async (t) => {
            const { clock, reported } = fakes(t);
            const seen = [];
            const socket = client.connect('ws://gateway.test/events', { token: 'first-token', ...EXACT });
            socket.on('connect', boom).on('connect', () => seen.push('connect'));
            socket.on('disconnect', boom).on('disconnect', (reason) => seen.push(reason));
            socket.onAny(boom);
            socket.on('message', boom);
            socket.emit('message', { content: 'queued before connect' });
            await settle();
            const ws = FakeWebSocket.latest();

            ws.accept();
            ws.push('message', { content: 'hello' });
            ws.drop(1001, 'server shutting down');
            clock.tick(1000);
            await settle();

            assert.deepEqual(seen, ['connect', 'transport close']);
            assert.equal(ws.frames('message').length, 1, 'the queue was flushed');
            assert.equal(reported.length, 4);
            assert.equal(FakeWebSocket.created.length, 2, 'the reconnect attempt started');
        });

    test('a token function that throws and a connect_error listener that throws still lead to the next attempt',
        async (t) => {
            const { clock, reported } = fakes(t);
            let calls = 0;
            const socket = client.connect('ws://gateway.test/events', {
                ...EXACT,
                token: () => {
                    calls++;
                    if (calls === 1) {
                        throw new Error('token service down');
                    }
                    return 'second-token';
                },
            });
            const errors = [];
            socket.on('connect_error', boom).on('connect_error', (err) => errors.push(err.message));
            await settle();

            clock.tick(1000);
            await settle();
            FakeWebSocket.latest().accept();

            assert.deepEqual(errors, ['token service down']);
            assert.equal(reported.length, 1);
            assert.equal(socket.connected, true);
            assert.equal(FakeWebSocket.latest().token(), 'second-token');
        });
});

describe('backoff', () => {
    /** Waits out `ms` and tells whether the client opened a new socket just then, not a moment before. */
    async function reconnectsAfter(clock, ms) {
        const before = FakeWebSocket.created.length;
        clock.tick(ms - 1);
        await settle();
        const early = FakeWebSocket.created.length !== before;
        clock.tick(1);
        await settle();
        return !early && FakeWebSocket.created.length === before + 1;
    }

    test('grows while the server closes right after connected, and starts over after a stable connection',
        async (t) => {
            const { clock } = fakes(t);
            await connected();

            FakeWebSocket.latest().drop(4409, 'slow consumer');
            assert.ok(await reconnectsAfter(clock, 1000));
            FakeWebSocket.latest().accept();
            FakeWebSocket.latest().drop(1013, 'at capacity');
            assert.ok(await reconnectsAfter(clock, 2000), 'a connection that did not last does not reset the backoff');
            FakeWebSocket.latest().accept();
            FakeWebSocket.latest().drop(4429, 'rate abuse');
            assert.ok(await reconnectsAfter(clock, 4000));

            FakeWebSocket.latest().accept();
            clock.tick(10000);
            FakeWebSocket.latest().drop(1001);
            assert.ok(await reconnectsAfter(clock, 1000), 'ten seconds up reset the backoff');
        });

    test('takes the stable time from the reconnectionResetDelay option', async (t) => {
        const { clock } = fakes(t);
        await connected({ reconnectionResetDelay: 3000 });
        FakeWebSocket.latest().drop(4409);
        assert.ok(await reconnectsAfter(clock, 1000));
        FakeWebSocket.latest().accept();
        clock.tick(2999);
        FakeWebSocket.latest().drop(4409);
        assert.ok(await reconnectsAfter(clock, 2000));
        FakeWebSocket.latest().accept();
        clock.tick(3000);
        FakeWebSocket.latest().drop(4409);
        assert.ok(await reconnectsAfter(clock, 1000));
    });

    test('a heartbeat timeout closed by the server (4408) is a reconnect', async (t) => {
        const { clock } = fakes(t);
        const socket = await connected();
        const reasons = [];
        socket.on('disconnect', (reason, code) => reasons.push(`${reason} ${code}`));

        FakeWebSocket.latest().drop(4408, 'heartbeat timeout');

        assert.deepEqual(reasons, ['transport close 4408']);
        assert.equal(socket.state, 'reconnecting');
        assert.ok(await reconnectsAfter(clock, 1000));
    });

    test("an operator's close (1008, or 4000-4999 but the gateway's own codes) is final", async (t) => {
        for (const code of [1008, 4000, 4321, 4999]) {
            await t.test(`closed with ${code}`, async (st) => {
                const { clock } = fakes(st);
                const socket = await connected();
                const reasons = [];
                socket.on('disconnect', (reason, closeCode) => reasons.push(`${reason} ${closeCode}`));

                FakeWebSocket.latest().drop(code, 'disconnected by an operator');

                assert.deepEqual(reasons, [`io server disconnect ${code}`]);
                assert.equal(socket.state, 'disconnected');
                assert.equal(await reconnectsAfter(clock, 1000), false);
            });
        }
    });
});

describe('while disconnected', () => {
    test('join() counts against maxQueuedFrames like emit()', async (t) => {
        fakes(t);
        const socket = client.connect('ws://gateway.test/events', { token: 'first-token', maxQueuedFrames: 2 });
        await settle();
        socket.emit('message', { content: 'queued' });
        const lobby = socket.join('lobby');
        const again = socket.join('lobby');

        const refused = await outcome(socket.join('kitchen'));

        assert.equal(refused.error?.code, 'QUEUE_FULL', JSON.stringify(refused));
        assert.deepEqual(socket.rooms, ['lobby']);
        assert.throws(() => socket.emit('message', { content: 'one too many' }), { code: 'QUEUE_FULL' });
        const ws = FakeWebSocket.latest();
        ws.accept();
        assert.deepEqual(ws.sent.map((frame) => frame.data.room ?? frame.data.content), ['lobby', 'queued']);
        ws.ack(ws.sent[0], { success: true, room: 'lobby' });
        assert.equal((await outcome(lobby)).value?.room, 'lobby');
        assert.equal((await outcome(again)).value?.room, 'lobby');
    });

    test('the connect timeout also covers a token Promise that never settles', async (t) => {
        const { clock } = fakes(t);
        let calls = 0;
        const socket = client.connect('ws://gateway.test/events', {
            ...EXACT,
            timeout: 5000,
            token: () => {
                calls++;
                return calls === 1 ? new Promise(() => {}) : 'second-token';
            },
        });
        const errors = [];
        socket.on('connect_error', (err) => errors.push(err.code));
        await settle();

        clock.tick(5000);
        assert.deepEqual(errors, ['TIMEOUT']);
        assert.equal(socket.state, 'reconnecting');
        clock.tick(1000);
        await settle();

        assert.equal(calls, 2);
        FakeWebSocket.latest().accept();
        assert.equal(socket.connected, true);
    });

    test('request ids are safe integers', async (t) => {
        fakes(t);
        await connected();
        const socket = client.connect('ws://gateway.test/events', { token: 'first-token' });
        await settle();
        FakeWebSocket.latest().accept();
        socket.emit('message', { content: 'x' }, () => {});
        assert.ok(FakeWebSocket.latest().sent.every((frame) => Number.isSafeInteger(frame.id)));
    });
});
