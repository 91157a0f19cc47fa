/**
 * A deployment that publishes Signet's JSON-LD context elsewhere (SIGNET_CREDENTIALS_CONTEXT_URL):
 * metadata and credentials name that URL, and the issuer still serves the same document itself.
 */
import test from "ava";
import { startSignet, type SignetUnderTest } from "../helpers/signet.js";

const PUBLISHED = "https://contexts.example.gov/signet/credentials/v1";
let signet: SignetUnderTest;
test.before(async () => {
  signet = await startSignet({ overrides: { vci: { contextUrl: PUBLISHED } } });
});
test.after.always(async () => {
  await signet?.stop();
});

test("the credential issuer metadata names the configured context URL", async (t) => {
  const res = await fetch(`${signet.issuer}/.well-known/openid-credential-issuer`);
  const metadata = (await res.json()) as { credential_configurations_supported: Record<string, { credential_definition?: { "@context"?: string[] } }> };
  t.deepEqual(metadata.credential_configurations_supported.NationalIdCredential_ldp_vc!.credential_definition!["@context"], [
    "https://www.w3.org/ns/credentials/v2",
    PUBLISHED,
  ]);
});

test("the issuer serves the context document at /contexts/credentials/v1 either way, and GetDiscovery carries it", async (t) => {
  const res = await fetch(`${signet.issuer}/contexts/credentials/v1`);
  t.is(res.status, 200);
  t.is(res.headers.get("content-type"), "application/ld+json");
  const served = (await res.json()) as { "@context": Record<string, unknown> };
  const { credentialsContext } = await signet.identity.getDiscovery({});
  t.deepEqual(served, credentialsContext as unknown);
  t.is(served["@context"]["@protected"], true);
});
