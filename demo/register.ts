import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Code, ConnectError, type Client } from '@connectrpc/connect';
import type { MessageInitShape } from '@bufbuild/protobuf';
import { exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose';
import { AdminService, UserinfoResponseType, type ClientSchema } from '../src/gen/signet/v1/admin_pb.js';

/** ID token algorithms the demo offers, one registered client each (the alg is a registration setting). */
export const DEMO_ALGS = ['ES256', 'PS256', 'RS256'] as const;
export type DemoAlg = (typeof DEMO_ALGS)[number];

/** Client ids of the demo relying party (per ID token algorithm) and the demo wallet. */
export const DEMO_CLIENT_IDS = {
  rp: { ES256: 'signet-demo-rp-es256', PS256: 'signet-demo-rp-ps256', RS256: 'signet-demo-rp-rs256' },
  wallet: 'signet-demo-wallet',
} as const satisfies { rp: Record<DemoAlg, string>; wallet: string };

/** Every ACR the login pages implement, so the demo can ask for any factor. */
export const DEMO_ACRS = {
  otp: 'mosip:idp:acr:generated-code',
  pin: 'mosip:idp:acr:static-code',
  bio: 'mosip:idp:acr:biometrics',
} as const;

const NAMES = { eng: 'Signet demo', fra: 'Démo Signet', ara: 'عرض Signet التجريبي' };
const RP_CLAIMS = ['name', 'given_name', 'family_name', 'email', 'phone_number', 'birthdate', 'gender', 'address', 'picture', 'individual_id'];

/** A demo client's key pair (ES256): it signs that client's assertions (Signet refuses a key shared by two clients). */
export interface DemoKey {
  readonly privateKey: CryptoKey;
  readonly publicJwk: JWK;
}

/** Every demo client id. */
export const ALL_DEMO_CLIENT_IDS: readonly string[] = [...Object.values(DEMO_CLIENT_IDS.rp), DEMO_CLIENT_IDS.wallet];

/**
 * Loads the demo clients' keys from `<dataDir>/demo/client-keys.json` (private JWKs by client id,
 * mode 0600), generating the missing ones, so the registered clients keep working across restarts.
 */
export async function loadDemoKeys(dataDir: string): Promise<ReadonlyMap<string, DemoKey>> {
  const file = join(dataDir, 'demo', 'client-keys.json');
  mkdirSync(dirname(file), { recursive: true });
  let stored: Record<string, JWK> = {};
  try {
    stored = JSON.parse(readFileSync(file, 'utf8')) as Record<string, JWK>;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const missing = ALL_DEMO_CLIENT_IDS.filter((id) => !stored[id]);
  for (const id of missing) stored[id] = await exportJWK((await generateKeyPair('ES256', { extractable: true })).privateKey);
  if (missing.length > 0) writeFileSync(file, JSON.stringify(stored, null, 2), { mode: 0o600 });
  if ((statSync(file).mode & 0o777) !== 0o600) chmodSync(file, 0o600);
  const keys = new Map<string, DemoKey>();
  for (const id of ALL_DEMO_CLIENT_IDS) {
    const { d: _d, ...publicJwk } = stored[id]!;
    keys.set(id, { privateKey: (await importJWK(stored[id]!, 'ES256')) as CryptoKey, publicJwk });
  }
  return keys;
}

type ClientInit = MessageInitShape<typeof ClientSchema>;

function definitions(issuer: string): ClientInit[] {
  const common = {
    nameLangmap: NAMES,
    logoUri: `${issuer}/demo/logo.svg`,
    acrValues: Object.values(DEMO_ACRS),
  };
  return [
    ...DEMO_ALGS.map((alg) => ({
      ...common,
      clientId: DEMO_CLIENT_IDS.rp[alg],
      name: `Signet demo (${alg})`,
      redirectUris: [`${issuer}/demo/callback`],
      allowedClaims: RP_CLAIMS,
      idTokenSignedResponseAlg: alg,
      userinfoResponseType: UserinfoResponseType.JWS,
      // One pairwise sector for the three: the resident gets the same `sub` whichever algorithm is chosen.
      relyingPartyId: 'signet-demo',
    })),
    { ...common, clientId: DEMO_CLIENT_IDS.wallet, name: 'Signet demo wallet', redirectUris: [`${issuer}/demo/wallet/callback`], allowedClaims: [] },
  ];
}

const sameKey = (a: JWK | undefined, b: JWK) => !!a && a.kty === b.kty && a.crv === b.crv && a.x === b.x && a.y === b.y;

/**
 * Registers the demo clients through AdminService (as an operator would), or brings existing ones
 * up to date. Throws when a client id is taken by a client with another key.
 */
export async function registerDemoClients(admin: Client<typeof AdminService>, issuer: string, keys: ReadonlyMap<string, DemoKey>): Promise<void> {
  for (const definition of definitions(issuer)) {
    const key = keys.get(definition.clientId!)!;
    const client: ClientInit = { ...definition, publicKey: key.publicJwk as never };
    try {
      await admin.createClient({ client });
    } catch (err) {
      if (ConnectError.from(err).code !== Code.AlreadyExists) throw err;
      const existing = (await admin.getClient({ clientId: client.clientId! })).client;
      if (!sameKey(existing?.publicKey as JWK | undefined, key.publicJwk)) {
        throw new Error(`client ${client.clientId} is registered with another key (was <dataDir>/demo/client-keys.json deleted?)`);
      }
      const { relyingPartyId: _sector, publicKey: _key, ...mutable } = client;
      await admin.updateClient({ client: mutable as ClientInit });
    }
  }
}
