// Events gateway admin page: signs in with an admin JWT or the API key, kept in memory only, and drives the server
// API under /ops/api. Every request carries the credential as `Authorization: Bearer`; it never goes into a URL.

const POLL_MS = 2000;
const SAMPLES = 90;
const API = '../ops/api';

const $ = (id) => document.getElementById(id);

/** @type {string | null} the credential, only ever in this variable */
let credential = null;
let pollTimer = 0;
let previous = null;
let selectedRoom = null;
const connectionSamples = [];
/** The answer each list was last drawn from: an unchanged list keeps its elements (and the focus, and a click). */
const drawn = new Map();
const rateSamples = [];

class ApiError extends Error {
    constructor(status, message, field) {
        super(message);
        this.status = status;
        this.field = field;
    }
}

async function api(method, path, body) {
    const headers = { Authorization: `Bearer ${credential}`, Accept: 'application/json' };
    const init = { method, headers, cache: 'no-store', credentials: 'omit', referrerPolicy: 'no-referrer' };
    if (body !== undefined) {
        headers['Content-Type'] = 'application/json';
        init.body = JSON.stringify(body);
    }
    let response;
    try {
        response = await fetch(`${API}${path}`, init);
    } catch (e) {
        throw new ApiError(0, 'The server API cannot be reached.');
    }
    const answer = await response.json().catch(() => ({}));
    if (!response.ok) {
        const error = answer.error || {};
        throw new ApiError(response.status, error.message || `HTTP ${response.status}`, error.field);
    }
    return answer;
}

/** What a refused credential means, in words an operator can act on. */
function explain(error) {
    if (error.status === 401) {
        return 'These credentials were refused: not a valid token or API key (expired, malformed or signed with '
            + 'another key).';
    }
    if (error.status === 403) {
        return 'This token is valid but lacks the admin role. Use a token with "roles": ["admin"] or the API key.';
    }
    return error.message;
}

function el(tag, props = {}, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props)) {
        if (key === 'dataset') {
            Object.assign(node.dataset, value);
        } else if (key === 'onclick') {
            node.addEventListener('click', value);
        } else {
            node.setAttribute(key, value);
        }
    }
    node.append(...children);
    return node;
}

function setSession(state, text) {
    $('admin').dataset.state = state;
    $('session-state').dataset.state = state === 'signed-in' ? 'connected' : 'disconnected';
    $('session-state-text').textContent = text;
    const signedIn = state === 'signed-in';
    $('login-panel').hidden = signedIn;
    $('dashboard').hidden = !signedIn;
    $('sign-out-button').hidden = !signedIn;
}

function showError(id, message) {
    const box = $(id);
    box.textContent = message || '';
    box.hidden = !message;
}

async function signIn(event) {
    event.preventDefault();
    const input = $('credential-input');
    const typed = input.value.trim();
    if (!typed) {
        showError('login-error', 'Paste an admin JWT or the API key first.');
        return;
    }
    credential = typed;
    $('sign-in-button').disabled = true;
    try {
        await api('GET', '/stats');
        input.value = '';
        showError('login-error', null);
        setSession('signed-in', 'Signed in');
        connectionSamples.length = 0;
        rateSamples.length = 0;
        previous = null;
        await poll();
    } catch (error) {
        credential = null;
        showError('login-error', explain(error));
    } finally {
        $('sign-in-button').disabled = false;
    }
}

function signOut(reason) {
    credential = null;
    clearTimeout(pollTimer);
    selectedRoom = null;
    drawn.clear();
    setSession('signed-out', 'Signed out');
    showError('login-error', reason || null);
    showError('api-error', null);
}

/** Runs an API action; a refused credential ends the session, any other failure is shown above the dashboard. */
async function guarded(action) {
    try {
        await action();
        showError('api-error', null);
        return true;
    } catch (error) {
        if (error.status === 401 || error.status === 403) {
            signOut(`Signed out: ${explain(error)}`);
        } else {
            showError('api-error', error.message);
        }
        return false;
    }
}

async function poll() {
    clearTimeout(pollTimer);
    await guarded(async () => {
        const [stats, connections, rooms] = await Promise.all([api('GET', '/stats'),
            api('GET', '/connections?limit=1000'), api('GET', '/rooms?limit=1000')]);
        record(stats);
        renderConnections(connections);
        renderRooms(rooms);
        await renderPresence();
    });
    if (credential !== null) {
        pollTimer = setTimeout(poll, POLL_MS);
    }
}

