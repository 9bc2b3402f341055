import { type CryptoProvider, nobleProvider } from '@strata/crypto';
import { isTlsError } from '@strata/wire';
import { describe, expect, it } from 'vitest';
import { cert, fixtureText, VERIFY_TIME } from '../test/fixtures.js';
import { TrustStore } from './trust-store.js';
import { assertVerified, verifyChain, verifyErrorAlert } from './verify.js';
import { verifyErrorName, verifyErrorString, X509_V } from './verify-error.js';

function store(...names: string[]): TrustStore {
  const s = new TrustStore();
  for (const n of names) s.add(cert(n));
  return s;
}

const subjects = (chain: readonly { subject: { oneline: string } }[]) =>
  chain.map((c) => c.subject.oneline);

describe('verifyChain (native defaults)', () => {
  it('gives up on more than NAME_CHECK_MAX name x constraint pairs, as OpenSSL does, quickly', () => {
    const options = {
      trustStore: store('root-nc-many'),
      time: VERIFY_TIME,
      purpose: 'sslserver',
    } as const;
    const start = performance.now();
    const many = verifyChain(cert('leaf-nc-many'), options);
    const elapsed = performance.now() - start;
    expect(many).toMatchObject({ ok: false, error: X509_V.ERR_UNSPECIFIED, errorDepth: 0 });
    // 1001 names x 1100 subtrees would be 1.1 million comparisons; the guard skips them.
    expect(elapsed).toBeLessThan(1000);
    // Below the bound the constraints are checked (and here satisfied).
    expect(verifyChain(cert('leaf-nc-few-ok'), options)).toMatchObject({
      ok: true,
      error: X509_V.OK,
    });
  });

  it('verifies a chain for a host at a time and returns the chain leaf first', () => {
    const r = verifyChain(cert('leaf-rsa'), {
      trustStore: store('root-rsa'),
      intermediates: [cert('int-rsa')],
      time: VERIFY_TIME,
      hostname: 'www.example.com',
      purpose: 'sslserver',
    });
    expect(r).toMatchObject({
      ok: true,
      error: X509_V.OK,
      errorString: 'ok',
      trusted: true,
      issues: [],
    });
    expect(subjects(r.chain)).toEqual([
      '/C=US/O=Strata Test/CN=www.example.com',
      '/C=US/O=Strata Test/CN=Strata Intermediate RSA',
      '/C=US/O=Strata Test/CN=Strata Root RSA',
    ]);
  });

  it('stops at the first problem without a callback and reports error, depth and certificate', () => {
    const r = verifyChain(cert('leaf-under-expired'), {
      trustStore: store('root-rsa'),
      intermediates: [cert('int-expired')],
      time: VERIFY_TIME,
    });
    expect(r.ok).toBe(false);
    expect(r.error).toBe(X509_V.ERR_CERT_HAS_EXPIRED);
    expect(r.errorString).toBe('certificate has expired');
    expect(r.errorDepth).toBe(1);
    expect(r.issues.map((i) => i.certificate.subject.oneline)).toEqual([
      '/O=Strata Test/CN=Strata Expired Intermediate',
    ]);
  });

  it('uses the injected time, not the clock', () => {
    const opts = { trustStore: store('root-rsa'), intermediates: [cert('int-rsa')] };
    expect(
      verifyChain(cert('leaf-rsa'), { ...opts, time: new Date('2019-12-31T23:59:59Z') }).error,
    ).toBe(X509_V.ERR_CERT_NOT_YET_VALID);
    expect(verifyChain(cert('leaf-rsa'), { ...opts, time: Date.UTC(2030, 5, 1) }).error).toBe(
      X509_V.OK,
    );
    expect(
      verifyChain(cert('leaf-rsa'), { ...opts, time: Date.UTC(2045, 0, 1), noCheckTime: true })
        .error,
    ).toBe(X509_V.OK);
  });

  it('strict host policy by default: no CN fallback', () => {
    const opts = {
      trustStore: store('root-rsa'),
      intermediates: [cert('int-rsa')],
      time: VERIFY_TIME,
      hostname: 'cn.example',
    };
    expect(verifyChain(cert('leaf-cn-only'), opts).error).toBe(X509_V.ERR_HOSTNAME_MISMATCH);
    expect(verifyChain(cert('leaf-cn-only'), { ...opts, policy: 'openssl' }).error).toBe(X509_V.OK);
  });

  it('accepts any of several host names', () => {
    const opts = {
      trustStore: store('root-rsa'),
      intermediates: [cert('int-rsa')],
      time: VERIFY_TIME,
    };
    expect(
      verifyChain(cert('leaf-rsa'), { ...opts, hostname: ['nope.example', 'example.com'] }).ok,
    ).toBe(true);
    expect(verifyChain(cert('leaf-rsa'), { ...opts, hostname: ['nope.example'] }).error).toBe(
      X509_V.ERR_HOSTNAME_MISMATCH,
    );
  });

  it('builds through a cross-signed root to whichever root is trusted', () => {
    const intermediates = [cert('root-new-cross'), cert('int-new')];
    const viaNew = verifyChain(cert('leaf-cross'), {
      trustStore: store('root-new'),
      intermediates,
      time: VERIFY_TIME,
    });
    expect(viaNew.ok).toBe(true);
    expect(subjects(viaNew.chain)).toEqual([
      '/O=Strata Test/CN=cross.example',
      '/O=Strata Test/CN=Strata Intermediate under New Root',
      '/O=Strata Test/CN=Strata New Root',
    ]);
    expect(viaNew.chain[2]!.der).toEqual(cert('root-new').der);
    const viaOld = verifyChain(cert('leaf-cross'), {
      trustStore: store('root-rsa'),
      intermediates,
      time: VERIFY_TIME,
    });
    expect(viaOld.ok).toBe(true);
    expect(viaOld.chain.map((c) => c.der)).toEqual([
      cert('leaf-cross').der,
      cert('int-new').der,
      cert('root-new-cross').der,
      cert('root-rsa').der,
    ]);
  });

  it('enforces the verify depth like SSL_CTX_set_verify_depth', () => {
    const opts = {
      trustStore: store('root-rsa'),
      intermediates: [cert('int-second'), cert('int-rsa')],
      time: VERIFY_TIME,
    };
    expect(verifyChain(cert('leaf-deep'), { ...opts, maxDepth: 2 }).ok).toBe(true);
    const r = verifyChain(cert('leaf-deep'), { ...opts, maxDepth: 1 });
    expect([r.error, r.errorDepth]).toEqual([X509_V.ERR_CERT_CHAIN_TOO_LONG, 2]);
  });

  it('accepts a trusted intermediate as anchor only with partialChain', () => {
    const opts = { trustStore: store('int-rsa'), time: VERIFY_TIME };
    expect(verifyChain(cert('leaf-rsa'), opts).error).toBe(X509_V.ERR_UNABLE_TO_GET_ISSUER_CERT);
    const r = verifyChain(cert('leaf-rsa'), { ...opts, partialChain: true });
    expect(r.ok).toBe(true);
    expect(r.chain.length).toBe(2);
  });

  it('requires digitalSignature on a TLS leaf under the strict policy', () => {
    // A CA certificate used as a leaf: keyUsage keyCertSign|cRLSign only.
    const opts = {
      trustStore: store('root-rsa'),
      time: VERIFY_TIME,
      purpose: 'sslserver' as const,
    };
    const strict = verifyChain(cert('int-rsa'), opts);
    expect(strict.error).toBe(X509_V.ERR_INVALID_PURPOSE);
    const r = verifyChain(cert('int-rsa'), {
      ...opts,
      callback: (ok, ctx) => ok || ctx.error === X509_V.ERR_INVALID_PURPOSE,
    });
    expect(r.issues.map((i) => i.error)).toEqual([
      X509_V.ERR_INVALID_PURPOSE,
      X509_V.ERR_KEYUSAGE_NO_DIGITAL_SIGNATURE,
    ]);
    const openssl = verifyChain(cert('int-rsa'), {
      ...opts,
      policy: 'openssl',
      callback: (ok, ctx) => ok || ctx.error === X509_V.ERR_INVALID_PURPOSE,
    });
    expect(openssl.issues.map((i) => i.error)).toEqual([X509_V.ERR_INVALID_PURPOSE]);
  });

  it('checks signatures through the injected provider', () => {
    const refusing: CryptoProvider = { ...nobleProvider, verify: () => false };
    const r = verifyChain(cert('leaf-rsa'), {
      trustStore: store('root-rsa'),
      intermediates: [cert('int-rsa')],
      time: VERIFY_TIME,
      provider: refusing,
    });
    // Top down: the intermediate's signature (by the root) fails first.
    expect([r.error, r.errorDepth]).toEqual([X509_V.ERR_CERT_SIGNATURE_FAILURE, 1]);
    let calls = 0;
    const counting: CryptoProvider = {
      ...nobleProvider,
      verify: (...args) => {
        calls++;
        return nobleProvider.verify(...args);
      },
    };
    verifyChain(cert('leaf-rsa'), {
      trustStore: store('root-rsa'),
      intermediates: [cert('int-rsa')],
      time: VERIFY_TIME,
      provider: counting,
    });
    // The self-signed trust anchor's own signature is not checked, as in OpenSSL.
    expect(calls).toBe(2);
  });

  it('fails a signature made with the wrong issuer key', () => {
    // leaf-p256 claims an issuer name it was not signed by if we lie about the intermediate.
    const r = verifyChain(cert('leaf-p256'), {
      trustStore: store('root-p256'),
      intermediates: [cert('int-p256')],
      time: VERIFY_TIME,
    });
    expect(r.ok).toBe(true);
    const tampered = { ...cert('leaf-p256'), signature: cert('leaf-p384').signature };
    const bad = verifyChain(tampered, {
      trustStore: store('root-p256'),
      intermediates: [cert('int-p256')],
      time: VERIFY_TIME,
    });
    expect([bad.error, bad.errorDepth]).toEqual([X509_V.ERR_CERT_SIGNATURE_FAILURE, 0]);
  });
});

