/** Typed use of events-client.js: compiles under tsc --strict exactly when events-client.d.ts is tight and true. */
import { connect, EventsError, EventsSocket } from '../../main/webapp/events-client.js';
import type { AckData, ChatMessage, ConnectionState, HistoryAck, Position, Recovery, RefreshAck }
    from '../../main/webapp/events-client.js';

declare module '../../main/webapp/events-client.js' {
    interface EventsClientEvents {
        'order:created': (order: { id: number }) => void;
    }
}

const socket: EventsSocket = connect('/events', {
    token: async () => 'jwt',
    reconnectionDelay: 500,
    reconnectionResetDelay: 10_000,
    maxQueuedFrames: 10,
});
connect({ token: 'jwt', autoConnect: false }).connect().close();
connect(new URL('ws://localhost/events')).disconnect();

socket.on('connect', () => socket.join('lobby'))
    .on('disconnect', (reason, code, text) => console.log(reason === 'transport close', code + 1, text.length))
    .on('connect_error', (err) => console.log(err.code, err.closeCode, err.description))
    .on('state', (state: ConnectionState, attempt: number) => console.log(state, attempt))
    .on('message', (message: ChatMessage) => console.log(message.senderId, message.room?.length))
    .on('user:joined', ({ userId, room }) => console.log(userId, room))
    .on('token:expiring', ({ expiresAt }) => console.log(Date.parse(expiresAt)))
    .on('token_refreshed', (ack: RefreshAck) => console.log(ack.expiresAt, ack.revoked.join()))
    .on('token_refresh_failed', (err) => console.log(err instanceof EventsError, err.code === 'INVALID_TOKEN'))
    .on('error', ({ code, message, room }) => console.log(code, message, room))
    .on('order:created', (order) => console.log(order.id.toFixed()))
    .on('price:changed', (data, position) => console.log(data, position?.offset.toFixed()))
    .on('message', (message, position?: Position) => console.log(message.content, position?.epoch.length))
    .on('recovery', (recovery: Recovery) => console.log(recovery.room,
        recovery.recovered ? recovery.count.toFixed() : recovery.reason, recovery.offset))
    .once('reconnect', (attempt) => console.log(attempt.toFixed()))
    .onAny((event, data, position) => console.log(event, data, position?.room))
    .off('message')
    .off();

socket.emit('message', { content: 'hi' }, (err, data) => console.log(err?.retryAfterMs, data?.timestamp));

async function use(): Promise<void> {
    const ack: AckData = await socket.emitWithAck('message', { content: 'hi' });
    const joined = await socket.join('lobby');
    await socket.leave('lobby');
    await socket.send('hello', 'lobby');
    await socket.send('hello everyone');
    const refreshed = await socket.refreshToken();
    await socket.refreshToken('a-new-jwt');
    const expiry: Date | null = socket.expiresAt;
    const protocol: string | null = socket.protocol;
    const rooms: string[] = socket.rooms;
    const position: Position | null = socket.position('lobby');
    const history: HistoryAck = await socket.history('lobby', 5);
    await socket.history('lobby');
    console.log(position?.offset, history.publications.map((p) => `${p.event} ${p.epoch} ${p.offset}`),
        joined.recovered, joined.reason, joined.epoch, joined.offset);
    console.log(ack.success, joined.room, refreshed.revoked, expiry?.getTime(), protocol, rooms, socket.state,
        socket.active, socket.connected, socket.id, socket.userId);
    const failure = new EventsError('failed', { code: 'QUEUE_FULL' });
    console.log(failure.name, failure.code);
}

// Each line below must fail to compile: tsc reports an unused @ts-expect-error when the typings let it through.

// @ts-expect-error connect passes no arguments
socket.on('connect', (reason: string) => console.log(reason));
// @ts-expect-error message data is a ChatMessage
socket.on('message', (data: number) => console.log(data));
// @ts-expect-error a declared event must use its declared listener type
socket.on('order:created', (order: string) => console.log(order));
// @ts-expect-error undeclared pushes carry unknown data
socket.on('price:changed', (data: { price: number }) => console.log(data.price));
// @ts-expect-error rooms are strings
socket.join(42);
// @ts-expect-error options are checked
connect('/events', { tokn: 'jwt' });
// @ts-expect-error expiresAt may be null
const expiry: Date = socket.expiresAt;
// @ts-expect-error revoked rooms are strings
socket.refreshToken().then((ack) => ack.revoked.push(1));
// @ts-expect-error state is read-only
socket.state = 'connected';
// @ts-expect-error a position may be null
socket.position('lobby').offset;
// @ts-expect-error only a recovery that recovered has a count
socket.on('recovery', (recovery) => console.log(recovery.count));
// @ts-expect-error the history limit is a number
socket.history('lobby', '5');

export { use, expiry };
