import { describe, expect, it } from 'vitest';
import {
  SSL_CTX_get_cert_store,
  SSL_CTX_load_verify_locations,
  SSL_CTX_new,
  SSL_CTX_set_default_verify_paths,
  SSL_CTX_use_certificate_chain_file,
  SSL_CTX_use_PrivateKey_file,
  SSL_FILETYPE_PEM,
  SSL_load_client_CA_file,
  TLS_method,
} from './index.js';

describe('@strata/openssl/node file loaders', () => {
  it('SSL_CTX_set_default_verify_paths honours SSL_CERT_FILE', () => {
    const saved = process.env['SSL_CERT_FILE'];
    process.env['SSL_CERT_FILE'] = 'test/fixtures/ca.pem';
    try {
      const ctx = SSL_CTX_new(TLS_method());
      expect(SSL_CTX_set_default_verify_paths(ctx)).toBe(1);
      const subjects = [...SSL_CTX_get_cert_store(ctx).store].map((c) => c.subject.oneline);
      expect(subjects).toContain('/CN=Strata Test CA');
    } finally {
      if (saved === undefined) delete process.env['SSL_CERT_FILE'];
      else process.env['SSL_CERT_FILE'] = saved;
    }
  });

  it('loads a chain file (leaf, then intermediates) and its key', () => {
    const ctx = SSL_CTX_new(TLS_method());
    expect(SSL_CTX_use_certificate_chain_file(ctx, 'test/fixtures/server-chain.pem')).toBe(1);
    expect(ctx.certs.slot.chain.map((x) => x.cert.subject.oneline)).toEqual([
      '/CN=Strata Test Intermediate',
    ]);
    expect(
      SSL_CTX_use_PrivateKey_file(ctx, 'test/fixtures/server-chain.key', SSL_FILETYPE_PEM),
    ).toBe(1);
    expect(SSL_CTX_use_PrivateKey_file(ctx, 'test/fixtures/server.key', SSL_FILETYPE_PEM)).toBe(0);
  });

  it('reads CA names and trust anchors from files, 0/null when missing', () => {
    expect(SSL_load_client_CA_file('test/fixtures/ca.pem')?.map((n) => n.oneline)).toEqual([
      '/CN=Strata Test CA',
    ]);
    expect(SSL_load_client_CA_file('/nonexistent')).toBeNull();
    const ctx = SSL_CTX_new(TLS_method());
    expect(SSL_CTX_load_verify_locations(ctx, null, 'test/fixtures')).toBe(1);
    expect(SSL_CTX_load_verify_locations(ctx, '/nonexistent', null)).toBe(0);
  });
});