function record(stats) {
    const at = Date.parse(stats.timestamp);
    let rate = null;
    if (previous && at > previous.at) {
        rate = Math.max(0, (stats.messages - previous.messages) * 1000 / (at - previous.at));
    }
    previous = { at, messages: stats.messages };
    push(connectionSamples, stats.connections);
    if (rate !== null) {
        push(rateSamples, rate);
    }
    $('figure-connections').textContent = String(stats.connections);
    $('figure-users').textContent = String(stats.users);
    $('figure-rooms').textContent = String(stats.rooms);
    $('figure-rate').textContent = rate === null ? '–' : formatRate(rate);
    $('live-updated').textContent = `· updated ${new Date(at).toLocaleTimeString()}`;
    drawChart($('chart-connections'), connectionSamples, String);
    drawChart($('chart-rate'), rateSamples, formatRate);
}

function push(samples, value) {
    samples.push(value);
    if (samples.length > SAMPLES) {
        samples.shift();
    }
}

function formatRate(rate) {
    return rate >= 10 ? rate.toFixed(0) : rate.toFixed(1);
}

/** Draws the samples as a line with a soft area under it, scaled to their maximum, newest on the right. */
function drawChart(canvas, samples, format) {
    const style = getComputedStyle(document.documentElement);
    const color = (name) => style.getPropertyValue(name).trim();
    const ratio = window.devicePixelRatio || 1;
    const width = canvas.clientWidth;
    const height = canvas.clientHeight;
    if (width === 0 || height === 0) {
        return;
    }
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
    const g = canvas.getContext('2d');
    g.scale(ratio, ratio);
    g.clearRect(0, 0, width, height);
    const pad = { top: 12, right: 12, bottom: 10, left: 44 };
    const plotWidth = width - pad.left - pad.right;
    const plotHeight = height - pad.top - pad.bottom;
    const max = niceMax(Math.max(1, ...samples));
    g.font = `11px ${color('--font') || 'sans-serif'}`;
    g.textAlign = 'right';
    g.textBaseline = 'middle';
    for (let i = 0; i <= 2; i++) {
        const y = pad.top + plotHeight * (i / 2);
        g.strokeStyle = color('--border');
        g.lineWidth = 1;
        g.beginPath();
        g.moveTo(pad.left, Math.round(y) + 0.5);
        g.lineTo(width - pad.right, Math.round(y) + 0.5);
        g.stroke();
        g.fillStyle = color('--text-muted');
        g.fillText(format(max * (1 - i / 2)), pad.left - 8, y);
    }
    if (samples.length === 0) {
        return;
    }
    const step = plotWidth / (SAMPLES - 1);
    const x = (i) => pad.left + plotWidth - (samples.length - 1 - i) * step;
    const y = (value) => pad.top + plotHeight * (1 - value / max);
    g.beginPath();
    samples.forEach((value, i) => (i === 0 ? g.moveTo(x(i), y(value)) : g.lineTo(x(i), y(value))));
    const line = new Path2D();
    samples.forEach((value, i) => (i === 0 ? line.moveTo(x(i), y(value)) : line.lineTo(x(i), y(value))));
    g.lineTo(x(samples.length - 1), pad.top + plotHeight);
    g.lineTo(x(0), pad.top + plotHeight);
    g.closePath();
    g.globalAlpha = 0.15;
    g.fillStyle = color('--accent');
    g.fill();
    g.globalAlpha = 1;
    g.strokeStyle = color('--accent');
    g.lineWidth = 2;
    g.lineJoin = 'round';
    g.stroke(line);
    const last = samples.length - 1;
    g.fillStyle = color('--accent');
    g.beginPath();
    g.arc(x(last), y(samples[last]), 3, 0, Math.PI * 2);
    g.fill();
}

/** The smallest of 1, 2 or 5 times a power of ten at or above the value, so the axis reads well. */
function niceMax(value) {
    const power = 10 ** Math.floor(Math.log10(value));
    return [1, 2, 5, 10].map((f) => f * power).find((candidate) => candidate >= value);
}

/** True when this list shows this answer already. */
function unchanged(list, answer) {
    const text = JSON.stringify(answer);
    if (drawn.get(list) === text) {
        return true;
    }
    drawn.set(list, text);
    return false;
}

