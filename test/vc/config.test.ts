import test from 'ava';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_CREDENTIALS_FILE, loadCredentialConfigurations } from '../../src/vc/config/load-configurations.js';
import { formatConfigErrors, validateConfigurations } from '../../src/vc/config/validate-configurations.js';

type Doc = { configurations: Record<string, any>[] };
const defaults: Doc = JSON.parse(await readFile(DEFAULT_CREDENTIALS_FILE, 'utf8'));
const SD = 0;
const JWT = 1;
const LDP = 2;

test('the default file holds one valid national ID configuration per format', async (t) => {
  const result = await loadCredentialConfigurations();
  if (!result.ok) return t.fail(formatConfigErrors(result.errors));
  t.deepEqual(result.configurations.map((c) => c.format), ['dc+sd-jwt', 'jwt_vc_json', 'ldp_vc']);
  const [sdJwt, jwtVc, ldp] = result.configurations;
  t.is(sdJwt!.format === 'dc+sd-jwt' && sdJwt!.vct, 'urn:signet:vct:national-id:1');
  t.true(Object.values(sdJwt!.claims).every((c) => c.selectivelyDisclosable));
  t.false(Object.values(jwtVc!.claims).some((c) => c.selectivelyDisclosable));
  t.is(ldp!.format === 'ldp_vc' && ldp!.context[0], 'https://www.w3.org/ns/credentials/v2');
  t.deepEqual(Object.keys(sdJwt!.claims).slice(0, 4), ['individual_id', 'given_name', 'family_name', 'birthdate']);
  t.false(sdJwt!.claims.email!.mandatory);
});

/** Each case breaks one thing in a copy of the default document and expects that path + rule. */
const broken: [string, (d: Doc) => void, string, RegExp][] = [
  ['dc+sd-jwt without vct', (d) => delete d.configurations[SD]!.vct, '$.configurations[0].vct', /required for dc\+sd-jwt/],
  ['unknown identity attribute', (d) => { d.configurations[SD]!.claims.given_name.attribute = 'first_name'; },
    '$.configurations[0].claims.given_name.attribute', /identity attributes/],
  ['claim name reserved by SD-JWT VC', (d) => { d.configurations[SD]!.claims.cnf = { attribute: 'email' }; },
    '$.configurations[0].claims.cnf', /reserved by the dc\+sd-jwt format/],
  ['selective disclosure on a JWT VC', (d) => { d.configurations[JWT]!.claims.email.selectivelyDisclosable = true; },
    '$.configurations[1].claims.email.selectivelyDisclosable', /only to the dc\+sd-jwt/],
  ['jwt_vc_json with the VCDM 2.0 context', (d) => { d.configurations[JWT]!['@context'] = ['https://www.w3.org/ns/credentials/v2']; },
    '$.configurations[1]["@context"][0]', /must be https:\/\/www\.w3\.org\/2018\/credentials\/v1/],
  ['ldp_vc with a context Signet does not bundle', (d) => { d.configurations[LDP]!['@context'].push('https://example.org/ctx'); },
    '$.configurations[2]["@context"][2]', /bundled with Signet/],
  ['type without VerifiableCredential', (d) => { d.configurations[LDP]!.type = ['NationalIdCredential']; },
    '$.configurations[2].type', /include VerifiableCredential/],
  ['vct on a W3C format', (d) => { d.configurations[JWT]!.vct = 'urn:x'; }, '$.configurations[1].vct', /is for dc\+sd-jwt/],
  ['HS256 proof alg', (d) => { d.configurations[SD]!.proofTypes.jwt.signingAlgs = ['HS256']; },
    '$.configurations[0].proofTypes.jwt.signingAlgs[0]', /must be one of ES256/],
  ['unsupported binding method', (d) => { d.configurations[SD]!.bindingMethods.push('did:web'); },
    '$.configurations[0].bindingMethods[3]', /must be one of jwk, did:jwk, did:key/],
  ['ES256 for ldp_vc', (d) => { d.configurations[LDP]!.credentialSigningAlg = 'ES256'; },
    '$.configurations[2].credentialSigningAlg', /eddsa-rdfc-2022 for ldp_vc/],
  ['zero validity', (d) => { d.configurations[JWT]!.validitySeconds = 0; }, '$.configurations[1].validitySeconds', /positive integer/],
  ['bad colour', (d) => { d.configurations[SD]!.display[0].backgroundColor = 'blue'; },
    '$.configurations[0].display[0].backgroundColor', /CSS hex colour/],
  ['http logo', (d) => { d.configurations[SD]!.display[1].logo.uri = 'http://x.test/l.png'; },
    '$.configurations[0].display[1].logo.uri', /https: or data:/],
  ['snake_case typo', (d) => { d.configurations[SD]!.display[0].background_color = '#000000'; },
    '$.configurations[0].display[0].background_color', /not a known member/],
  ['duplicate id', (d) => { d.configurations[LDP]!.id = d.configurations[SD]!.id; }, '$.configurations[2].id', /unique \(also used by \$\.configurations\[0\]\)/],
  ['duplicate scope', (d) => { d.configurations[JWT]!.scope = d.configurations[SD]!.scope; }, '$.configurations[1].scope', /unique/],
  ['scope with a space', (d) => { d.configurations[JWT]!.scope = 'a b'; }, '$.configurations[1].scope', /scope token/],
  ['unknown format', (d) => { d.configurations[JWT]!.format = 'mso_mdoc'; }, '$.configurations[1].format', /must be one of dc\+sd-jwt/],
  ['no claims', (d) => { d.configurations[SD]!.claims = {}; }, '$.configurations[0].claims', /non-empty object/],
  ['no configurations', (d) => { d.configurations = []; }, '$.configurations', /non-empty array/],
];

for (const [name, breakIt, path, rule] of broken) {
  test(`refuses ${name}, naming ${path}`, (t) => {
    const doc = structuredClone(defaults);
    breakIt(doc);
    const result = validateConfigurations(doc);
    if (result.ok) return t.fail('expected validation errors');
    const error = result.errors.find((e) => e.path === path);
    t.truthy(error, `no error at ${path}; got:\n${formatConfigErrors(result.errors)}`);
    t.regex(error?.rule ?? '', rule);
  });
}

test('collects every error in one pass', (t) => {
  const doc = structuredClone(defaults);
  delete doc.configurations[SD]!.vct;
  doc.configurations[LDP]!.validitySeconds = -1;
  const result = validateConfigurations(doc);
  t.false(result.ok);
  t.deepEqual(!result.ok && result.errors.map((e) => e.path).sort(), ['$.configurations[0].vct', '$.configurations[2].validitySeconds']);
});

test('reports a file that is not JSON at $', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'signet-vc-'));
  const file = join(dir, 'bad.json');
  await writeFile(file, '{ "configurations": [');
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  t.deepEqual(await loadCredentialConfigurations(file), { ok: false, errors: [{ path: '$', rule: 'must be valid JSON' }] });
});
