import type { Migration } from './migration.js';
import { timestamps } from './migration.js';

/** Registered relying parties, shaped after eSignet's client-mgmt `client_detail`. */
export const clients: Migration = {
  name: '0001-clients',
  async up(db) {
    await db.schema.createTable('clients', (t) => {
      t.string('client_id', 255).primary(); // PostgreSQL names it clients_pkey
      t.string('name', 255).notNullable();
      t.text('name_langmap').notNullable();
      t.text('logo_uri').notNullable();
      t.text('redirect_uris').notNullable();
      t.text('public_key').notNullable();
      // eSignet refuses a second client with the same key; the RFC 7638 thumbprint makes that a constraint.
      t.string('public_key_thumbprint', 64).notNullable().unique({ indexName: 'clients_public_key_thumbprint_unique' });
      t.text('allowed_claims').notNullable();
      t.text('acr_values').notNullable();
      t.text('grant_types').notNullable();
      t.text('token_endpoint_auth_methods').notNullable();
      t.string('status', 16).notNullable();
      t.string('userinfo_response_type', 8).notNullable();
      t.text('encryption_public_key').nullable();
      t.string('id_token_signed_response_alg', 16).notNullable();
      t.string('relying_party_id', 255).notNullable();
      t.integer('consent_expire_minutes').nullable();
      timestamps(t);
    });
  },
  async down(db) {
    await db.schema.dropTable('clients');
  },
};
