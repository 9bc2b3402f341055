// What s-server's and s-client's process tests both set up: the test PKI,
// whether the facade resumes sessions yet, and the processes to stop at the
// end. s-client's tests use it too (package export `s-server/app-peers`).
import { type AppProcess, makePki, type OpensslProcess, type TestPki } from '@strata/test-peers';
import { afterAll, beforeAll } from 'vitest';
import { facadeResumes } from './resumption-probe.js';

export interface AppPeers {
  /** Made in `beforeAll`; reading it earlier throws. */
  readonly pki: TestPki;
  /** Whether the facade resumes a session over a BIO pair (see resumption-probe.ts). */
  readonly resumes: boolean;
  /** Registers `p` to be stopped after the file's tests; returns it. */
  track<P extends AppProcess | OpensslProcess>(p: P): P;
}

/** Registers the file's `beforeAll` (PKI, resumption probe) and `afterAll` (stop every tracked process). */
export function useAppPeers(): AppPeers {
  let pki: TestPki | undefined;
  let resumes = false;
  const running: (AppProcess | OpensslProcess)[] = [];
  beforeAll(() => {
    pki = makePki();
    resumes = facadeResumes(pki);
  });
  afterAll(async () => {
    await Promise.all(running.map((p) => p.stop()));
  });
  return {
    get pki() {
      if (!pki) throw new Error('useAppPeers: the PKI is made in beforeAll');
      return pki;
    },
    get resumes() {
      return resumes;
    },
    track(p) {
      running.push(p);
      return p;
    },
  };
}