describe('verifyChain with P-521 (ecdsa-with-SHA512)', () => {
  const p521 = (leaf: string, hostname: string) =>
    verifyChain(cert(leaf), {
      trustStore: store('root-p521'),
      intermediates: [cert('int-p521')],
      time: VERIFY_TIME,
      hostname,
      purpose: 'sslserver',
    });

  it('verifies a P-521 chain and a P-256 leaf under the P-521 intermediate', () => {
    const r = p521('leaf-p521', 'p521.example');
    expect(r).toMatchObject({ ok: true, error: X509_V.OK, trusted: true });
    expect(subjects(r.chain)).toEqual([
      '/O=Strata Test/CN=p521.example',
      '/O=Strata Test/CN=Strata Intermediate P-521',
      '/O=Strata Test/CN=Strata Root P-521',
    ]);
    expect(p521('leaf-p256-under-p521', 'p256-under-p521.example')).toMatchObject({
      ok: true,
      error: X509_V.OK,
    });
  });

  it('checks every P-521 signature with sha512 through the provider', () => {
    const seen: string[] = [];
    const provider: CryptoProvider = {
      ...nobleProvider,
      verify: (alg, key, message, signature) => {
        seen.push(
          `${alg.kind}/${'hash' in alg ? alg.hash : ''}/${key.kind === 'ec' ? key.curve : key.kind}`,
        );
        return nobleProvider.verify(alg, key, message, signature);
      },
    };
    const r = verifyChain(cert('leaf-p256-under-p521'), {
      trustStore: store('root-p521'),
      intermediates: [cert('int-p521')],
      time: VERIFY_TIME,
      provider,
    });
    expect(r.ok).toBe(true);
    expect(seen).toEqual(['ecdsa/sha512/P-521', 'ecdsa/sha512/P-521']);
  });

  it('fails a P-521 signature that is altered, or made by another P-521 key', () => {
    const sig = cert('leaf-p521').signature.slice();
    sig[sig.length - 1]! ^= 1;
    const altered = verifyChain(
      { ...cert('leaf-p521'), signature: sig },
      { trustStore: store('root-p521'), intermediates: [cert('int-p521')], time: VERIFY_TIME },
    );
    expect([altered.error, altered.errorDepth]).toEqual([X509_V.ERR_CERT_SIGNATURE_FAILURE, 0]);
    // The intermediate's signature is the root's; presented as signing the leaf it fails.
    const swapped = verifyChain(
      { ...cert('leaf-p521'), signature: cert('int-p521').signature },
      { trustStore: store('root-p521'), intermediates: [cert('int-p521')], time: VERIFY_TIME },
    );
    expect([swapped.error, swapped.errorDepth]).toEqual([X509_V.ERR_CERT_SIGNATURE_FAILURE, 0]);
  });
});

