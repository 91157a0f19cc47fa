import { loadCredentialConfigurations } from '../../../src/vc/config/load-configurations.js';
import type { SdJwtVcConfiguration, W3cConfiguration } from '../../../src/vc/config/types.js';

const loaded = await loadCredentialConfigurations();
if (!loaded.ok) throw new Error('default credential configurations are invalid');

/** The default configurations, by format. */
export const sdJwtConfig = loaded.configurations[0] as SdJwtVcConfiguration;
export const jwtVcConfig = loaded.configurations[1] as W3cConfiguration;
export const ldpVcConfig = loaded.configurations[2] as W3cConfiguration;
