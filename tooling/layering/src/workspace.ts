import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

export interface WorkspacePackage {
  readonly name: string;
  /** Absolute path of the package folder. */
  readonly dir: string;
  /** `packages`, `apps` or `tooling`. */
  readonly folder: string;
  /** What shipped code may import: dependencies, peer and optional dependencies. */
  readonly runtimeDeps: ReadonlySet<string>;
  /** What tests, benchmarks and configs may import on top of that. */
  readonly devDeps: ReadonlySet<string>;
}

const WORKSPACE_FOLDERS = ['packages', 'apps', 'tooling'];
const SOURCE_FILE = /\.(?:[cm]?ts|tsx|[cm]?js|jsx)$/;
const SKIPPED_DIRS = new Set(['node_modules', 'dist', '.turbo', 'coverage']);

export function readWorkspace(root: string): WorkspacePackage[] {
  const packages: WorkspacePackage[] = [];
  for (const folder of WORKSPACE_FOLDERS) {
    const base = join(root, folder);
    if (!existsSync(base)) continue;
    for (const entry of readdirSync(base).sort()) {
      const dir = join(base, entry);
      const manifestPath = join(dir, 'package.json');
      if (!existsSync(manifestPath)) continue;
      const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Record<string, unknown>;
      const names = (field: string) => Object.keys((manifest[field] as object | undefined) ?? {});
      packages.push({
        name: String(manifest['name']),
        dir,
        folder,
        runtimeDeps: new Set([
          ...names('dependencies'),
          ...names('peerDependencies'),
          ...names('optionalDependencies'),
        ]),
        devDeps: new Set(names('devDependencies')),
      });
    }
  }
  return packages;
}

/** Source files of a package, relative paths with `/` separators, sorted. */
export function sourceFiles(pkg: WorkspacePackage): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir).sort()) {
      if (SKIPPED_DIRS.has(entry) || entry.startsWith('.')) continue;
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (SOURCE_FILE.test(entry) && !entry.endsWith('.d.ts')) {
        files.push(relative(pkg.dir, path).split(sep).join('/'));
      }
    }
  };
  walk(pkg.dir);
  return files;
}

/** Shipped code: under `src/`, not a test and not test data. Everything else is dev-only. */
export function isShipped(file: string): boolean {
  return (
    file.startsWith('src/') &&
    !/\.test\.[cm]?[jt]sx?$/.test(file) &&
    !file.includes('/testdata/') &&
    !file.includes('/__fixtures__/')
  );
}

/** `@scope/name/sub` → `@scope/name`; `name/sub` → `name`. */
export function packageNameOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
}
