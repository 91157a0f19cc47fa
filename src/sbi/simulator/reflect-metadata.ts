/**
 * Minimal `Reflect` metadata shim for @peculiar/x509, whose dependency tsyringe refuses to load
 * without a reflect polyfill and `reflect-metadata` is not installed in this project. It implements
 * only the three calls tsyringe makes (defineMetadata, getMetadata, getOwnMetadata) and installs
 * nothing when a real polyfill is already present. Import it before @peculiar/x509.
 */
type Key = string | symbol | undefined;
const store = new WeakMap<object, Map<Key, Map<unknown, unknown>>>();

function own(target: object, property: Key, create: boolean): Map<unknown, unknown> | undefined {
  let byProperty = store.get(target);
  if (!byProperty && create) store.set(target, (byProperty = new Map()));
  let entries = byProperty?.get(property);
  if (!entries && create && byProperty) byProperty.set(property, (entries = new Map()));
  return entries;
}

const shim = {
  defineMetadata(key: unknown, value: unknown, target: object, property?: Key): void {
    own(target, property, true)!.set(key, value);
  },
  getOwnMetadata(key: unknown, target: object, property?: Key): unknown {
    return own(target, property, false)?.get(key);
  },
  getMetadata(key: unknown, target: object, property?: Key): unknown {
    for (let t: object | null = target; t; t = Object.getPrototypeOf(t) as object | null) {
      const entries = own(t, property, false);
      if (entries?.has(key)) return entries.get(key);
    }
    return undefined;
  },
};

const reflect = Reflect as unknown as Record<string, unknown>;
if (typeof reflect['getMetadata'] !== 'function') {
  for (const [name, fn] of Object.entries(shim)) reflect[name] = fn;
}
