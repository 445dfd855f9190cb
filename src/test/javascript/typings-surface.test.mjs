/** events-client.d.ts declares exactly the public members and exports events-client.js has. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { client } from './harness.mjs';

const TYPINGS = readFileSync(new URL('../../main/webapp/events-client.d.ts', import.meta.url), 'utf8');

/** Names declared in the body of `export class <name>` of the typings, constructor excluded. */
function declaredMembers(className) {
    const body = TYPINGS.split(`export class ${className}`)[1].split('\n}')[0];
    const names = [...body.matchAll(/^ {4}(?:readonly )?(\w+)\??[<(:]/gm)].map((match) => match[1]);
    return [...new Set(names)].filter((name) => name !== 'constructor').sort();
}

test('EventsSocket members match the typings', () => {
    const actual = Object.getOwnPropertyNames(client.EventsSocket.prototype)
        .filter((name) => name !== 'constructor').sort();

    assert.deepEqual(declaredMembers('EventsSocket'), actual);
});

test('the module exports match the typings', () => {
    const declared = [...TYPINGS.matchAll(/^export (?:class|function) (\w+)/gm)].map((match) => match[1]);

    assert.deepEqual([...new Set(declared)].sort(), Object.keys(client).sort());
});
