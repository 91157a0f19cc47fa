/**
 * Tests that need something this machine may not have (PostgreSQL, Chromium) are registered
 * as visible skips when it is missing: ava counts them (`# skip N`), TAP marks each `# SKIP`,
 * and the title says why. A test that returned early with `t.pass()` would be counted as
 * passed, and a loop over the available databases would register nothing at all — both hide
 * that the test never ran. `.ci/run` fails if a PostgreSQL test was skipped.
 */
import type { TestFn } from "ava";

/** Marks the title of a test skipped for want of PostgreSQL; `.ci/run` looks for it. */
export const POSTGRES_SKIP_MARK = "skipped, no PostgreSQL";

/**
 * `test` itself when `reason` is undefined; otherwise a stand-in with the same shape whose
 * tests (`test(...)`, `test.serial(...)`) are registered with `test.skip`, titled
 * `<title> [<label>: <reason>]`, and whose hooks (`before`, `after`, `beforeEach`,
 * `afterEach`, with `.always`) do nothing, so nothing tries to reach what is missing.
 */
export function testOrSkip<Context>(test: TestFn<Context>, reason: string | undefined, label = "skipped"): TestFn<Context> {
  if (reason === undefined) return test;
  const title = (t: string) => `${t} [${label}: ${reason}]`;
  const skipped = ((t: string, ...rest: unknown[]) => (test.skip as (...a: unknown[]) => void)(title(t), ...rest)) as unknown as Record<string, unknown>;
  const hook = Object.assign(() => undefined, { always: () => undefined, skip: () => undefined });
  skipped["serial"] = Object.assign((t: string, ...rest: unknown[]) => (test.serial.skip as (...a: unknown[]) => void)(title(t), ...rest), {
    skip: test.serial.skip,
  });
  skipped["skip"] = test.skip;
  skipped["before"] = hook;
  skipped["after"] = hook;
  skipped["beforeEach"] = hook;
  skipped["afterEach"] = hook;
  skipped["todo"] = test.todo;
  skipped["meta"] = test.meta;
  return skipped as unknown as TestFn<Context>;
}

/** {@link testOrSkip} for tests that need PostgreSQL. */
export function postgresTestOrSkip<Context>(test: TestFn<Context>, reason: string | undefined): TestFn<Context> {
  return testOrSkip(test, reason, POSTGRES_SKIP_MARK);
}