describe('verify callback', () => {
  it('is called with preverify_ok = 1 once per certificate, top down, like OpenSSL', () => {
    const calls: [boolean, number, number][] = [];
    verifyChain(cert('leaf-rsa'), {
      trustStore: store('root-rsa'),
      intermediates: [cert('int-rsa')],
      time: VERIFY_TIME,
      callback: (ok, ctx) => {
        calls.push([ok, ctx.error, ctx.errorDepth]);
        return ok;
      },
    });
    expect(calls).toEqual([
      [true, 0, 2],
      [true, 0, 1],
      [true, 0, 0],
    ]);
  });

  it('keeps going when it returns true, with the error sticky, and stops when it returns false', () => {
    const seen: [boolean, number, number][] = [];
    const opts = { trustStore: store('root-rsa'), time: VERIFY_TIME, hostname: 'nope.example' };
    const going = verifyChain(cert('leaf-expired'), {
      ...opts,
      intermediates: [cert('int-rsa')],
      callback: (ok, ctx) => {
        seen.push([ok, ctx.error, ctx.errorDepth]);
        return true;
      },
    });
    expect(going.ok).toBe(true);
    expect(going.error).toBe(X509_V.ERR_CERT_HAS_EXPIRED);
    expect(going.errorDepth).toBe(0);
    const intermediateExpired = verifyChain(cert('leaf-under-expired'), {
      trustStore: store('root-rsa'),
      intermediates: [cert('int-expired')],
      time: VERIFY_TIME,
      callback: () => true,
    });
    // errorDepth stays with the error (depth 1), not with the last success report (depth 0).
    expect([intermediateExpired.error, intermediateExpired.errorDepth]).toEqual([
      X509_V.ERR_CERT_HAS_EXPIRED,
      1,
    ]);
    expect(seen).toEqual([
      [false, X509_V.ERR_HOSTNAME_MISMATCH, 0],
      [true, X509_V.ERR_HOSTNAME_MISMATCH, 2],
      [true, X509_V.ERR_HOSTNAME_MISMATCH, 1],
      [false, X509_V.ERR_CERT_HAS_EXPIRED, 0],
      [true, X509_V.ERR_CERT_HAS_EXPIRED, 0],
    ]);
    const stopped = verifyChain(cert('leaf-expired'), {
      ...opts,
      intermediates: [cert('int-rsa')],
      callback: (ok) => ok,
    });
    expect([stopped.ok, stopped.error, stopped.issues.length]).toEqual([
      false,
      X509_V.ERR_HOSTNAME_MISMATCH,
      1,
    ]);
  });

  it('reports a missing issuer then an unverifiable leaf when told to continue (20 then 21)', () => {
    const r = verifyChain(cert('leaf-rsa'), {
      trustStore: store('root-rsa'),
      time: VERIFY_TIME,
      callback: () => true,
    });
    expect(r.issues.map((i) => [i.error, i.depth])).toEqual([
      [X509_V.ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY, 0],
      [X509_V.ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE, 0],
    ]);
  });
});

