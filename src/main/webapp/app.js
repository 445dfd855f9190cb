/**
 * Demo console for the events gateway: connect as a user, join rooms, chat, watch presence and server stats. After a
 * reconnect each room tells whether the messages missed meanwhile were recovered (protocol 1.2).
 *
 * Query parameters, for demos and browser tests: `?user=alice&admin=1&room=lobby&connect=1` fills the form, joins
 * `room` once connected and, with `connect=1`, connects at once.
 *
 * Everything lives in this module's scope: the page exposes no globals. Tests drive it through the element ids and
 * `data-testid` attributes of index.html and read `data-state`, `data-kind`, `data-room`, `data-sender` and
 * `data-own` off the elements.
 */
import { connect } from '/events-client.js';

const USER_PATTERN = /^[A-Za-z0-9._@-]{1,64}$/;
const ROOM_PATTERN = /^[A-Za-z0-9._:-]{1,64}$/;
const STATS_ROOM = 'ops:stats';
const MAX_CONTENT = 1000;
const MAX_LOG_ENTRIES = 500;
const WIDE = matchMedia('(min-width: 821px)');

const $ = (id) => /** @type {HTMLElement} */ (document.getElementById(id));

const el = {
    app: $('app'),
    state: $('connection-state'),
    stateText: $('connection-state-text'),
    sidebar: $('sidebar'),
    sidebarToggle: $('sidebar-toggle'),
    scrim: $('scrim'),
    connectForm: /** @type {HTMLFormElement} */ ($('connect-form')),
    user: /** @type {HTMLInputElement} */ ($('user-name')),
    admin: /** @type {HTMLInputElement} */ ($('admin-checkbox')),
    tokenDetails: /** @type {HTMLDetailsElement} */ ($('token-details')),
    token: /** @type {HTMLTextAreaElement} */ ($('token-input')),
    devTokenNotice: $('dev-token-notice'),
    connectError: $('connect-error'),
    connectButton: /** @type {HTMLButtonElement} */ ($('connect-button')),
    disconnectButton: /** @type {HTMLButtonElement} */ ($('disconnect-button')),
    identity: $('identity'),
    identityUser: $('identity-user'),
    identityConnection: $('identity-connection'),
    joinForm: /** @type {HTMLFormElement} */ ($('join-form')),
    roomName: /** @type {HTMLInputElement} */ ($('room-name')),
    joinButton: /** @type {HTMLButtonElement} */ ($('join-button')),
    joinOps: /** @type {HTMLButtonElement} */ ($('join-ops-button')),
    roomList: $('room-list'),
    roomEmpty: $('room-empty'),
    statsPanel: $('stats-panel'),
    statsConnections: $('stats-connections'),
    statsRooms: $('stats-rooms'),
    statsTime: $('stats-time'),
    tabs: $('tabs'),
    log: $('message-log'),
    logEmpty: $('log-empty'),
    composer: /** @type {HTMLFormElement} */ ($('composer')),
    target: /** @type {HTMLSelectElement} */ ($('message-target')),
    input: /** @type {HTMLTextAreaElement} */ ($('message-input')),
    counter: $('message-counter'),
    send: /** @type {HTMLButtonElement} */ ($('send-button')),
    template: /** @type {HTMLTemplateElement} */ ($('message-template')),
};

/** @typedef {'joining' | 'joined' | 'rejoining'} RoomStatus */

const view = {
    /** @type {import('./events-client.js').EventsSocket | null} */
    socket: null,
    /** The user name the current socket was opened for (the token's sub once connected). */
    user: '',
    admin: false,
    /** 'all', 'global' or a room name. */
    tab: 'all',
    /** Where the composer sends: '' for everyone, or a room name. */
    target: '',
    /** @type {Map<string, {status: RoomStatus, unread: number}>} */
    rooms: new Map(),
    unreadGlobal: 0,
    /** Attempt number shown while reconnecting. */
    attempt: 0,
    /** The socket has connected at least once: a 404 from /dev/token after that is transient. */
    everConnected: false,
    /** Set by `reconnect`, which comes just before `connect`. */
    reconnected: false,
};

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
const fullFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

