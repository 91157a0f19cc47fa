/** Shared fixtures for the identity tests: a settable clock, a recording logger, mock state in sqlite. */
import test from 'ava';
import { MockIdentitySystem, placeholderBiometricMatcher, type MockIdentitySystemOptions } from '../../src/identity/index.js';
import { closeDatabase, migrateLatest, openDatabase, type Database } from '../../src/storage/index.js';
import { mockIdentityState, type MockIdentityRepository } from '../../src/storage/mock-identity.js';

/** A clock the test moves by hand. */
export function manualClock(start = Date.UTC(2025, 0, 1)) {
  let now = start;
  return {
    clock: () => now,
    advance(seconds: number) {
      now += seconds * 1000;
    },
  };
}

/** A logger that keeps every line so tests can assert on it. */
export function recordingLogger() {
  const lines: { level: 'warn' | 'info'; msg: string; fields?: object }[] = [];
  return {
    lines,
    warn: (msg: string, fields?: object) => void lines.push({ level: 'warn', msg, fields }),
    info: (msg: string, fields?: object) => void lines.push({ level: 'info', msg, fields }),
  };
}

/** Seeded people of the shipped identities file. */
export const AISHA = { individualId: '8267411571', pin: '545411', seed: 'signet-mock-8267411571' } as const;
export const CAMILLE = { individualId: '5860356276', pin: '482913', seed: 'signet-mock-5860356276' } as const;
export const KOFI = { individualId: '2147306859', pin: '731560', seed: 'signet-mock-2147306859' } as const;

const opened: { db: Database; ready: Promise<unknown> }[] = [];
test.after.always(() => Promise.all(opened.map(async ({ db, ready }) => {
  await ready.catch(() => undefined);
  await closeDatabase(db);
})));

/**
 * The mock's state in the real storage code, over a fresh in-memory sqlite database that
 * is migrated on first use (so this stays synchronous for the tests that build a mock).
 */
export function memoryState(): MockIdentityRepository {
  const db = openDatabase({ sqliteFile: ':memory:' });
  const ready = migrateLatest(db);
  opened.push({ db, ready });
  const repo = mockIdentityState(db);
  return Object.fromEntries(
    Object.entries(repo).map(([name, fn]) => [name, async (...args: unknown[]) => {
      await ready;
      return (fn as (...a: unknown[]) => unknown)(...args);
    }]),
  ) as unknown as MockIdentityRepository;
}

/** A mock over the shipped identities file with a manual clock. */
export function makeMock(overrides: Partial<MockIdentitySystemOptions> = {}) {
  const time = manualClock();
  const logger = recordingLogger();
  // These unit tests build records with placeholderIsoRecord, so they use its matcher; the
  // default (SBI synthetic templates) is covered by the sbi matcher tests.
  const idp = new MockIdentitySystem({
    production: false, logger, clock: time.clock, matcher: placeholderBiometricMatcher, state: memoryState(), ...overrides,
  });
  return { idp, time, logger };
}

/** The common RP fields of a request. */
export const RP = { clientId: 'client-1', relyingPartyId: 'rp-1' } as const;
