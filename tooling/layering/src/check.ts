import { existsSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, normalize, relative, sep } from 'node:path';
import { findImports } from './imports.js';
import { LAYER_FOLDER, LAYERS } from './layers.js';
import {
  isShipped,
  packageNameOf,
  readWorkspace,
  sourceFiles,
  type WorkspacePackage,
} from './workspace.js';

export type Rule =
  | 'undeclared-import'
  | 'upward-import'
  | 'deep-import'
  | 'node-builtin'
  | 'package-cycle'
  | 'module-cycle'
  | 'unknown-layer';

export interface Violation {
  readonly rule: Rule;
  /** `packages/record/src/x.ts:12`, or the package.json for manifest rules. */
  readonly where: string;
  readonly message: string;
}

const BUILTINS = new Set(builtinModules.filter((m) => !m.startsWith('_')));

/** Runs every rule over the workspace at `root` and returns what breaks them. */
export function checkWorkspace(root: string): Violation[] {
  const packages = readWorkspace(root);
  const byName = new Map(packages.map((p) => [p.name, p]));
  const violations: Violation[] = [];
  for (const pkg of packages) {
    violations.push(...checkManifest(root, pkg, byName));
    violations.push(...checkSources(root, pkg, byName));
  }
  violations.push(...findPackageCycles(packages, byName));
  return violations;
}

function isLayer(pkg: WorkspacePackage): boolean {
  return pkg.folder === LAYER_FOLDER;
}

function checkManifest(
  root: string,
  pkg: WorkspacePackage,
  byName: ReadonlyMap<string, WorkspacePackage>,
): Violation[] {
  const where = relative(root, join(pkg.dir, 'package.json')).split(sep).join('/');
  // apps and tooling may use any layer they declare; only layers have a place in the table.
  if (!isLayer(pkg)) return [];
  const allowed = LAYERS[pkg.name];
  if (allowed === undefined) {
    return [
      {
        rule: 'unknown-layer',
        where,
        message: `${pkg.name} is not in the layer table (tooling/layering/src/layers.ts, DESIGN.md)`,
      },
    ];
  }
  const violations: Violation[] = [];
  for (const dep of [...pkg.runtimeDeps, ...pkg.devDeps]) {
    const target = byName.get(dep);
    if (target === undefined || !isLayer(target)) continue;
    if (!allowed.includes(dep)) {
      violations.push({
        rule: 'upward-import',
        where,
        message: `${pkg.name} declares ${dep}, which the layer table does not let it use`,
      });
    }
  }
  return violations;
}

