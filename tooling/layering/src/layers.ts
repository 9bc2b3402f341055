/**
 * The layer table of shared/DESIGN.md: which Strata packages each package may
 * import. Arrows point down only; a package missing here is itself an error,
 * so a new layer has to be placed in the table before it can land.
 */
export const LAYERS: Readonly<Record<string, readonly string[]>> = {
  '@strata/wire': [],
  '@strata/crypto': ['@strata/wire'],
  '@strata/pki': ['@strata/crypto', '@strata/wire'],
  '@strata/record': ['@strata/crypto', '@strata/wire'],
  '@strata/session': ['@strata/crypto', '@strata/wire'],
  '@strata/bio': [],
  '@strata/handshake': [
    '@strata/crypto',
    '@strata/wire',
    '@strata/record',
    '@strata/pki',
    '@strata/session',
  ],
  '@strata/openssl': [
    '@strata/bio',
    '@strata/crypto',
    '@strata/handshake',
    '@strata/pki',
    '@strata/record',
    '@strata/session',
    '@strata/wire',
  ],
};

/** Workspace folders whose packages are layers (checked against LAYERS). */
export const LAYER_FOLDER = 'packages';