function renderConnections(answer) {
    if (unchanged('connections', answer)) {
        return;
    }
    const rows = answer.connections.map((connection) => el('tr', {
        'data-testid': 'connection-row', dataset: { user: connection.userId, connection: connection.connectionId },
    },
    el('td', {}, connection.userId),
    el('td', { class: 'mono' }, connection.connectionId),
    el('td', {}, connection.rooms.length ? connection.rooms.map((room) => `#${room}`).join(' ') : '–'),
    el('td', { class: 'mono' }, new Date(connection.expiresAt).toLocaleTimeString()),
    el('td', { class: 'actions' },
        el('button', {
            type: 'button', class: 'button button-small button-danger', 'data-testid': 'disconnect-connection',
            onclick: () => disconnect(`/connections/${encodeURIComponent(connection.connectionId)}/disconnect`),
        }, 'Disconnect'), ' ',
        el('button', {
            type: 'button', class: 'button button-small button-danger', 'data-testid': 'disconnect-user',
            onclick: () => disconnect(`/users/${encodeURIComponent(connection.userId)}/disconnect`),
        }, 'Disconnect user'))));
    $('connection-rows').replaceChildren(...rows);
    $('connections-empty').hidden = rows.length > 0;
    $('connections-truncated').hidden = !answer.truncated;
}

function renderRooms(answer) {
    if (unchanged('rooms', { selectedRoom, answer })) {
        return;
    }
    const items = answer.rooms.map((room) => el('li', {
        class: room.room === selectedRoom ? 'room room-active' : 'room',
    }, el('button', {
        type: 'button', class: 'room-open', 'data-testid': 'room-row', dataset: { room: room.room },
        onclick: () => selectRoom(room.room),
    }, el('span', { class: 'room-name' }, `#${room.room}`),
    el('span', { class: 'room-count', 'data-testid': 'room-members' },
        `${room.members} ${room.members === 1 ? 'member' : 'members'}`))));
    $('room-rows').replaceChildren(...items);
    $('rooms-empty').hidden = items.length > 0;
}

async function selectRoom(room) {
    selectedRoom = room;
    $('publish-room').value = room;
    await guarded(renderPresence);
    document.querySelectorAll('#room-rows .room').forEach((item) => {
        item.classList.toggle('room-active', item.querySelector('[data-room]').dataset.room === room);
    });
    drawn.delete('rooms');
}

async function renderPresence() {
    if (selectedRoom === null) {
        $('presence-room').textContent = '';
        $('presence-rows').replaceChildren();
        $('presence-empty').hidden = false;
        return;
    }
    const answer = await api('GET', `/rooms/${encodeURIComponent(selectedRoom)}/members?limit=1000`);
    if (unchanged('presence', answer)) {
        return;
    }
    $('presence-room').textContent = `#${selectedRoom}`;
    const items = answer.connections.map((member) => el('li', {
        'data-testid': 'presence-row', dataset: { user: member.userId },
    }, el('span', { class: 'presence-user' }, member.userId), el('span', { class: 'mono' }, member.connectionId)));
    $('presence-rows').replaceChildren(...items);
    $('presence-empty').hidden = items.length > 0;
    $('presence-empty').textContent = 'Nobody is in this room now.';
}

async function disconnect(path) {
    const code = Number($('close-code').value);
    const reason = $('close-reason').value;
    if (await guarded(() => api('POST', path, { code, reason }))) {
        await poll();
    }
}

async function publish(event) {
    event.preventDefault();
    const result = $('publish-result');
    let data;
    try {
        data = JSON.parse($('publish-data').value || 'null');
    } catch (e) {
        result.dataset.tone = 'error';
        result.textContent = 'Data must be valid JSON.';
        return;
    }
    const room = $('publish-room').value.trim();
    const name = $('publish-event').value.trim();
    try {
        const answer = await api('POST', `/rooms/${encodeURIComponent(room)}/events`, { event: name, data });
        result.dataset.tone = 'ok';
        const handed = answer.localRecipients === undefined
            ? 'every server hands it out as it arrives'
            : `handed to ${answer.localRecipients} ${answer.localRecipients === 1 ? 'connection' : 'connections'}`;
        result.textContent = `Published ${name} to #${room} at offset ${answer.offset}: ${handed}.`;
    } catch (error) {
        if (error.status === 401 || error.status === 403) {
            signOut(`Signed out: ${explain(error)}`);
            return;
        }
        result.dataset.tone = 'error';
        result.textContent = error.field ? `${error.field}: ${error.message}` : error.message;
    }
}

$('login-form').addEventListener('submit', signIn);
$('sign-out-button').addEventListener('click', () => signOut());
$('publish-form').addEventListener('submit', publish);
window.addEventListener('resize', () => {
    drawChart($('chart-connections'), connectionSamples, String);
    drawChart($('chart-rate'), rateSamples, formatRate);
});