// ------------------------------------------------------------------------------------------------------- tokens

/**
 * Fetches a development token.
 * @param {string} user
 * @param {boolean} admin
 * @returns {Promise<string>}
 */
async function fetchDevToken(user, admin) {
    const params = new URLSearchParams({ user });
    if (admin) {
        params.set('roles', 'admin');
    }
    const response = await fetch(`/dev/token?${params}`, { cache: 'no-store', credentials: 'same-origin' });
    if (response.status === 404) {
        throw Object.assign(new Error('development tokens are disabled on this server'),
            { code: 'DEV_TOKENS_DISABLED' });
    }
    if (!response.ok) {
        const text = (await response.text()).trim();
        throw Object.assign(new Error(`the token endpoint answered ${response.status}${text ? `: ${text}` : ''}`),
            { code: 'TOKEN_ENDPOINT' });
    }
    return (await response.text()).trim();
}

/** Finds out once whether /dev/token is on, to explain the alternative before anyone clicks Connect. */
async function probeDevTokens() {
    try {
        const response = await fetch('/dev/token?user=probe', { method: 'HEAD', cache: 'no-store' });
        showDevTokenNotice(response.status === 404);
    } catch {
        // offline: Connect will tell
    }
}

/** @param {boolean} show */
function showDevTokenNotice(show) {
    el.devTokenNotice.hidden = !show;
    if (show) {
        el.tokenDetails.open = true;
    }
}

/**
 * Reads the claims of a JWT without verifying it, only to adapt the page (the user name and the admin role).
 * @param {string} token
 * @returns {{sub?: string, roles?: string[]} | null}
 */
function peekClaims(token) {
    try {
        const payload = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
        const bytes = Uint8Array.from(atob(payload), (c) => c.charCodeAt(0));
        return JSON.parse(new TextDecoder().decode(bytes));
    } catch {
        return null;
    }
}

// --------------------------------------------------------------------------------------------------- connecting

/** @param {SubmitEvent} event */
function onConnectSubmit(event) {
    event.preventDefault();
    const pasted = el.token.value.trim();
    const user = el.user.value.trim();
    showConnectError('');
    if (!pasted && !USER_PATTERN.test(user)) {
        showConnectError('Choose a user name of 1 to 64 characters: letters, digits and . _ @ -');
        el.user.focus();
        return;
    }
    openSocket(pasted, user, el.admin.checked);
}

/**
 * @param {string} pastedToken a JWT, or '' for a development token
 * @param {string} user
 * @param {boolean} admin
 */
function openSocket(pastedToken, user, admin) {
    if (view.socket) {
        view.socket.off();
        view.socket.close();
    }
    if (pastedToken) {
        const claims = peekClaims(pastedToken);
        view.user = claims?.sub ?? '';
        view.admin = Array.isArray(claims?.roles) && claims.roles.includes('admin');
    } else {
        view.user = user;
        view.admin = admin;
    }
    view.everConnected = false;
    view.attempt = 0;
    const token = pastedToken || (() => fetchDevToken(user, admin));
    const socket = connect('/events', { token });
    view.socket = socket;
    wire(socket);
    render();
}

function disconnectSocket() {
    view.socket?.close();
}

