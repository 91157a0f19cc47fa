import test from 'ava';
import { activeKey, keyState } from '../../src/keys/key-state.js';
import type { KeyState } from '../../src/keys/key-state.js';

const key = (activateAt: number, supersededAt: number | null = null, retireAt: number | null = null, kid = 'k') => ({
  kid, createdAt: 0, activateAt, supersededAt, retireAt,
});

test('computes a key state from its schedule', (t) => {
  const rows: [ReturnType<typeof key>, number, KeyState][] = [
    [key(10), 9, 'PENDING'],
    [key(10), 10, 'ACTIVE'],
    [key(10, 20, 30), 19, 'ACTIVE'],
    [key(10, 20, 30), 20, 'PREVIOUS'],
    [key(10, 20, 30), 30, 'RETIRED'],
    [key(50, 20, 80), 30, 'PREVIOUS'], // replaced before it ever activated
  ];
  for (const [k, now, state] of rows) t.is(keyState(k, now), state, JSON.stringify({ k, now }));
});

test('the newest activated key signs, even while the one it replaces is still active', (t) => {
  const keys = [key(0, 100, 200, 'old'), key(50, null, null, 'new'), key(500, null, null, 'pending')];
  t.is(activeKey(keys, 49)?.kid, 'old');
  t.is(activeKey(keys, 50)?.kid, 'new');
  t.is(activeKey(keys, 150)?.kid, 'new');
  t.is(activeKey([key(10, 10, 20)], 10), undefined);
});