function checkSources(
  root: string,
  pkg: WorkspacePackage,
  byName: ReadonlyMap<string, WorkspacePackage>,
): Violation[] {
  const violations: Violation[] = [];
  const runtimeEdges = new Map<string, string[]>();
  for (const file of sourceFiles(pkg)) {
    const absolute = join(pkg.dir, file);
    const shipped = isShipped(file);
    const display = relative(root, absolute).split(sep).join('/');
    const edges: string[] = [];
    for (const site of findImports(absolute, readFileSync(absolute, 'utf8'))) {
      const where = `${display}:${site.line}`;
      const spec = site.specifier;
      if (spec.startsWith('.') || spec.startsWith('/')) {
        const target = normalize(join(dirname(absolute), spec));
        const inside = relative(pkg.dir, target);
        if (inside.startsWith('..') || inside.startsWith(sep) || spec.startsWith('/')) {
          violations.push({
            rule: 'deep-import',
            where,
            message: `'${spec}' reaches outside ${pkg.name}; import the other package by name`,
          });
        } else if (shipped && !site.typeOnly) {
          const resolved = resolveRelative(target);
          if (resolved !== undefined) edges.push(resolved);
        }
        continue;
      }
      if (spec.startsWith('node:') || BUILTINS.has(packageNameOf(spec))) {
        const bare = !spec.startsWith('node:');
        if (bare) {
          violations.push({
            rule: 'node-builtin',
            where,
            message: `'${spec}' is a Node built-in: write 'node:${spec}'`,
          });
        } else if (isLayer(pkg) && shipped && !file.startsWith('src/node/')) {
          violations.push({
            rule: 'node-builtin',
            where,
            message: `'${spec}' outside a src/node/ entry: library code must run in any JavaScript runtime`,
          });
        }
        continue;
      }
      const name = packageNameOf(spec);
      const subpath = spec.slice(name.length);
      const target = byName.get(name);
      if (target !== undefined && /^\/(?:src|dist)(?:\/|$)/.test(subpath)) {
        violations.push({
          rule: 'deep-import',
          where,
          message: `'${spec}' deep-imports ${name}'s ${subpath.split('/')[1]}/; use its exports`,
        });
      }
      if (name === pkg.name) continue;
      const declared = pkg.runtimeDeps.has(name) || (!shipped && pkg.devDeps.has(name));
      if (!declared) {
        const hint = pkg.devDeps.has(name) ? ' (only as a devDependency, and this file ships)' : '';
        violations.push({
          rule: 'undeclared-import',
          where,
          message: `${pkg.name} imports '${spec}' without declaring ${name}${hint}`,
        });
      }
      if (target !== undefined && isLayer(pkg)) {
        const allowed = LAYERS[pkg.name] ?? [];
        if (isLayer(target) && !allowed.includes(name)) {
          violations.push({
            rule: 'upward-import',
            where,
            message: `${pkg.name} may not import ${name}: the layer table allows only [${allowed.join(', ')}]`,
          });
        } else if (target.folder === 'apps') {
          violations.push({
            rule: 'upward-import',
            where,
            message: `${pkg.name} imports the app ${name}; apps sit on top of every layer`,
          });
        }
      }
    }
    if (shipped) runtimeEdges.set(normalize(absolute), edges);
  }
  for (const cycle of findCycles(runtimeEdges)) {
    const names = cycle.map((f) => relative(root, f).split(sep).join('/'));
    violations.push({
      rule: 'module-cycle',
      where: names[0] ?? pkg.name,
      message: `import cycle: ${names.join(' → ')} → ${names[0]}`,
    });
  }
  return violations;
}

/** `./x.js` written in TypeScript source refers to `./x.ts`. */
function resolveRelative(target: string): string | undefined {
  const candidates = [
    target,
    target.replace(/\.js$/, '.ts'),
    target.replace(/\.mjs$/, '.mts'),
    `${target}.ts`,
    join(target, 'index.ts'),
  ];
  return candidates.find((c) => existsSync(c) && !c.endsWith(sep));
}

function findPackageCycles(
  packages: readonly WorkspacePackage[],
  byName: ReadonlyMap<string, WorkspacePackage>,
): Violation[] {
  const edges = new Map<string, string[]>();
  for (const pkg of packages) {
    edges.set(
      pkg.name,
      [...pkg.runtimeDeps, ...pkg.devDeps].filter((d) => byName.has(d) && d !== pkg.name),
    );
  }
  return findCycles(edges).map((cycle) => ({
    rule: 'package-cycle',
    where: cycle[0] ?? '',
    message: `package dependency cycle: ${cycle.join(' → ')} → ${cycle[0]}`,
  }));
}

/** Every elementary cycle found by a depth-first search, each reported once. */
export function findCycles(edges: ReadonlyMap<string, readonly string[]>): string[][] {
  const cycles: string[][] = [];
  const seen = new Set<string>();
  const state = new Map<string, 'active' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string) => {
    state.set(node, 'active');
    stack.push(node);
    for (const next of edges.get(node) ?? []) {
      const s = state.get(next);
      if (s === 'active') {
        const cycle = stack.slice(stack.indexOf(next));
        const key = [...cycle].sort().join('\0');
        if (!seen.has(key)) {
          seen.add(key);
          cycles.push(cycle);
        }
      } else if (s === undefined) {
        visit(next);
      }
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of [...edges.keys()].sort()) if (!state.has(node)) visit(node);
  return cycles;
}