describe('errors', () => {
  it('carries OpenSSL 3.0 numbers, names and strings', () => {
    expect(X509_V.OK).toBe(0);
    expect(X509_V.ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY).toBe(20);
    expect(X509_V.ERR_CERT_HAS_EXPIRED).toBe(10);
    expect(X509_V.ERR_DEPTH_ZERO_SELF_SIGNED_CERT).toBe(18);
    expect(X509_V.ERR_HOSTNAME_MISMATCH).toBe(62);
    expect(verifyErrorString(18)).toBe('self-signed certificate');
    expect(verifyErrorString(20)).toBe('unable to get local issuer certificate');
    expect(verifyErrorString(24)).toBe("issuer certificate doesn't have a public key");
    expect(verifyErrorString(999)).toBe('unknown certificate verification error');
    expect(verifyErrorName(62)).toBe('X509_V_ERR_HOSTNAME_MISMATCH');
  });

  it('assertVerified throws a TlsError with the alert OpenSSL would send', () => {
    const r = verifyChain(cert('leaf-expired'), {
      trustStore: store('root-rsa'),
      intermediates: [cert('int-rsa')],
      time: VERIFY_TIME,
    });
    try {
      assertVerified(r);
      throw new Error('no throw');
    } catch (error) {
      expect(isTlsError(error)).toBe(true);
      expect(error).toMatchObject({ alert: 'certificate_expired', code: 'PKI_CERT_VERIFY_FAILED' });
      expect((error as Error).message).toBe(
        'tls: certificate verify failed: certificate has expired (error 10 at depth 0)',
      );
    }
    expect(verifyErrorAlert(X509_V.ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY)).toBe('unknown_ca');
    expect(verifyErrorAlert(X509_V.ERR_HOSTNAME_MISMATCH)).toBe('bad_certificate');
  });
});

describe('TrustStore', () => {
  it('loads a PEM bundle and keeps duplicates once', () => {
    const bundle = ['root-rsa', 'root-p256', 'root-rsa']
      .map((n) => fixtureText(`${n}.pem`))
      .join('');
    const s = TrustStore.fromPem(bundle);
    expect(s.size).toBe(2);
    expect(s.has(cert('root-p256'))).toBe(true);
    expect(s.has(cert('root-p384'))).toBe(false);
    expect([...s].length).toBe(2);
  });
});