/** @param {import('./events-client.js').EventsSocket} socket */
function wire(socket) {
    socket.on('state', (state) => {
        if (state !== 'reconnecting') {
            view.attempt = 0;
        }
        render();
    });

    socket.on('connect', () => {
        view.everConnected = true;
        view.user = socket.userId ?? view.user;
        showConnectError('');
        showDevTokenNotice(false);
        for (const [room, info] of view.rooms) {
            if (socket.rooms.includes(room)) {
                info.status = 'joined';
            } else {
                view.rooms.delete(room);
            }
        }
        if (!view.reconnected) {
            system(`Connected as ${socket.userId}`, null, 'connected');
        }
        view.reconnected = false;
        closeSidebar();
        render();
    });

    socket.on('reconnect', (attempts) => {
        const rooms = socket.rooms;
        view.reconnected = true;
        system(`Reconnected as ${socket.userId} after ${attempts} ${attempts === 1 ? 'attempt' : 'attempts'}`
            + (rooms.length ? `, rejoining ${rooms.map((r) => `#${r}`).join(', ')}` : ''), null, 'reconnected');
    });

    socket.on('disconnect', (reason, code, text) => {
        for (const info of view.rooms.values()) {
            info.status = 'rejoining';
        }
        let message;
        if (reason === 'io client disconnect') {
            message = 'Disconnected';
        } else if (reason === 'ping timeout') {
            message = 'Disconnected: ping timeout (no answer to the heartbeat)';
        } else {
            message = `Disconnected: ${reason} (${code}${text ? ` ${text}` : ''})`;
        }
        system(message, null, 'disconnected');
        render();
    });

    socket.on('recovery', (recovery) => {
        if (recovery.recovered) {
            const noun = recovery.count === 1 ? 'message' : 'messages';
            system(`#${recovery.room}: recovered ${recovery.count} ${noun}`, recovery.room, 'recovered');
        } else {
            system(`#${recovery.room}: history lost (${recovery.reason})`, recovery.room, 'lost');
        }
    });

    socket.on('reconnect_attempt', (attempt) => {
        view.attempt = attempt;
        render();
    });

    socket.on('reconnect_failed', () => {
        system('Gave up reconnecting', null, 'error');
    });

    socket.on('connect_error', (err) => {
        if (err.code === 'DEV_TOKENS_DISABLED' && view.everConnected) {
            // Seen while the server restarts: the application is not deployed yet.
            system('Connection attempt failed: the server is not ready yet (no token from /dev/token)', null, 'muted');
        } else if (err.code === 'DEV_TOKENS_DISABLED') {
            socket.close();
            showDevTokenNotice(true);
            showConnectError('');
            el.token.focus();
        } else if (err.code === 'INVALID_CREDENTIALS' || err.code === 'TOKEN_REFUSED') {
            const why = err.description && err.description !== 'invalid credentials' ? ` (${err.description})` : '';
            const next = socket.active
                ? 'Fetching a new token…'
                : 'Connect again with a user name, or paste a valid token.';
            showConnectError(`The server refused the token${why}. ${next}`);
            system(`Connection refused: invalid credentials${why}`, null, 'error');
        } else if (err.code === 'TOKEN_ENDPOINT' && !view.everConnected) {
            socket.close();
            showConnectError(err.message);
        } else {
            system(`Connection attempt failed: ${err.message}${err.closeCode ? ` (${err.closeCode})` : ''}`,
                null, 'muted');
        }
        render();
    });

    socket.on('message', (message) => addMessage(message));

    socket.on('user:joined', ({ userId, room }) => system(`${userId} joined #${room}`, room, 'presence'));
    socket.on('user:left', ({ userId, room }) => system(`${userId} left #${room}`, room, 'presence'));

    socket.on('server:stats', (stats) => {
        el.statsConnections.textContent = String(stats?.connections ?? '–');
        el.statsRooms.textContent = String(stats?.rooms ?? '–');
        setTime(el.statsTime, stats?.timestamp);
        el.statsPanel.hidden = false;
        addEntry({
            kind: 'stats',
            room: STATS_ROOM,
            text: `${stats?.connections} connections · ${stats?.rooms} rooms`,
            timestamp: stats?.timestamp,
        });
    });

    socket.on('error', (error) => {
        const room = error?.room ?? null;
        if (room) {
            view.rooms.delete(room);
            render();
        }
        addEntry({ kind: 'error', room, text: `${error?.code ?? 'ERROR'}: ${error?.message ?? ''}` });
    });

    socket.onAny((event, data) => {
        if (!['message', 'user:joined', 'user:left', 'server:stats', 'error'].includes(event)) {
            addEntry({ kind: 'event', room: null, sender: event, text: JSON.stringify(data) });
        }
    });
}

// -------------------------------------------------------------------------------------------------------- rooms

/** @param {string} room */
async function joinRoom(room) {
    const socket = view.socket;
    if (!socket) {
        return;
    }
    if (!ROOM_PATTERN.test(room)) {
        addEntry({ kind: 'error', room: null, text: `INVALID_ROOM: '${room}' — use 1 to 64 of A-Z a-z 0-9 . _ : -` });
        return;
    }
    if (!view.rooms.has(room)) {
        view.rooms.set(room, { status: 'joining', unread: 0 });
    }
    selectTab(room);
    try {
        await socket.join(room);
        const info = view.rooms.get(room);
        if (info && socket === view.socket) {
            info.status = 'joined';
            system(`You joined #${room}`, room, 'presence');
        }
    } catch (err) {
        if (socket !== view.socket) {
            return;
        }
        if (!socket.rooms.includes(room)) {
            view.rooms.delete(room);
            if (view.tab === room) {
                view.tab = 'all';
            }
        }
        addEntry({ kind: 'error', room: null, text: `Cannot join #${room}: ${err.code ?? 'ERROR'} ${err.message}` });
    }
    render();
}

/** @param {string} room */
async function leaveRoom(room) {
    const socket = view.socket;
    view.rooms.delete(room);
    if (view.tab === room) {
        view.tab = 'all';
    }
    render();
    if (!socket) {
        return;
    }
    try {
        await socket.leave(room);
        system(`You left #${room}`, room, 'presence');
    } catch (err) {
        addEntry({ kind: 'error', room: null, text: `Cannot leave #${room}: ${err.code ?? 'ERROR'} ${err.message}` });
    }
}

// ------------------------------------------------------------------------------------------------------ sending

async function sendMessage() {
    const socket = view.socket;
    const content = el.input.value;
    if (!socket || !socket.active || content.trim() === '') {
        return;
    }
    if ([...content].length > MAX_CONTENT) {
        addEntry({ kind: 'error', room: null, text: `MESSAGE_TOO_LONG: at most ${MAX_CONTENT} characters` });
        return;
    }
    const room = currentTarget() || null;
    el.input.value = '';
    autosize();
    updateCounter();
    try {
        const ack = await socket.send(content, room);
        if (!room) {
            // The server sends global messages to everybody but the sender.
            addMessage({ senderId: socket.userId ?? view.user, content, room: null, timestamp: ack.timestamp });
        }
    } catch (err) {
        const retry = err.retryAfterMs ? ` (retry in ${Math.ceil(err.retryAfterMs / 100) / 10} s)` : '';
        addEntry({
            kind: 'error',
            room,
            text: `Not sent${room ? ` to #${room}` : ''}: ${err.code ?? 'ERROR'} ${err.message}${retry}`,
        });
        if (el.input.value === '') {
            el.input.value = content;
            autosize();
            updateCounter();
        }
    }
}

// ---------------------------------------------------------------------------------------------------------- log

/** @param {{senderId: string, content: string, room: string | null, timestamp?: string}} message */
function addMessage(message) {
    const room = message.room ?? null;
    const own = message.senderId === (view.socket?.userId ?? view.user);
    addEntry({ kind: 'message', room, sender: message.senderId, text: message.content, timestamp: message.timestamp, own });
    if (!own) {
        if (room && view.rooms.has(room) && view.tab !== room) {
            view.rooms.get(room).unread++;
            renderTabs();
        } else if (!room && view.tab !== 'global' && view.tab !== 'all') {
            view.unreadGlobal++;
            renderTabs();
        }
    }
}

/**
 * @param {string} text
 * @param {string | null} room
 * @param {string} tone connected, disconnected, reconnected, recovered, lost, presence, error or muted
 */
function system(text, room, tone) {
    addEntry({ kind: 'system', room, text, tone });
}

/**
 * @param {{kind: string, room: string | null, text: string, sender?: string, timestamp?: string, own?: boolean,
 *     tone?: string}} entry
 */
function addEntry(entry) {
    const nearBottom = el.log.scrollHeight - el.log.scrollTop - el.log.clientHeight < 80;
    const li = /** @type {HTMLLIElement} */ (el.template.content.firstElementChild.cloneNode(true));
    li.dataset.testid = 'log-entry';
    li.dataset.kind = entry.kind;
    li.dataset.room = entry.room ?? '';
    if (entry.sender) {
        li.dataset.sender = entry.sender;
    }
    if (entry.own) {
        li.dataset.own = 'true';
    }
    if (entry.tone) {
        li.dataset.tone = entry.tone;
    }
    li.classList.add(`entry-${entry.kind}`);
    const sender = li.querySelector('.entry-sender');
    const roomLabel = li.querySelector('.entry-room');
    if (entry.kind === 'message' || entry.kind === 'event') {
        sender.textContent = entry.own ? 'You' : entry.sender;
        if (entry.kind === 'message') {
            sender.style.setProperty('--hue', String(hue(entry.sender)));
        }
    } else {
        sender.remove();
    }
    if (entry.kind === 'message' || entry.kind === 'error') {
        roomLabel.textContent = entry.room ? `#${entry.room}` : entry.kind === 'message' ? 'everyone' : '';
    }
    if (!roomLabel.textContent) {
        roomLabel.remove();
    }
    setTime(/** @type {HTMLTimeElement} */ (li.querySelector('.entry-time')), entry.timestamp);
    li.querySelector('.entry-body').textContent = entry.text;
    li.hidden = !matchesTab(li);
    el.log.append(li);
    while (el.log.childElementCount > MAX_LOG_ENTRIES) {
        el.log.firstElementChild.remove();
    }
    updateLogEmpty();
    if (nearBottom || entry.own) {
        el.log.scrollTop = el.log.scrollHeight;
    }
}

/**
 * @param {HTMLTimeElement} time
 * @param {string | undefined} iso
 */
function setTime(time, iso) {
    const date = iso ? new Date(iso) : new Date();
    const valid = !Number.isNaN(date.getTime());
    const shown = valid ? date : new Date();
    time.dateTime = shown.toISOString();
    time.textContent = timeFormat.format(shown);
    time.title = fullFormat.format(shown);
}

/** A stable hue per user name, for the sender's colour. @param {string} name */
function hue(name) {
    let hash = 0;
    for (const char of String(name)) {
        hash = (hash * 31 + char.codePointAt(0)) | 0;
    }
    return Math.abs(hash) % 360;
}

/** @param {HTMLElement} li */
function matchesTab(li) {
    const { kind, room } = li.dataset;
    if (room === '' && (kind === 'system' || kind === 'error')) {
        return true; // connection events and errors that concern no room show everywhere
    }
    switch (view.tab) {
        case 'all':
            return kind !== 'stats';
        case 'global':
            return room === '' && kind !== 'stats';
        default:
            return room === view.tab;
    }
}

function applyFilter() {
    for (const li of el.log.children) {
        li.hidden = !matchesTab(/** @type {HTMLElement} */ (li));
    }
    updateLogEmpty();
    el.log.scrollTop = el.log.scrollHeight;
}

function updateLogEmpty() {
    el.logEmpty.hidden = el.log.querySelector(':scope > li:not([hidden])') !== null;
}

// ------------------------------------------------------------------------------------------------------ rendering

/** @param {string} tab 'all', 'global' or a room */
function selectTab(tab) {
    view.tab = tab;
    if (tab === 'global') {
        view.unreadGlobal = 0;
    } else if (view.rooms.has(tab)) {
        view.rooms.get(tab).unread = 0;
    }
    if (tab === 'all' || tab === 'global') {
        view.target = '';
    } else if (view.rooms.has(tab)) {
        view.target = tab;
    }
    render();
    applyFilter();
}

const STATE_TEXT = {
    connecting: 'Connecting…',
    connected: 'Connected',
    reconnecting: 'Reconnecting…',
    disconnected: 'Disconnected',
};

function render() {
    const socket = view.socket;
    const state = socket?.state ?? 'disconnected';
    el.app.dataset.state = state;
    el.state.dataset.state = state;
    el.state.dataset.attempt = String(view.attempt);
    el.stateText.textContent = state === 'reconnecting' && view.attempt > 0
        ? `Reconnecting (attempt ${view.attempt})…`
        : STATE_TEXT[state];

    const active = socket?.active ?? false;
    const connected = state === 'connected';
    el.connectButton.disabled = active;
    el.disconnectButton.disabled = !active;
    el.user.disabled = active;
    el.admin.disabled = active;
    el.token.disabled = active;
    el.identity.hidden = !connected;
    el.identityUser.textContent = socket?.userId ?? '';
    el.identityConnection.textContent = socket?.id ?? '';

    el.roomName.disabled = !active;
    el.joinButton.disabled = !active;
    el.joinOps.hidden = !view.admin || !active;
    el.joinOps.disabled = !active || view.rooms.has(STATS_ROOM);
    el.statsPanel.hidden = el.statsPanel.hidden || !view.admin;

    el.input.disabled = !active;
    el.target.disabled = !active;
    el.send.disabled = !active;
    el.input.placeholder = !active
        ? 'Connect to send messages'
        : connected
            ? `Message ${currentTarget() ? `#${currentTarget()}` : 'everyone'}${
                WIDE.matches ? ' — Enter to send, Shift+Enter for a new line' : ''}`
            : 'Offline: messages are queued and sent on reconnect';

    renderRooms();
    renderTabs();
    renderTargets();
}

function renderRooms() {
    el.roomList.replaceChildren(...[...view.rooms].map(([room, info]) => {
        const li = document.createElement('li');
        li.className = 'room';
        li.dataset.testid = 'room-item';
        li.dataset.room = room;
        li.dataset.status = info.status;
        li.classList.toggle('room-active', view.tab === room);

        const open = document.createElement('button');
        open.type = 'button';
        open.className = 'room-open';
        open.dataset.testid = 'room-open';
        open.addEventListener('click', () => {
            selectTab(room);
            closeSidebar();
        });
        const name = document.createElement('span');
        name.className = 'room-name';
        name.textContent = `#${room}`;
        const status = document.createElement('span');
        status.className = 'room-status';
        status.textContent = info.status === 'joined' ? '' : info.status === 'joining' ? 'joining…' : 'rejoining…';
        open.append(name, status);

        const leave = document.createElement('button');
        leave.type = 'button';
        leave.className = 'icon-button room-leave';
        leave.dataset.testid = 'leave-room';
        leave.dataset.room = room;
        leave.title = `Leave #${room}`;
        leave.setAttribute('aria-label', `Leave #${room}`);
        leave.innerHTML = '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M7 7l10 10M17 7L7 17"/></svg>';
        leave.addEventListener('click', () => leaveRoom(room));
        li.append(open, leave);
        return li;
    }));
    el.roomEmpty.hidden = view.rooms.size > 0 || !(view.socket?.active ?? false);
}

function renderTabs() {
    const tabs = [
        tabButton('all', 'All activity', 0, 'tab-all'),
        tabButton('global', 'Everyone', view.unreadGlobal, 'tab-global'),
        ...[...view.rooms].map(([room, info]) => tabButton(room, `#${room}`, info.unread, 'room-tab')),
    ];
    el.tabs.replaceChildren(...tabs);
}

/**
 * @param {string} key
 * @param {string} label
 * @param {number} unread
 * @param {string} testid
 */
function tabButton(key, label, unread, testid) {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'tab';
    button.setAttribute('role', 'tab');
    button.dataset.testid = testid;
    if (testid === 'room-tab') {
        button.dataset.room = key;
    }
    const selected = view.tab === key;
    button.setAttribute('aria-selected', String(selected));
    button.tabIndex = selected ? 0 : -1;
    button.textContent = label;
    if (unread > 0) {
        const badge = document.createElement('span');
        badge.className = 'badge';
        badge.dataset.testid = 'unread';
        badge.textContent = unread > 99 ? '99+' : String(unread);
        badge.setAttribute('aria-label', `${unread} unread`);
        button.append(badge);
    }
    button.addEventListener('click', () => selectTab(key));
    return button;
}

function renderTargets() {
    const options = [new Option('Everyone', '')];
    for (const room of view.rooms.keys()) {
        options.push(new Option(`#${room}`, room));
    }
    el.target.replaceChildren(...options);
    el.target.value = currentTarget();
}

/** @returns {string} the composer's room, '' for everyone */
function currentTarget() {
    return view.rooms.has(view.target) ? view.target : '';
}

function updateCounter() {
    const length = [...el.input.value].length;
    el.counter.textContent = length > MAX_CONTENT * 0.8 ? `${length}/${MAX_CONTENT}` : '';
    el.counter.classList.toggle('counter-over', length > MAX_CONTENT);
}

function autosize() {
    if (el.input.value === '') {
        el.input.style.height = ''; // the placeholder must not size it
        return;
    }
    el.input.style.height = 'auto';
    el.input.style.height = `${Math.min(el.input.scrollHeight, 160)}px`;
}

/** @param {string} text '' hides it */
function showConnectError(text) {
    el.connectError.textContent = text;
    el.connectError.hidden = text === '';
}

function openSidebar() {
    el.app.classList.add('sidebar-open');
    el.sidebarToggle.setAttribute('aria-expanded', 'true');
    el.scrim.hidden = false;
}

function closeSidebar() {
    el.app.classList.remove('sidebar-open');
    el.sidebarToggle.setAttribute('aria-expanded', 'false');
    el.scrim.hidden = true;
}

// ------------------------------------------------------------------------------------------------------- wiring

el.connectForm.addEventListener('submit', onConnectSubmit);
el.disconnectButton.addEventListener('click', disconnectSocket);
el.joinForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const room = el.roomName.value.trim();
    if (room) {
        el.roomName.value = '';
        joinRoom(room);
    }
});
el.joinOps.addEventListener('click', () => joinRoom(STATS_ROOM));
for (const suggestion of document.querySelectorAll('[data-suggest-room]')) {
    suggestion.addEventListener('click', () => joinRoom(/** @type {HTMLElement} */ (suggestion).dataset.suggestRoom));
}
el.composer.addEventListener('submit', (event) => {
    event.preventDefault();
    sendMessage();
});
el.input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        sendMessage();
    }
});
el.input.addEventListener('input', () => {
    autosize();
    updateCounter();
});
el.target.addEventListener('change', () => {
    view.target = el.target.value;
    render();
});
el.sidebarToggle.addEventListener('click', () => {
    if (el.app.classList.contains('sidebar-open')) {
        closeSidebar();
    } else {
        openSidebar();
    }
});
el.scrim.addEventListener('click', closeSidebar);
WIDE.addEventListener('change', () => render());
document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') {
        closeSidebar();
    }
});
el.tabs.addEventListener('keydown', (event) => {
    if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') {
        return;
    }
    const tabs = [...el.tabs.querySelectorAll('.tab')];
    const index = tabs.findIndex((tab) => tab.getAttribute('aria-selected') === 'true');
    const next = tabs[(index + (event.key === 'ArrowRight' ? 1 : -1) + tabs.length) % tabs.length];
    next?.click();
    /** @type {HTMLElement | undefined} */ (el.tabs.querySelector('[aria-selected="true"]'))?.focus();
});

// ------------------------------------------------------------------------------------------------------- start

const params = new URLSearchParams(location.search);
el.user.value = params.get('user') ?? '';
el.admin.checked = ['1', 'true', 'yes'].includes(params.get('admin') ?? '');
render();
updateLogEmpty();
probeDevTokens();
if (params.get('room')) {
    const room = params.get('room');
    const joinOnce = () => {
        view.socket?.off('connect', joinOnce);
        joinRoom(room);
    };
    el.connectForm.addEventListener('submit', () => queueMicrotask(() => view.socket?.on('connect', joinOnce)));
}
if (['1', 'true', 'yes'].includes(params.get('connect') ?? '')) {
    el.connectForm.requestSubmit();
} else {
    if (!WIDE.matches) {
        openSidebar();
    }
    (el.user.value ? el.connectButton : el.user).focus();
}
