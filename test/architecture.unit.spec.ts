/**
 * Imports point one way (DESIGN.md, README "Layout"):
 *
 *   events/  ←  src/domain/ (shared kernel)  ←  src/ ports, adapters, HTTP plumbing
 *            ←  the domain: modules/**\/*.decider.ts, *.sagas.ts, *.validation.ts, guards.ts
 *            ←  projections/ (no decider: each projection folds what it needs)  and  reports/
 *            ←  the Nest feature modules (everything else in modules/)
 *            ←  the composition root: src/app.module.ts, src/create-app.ts, src/main.ts
 *
 * A layer may import its own and the layers left of it. On top: a feature module imports the Nest
 * files of its own module and of modules/shared only; events, the kernel, the domain, projections and
 * reports import no Nest package; nothing that ships imports test/. Spec files are outside the rule.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..');
const SCANNED = ['events', 'modules', 'projections', 'reports', 'src'];
const COMPOSITION_ROOT = ['src/app.module.ts', 'src/create-app.ts', 'src/main.ts'];
const DOMAIN_FILE = /\.(decider|sagas|validation)\.ts$|\/guards\.ts$/;
const SPEC_FILE = /\.(unit|int)\.spec\.ts$|\.e2e-spec\.ts$/;

type Layer = 'events' | 'kernel' | 'ports' | 'domain' | 'projections' | 'reports' | 'feature' | 'root' | 'test' | 'outside';

/** Which layer a repository path belongs to. */
export function layerOf(path: string): Layer {
  if (path.startsWith('events/')) return 'events';
  if (path.startsWith('src/domain/')) return 'kernel';
  if (COMPOSITION_ROOT.includes(path)) return 'root';
  if (path.startsWith('src/')) return 'ports';
  if (path.startsWith('modules/')) return DOMAIN_FILE.test(path) ? 'domain' : 'feature';
  if (path.startsWith('projections/')) return 'projections';
  if (path.startsWith('reports/')) return 'reports';
  if (path.startsWith('test/')) return 'test';
  return 'outside';
}

const MAY_IMPORT: Record<Exclude<Layer, 'test' | 'outside'>, Layer[]> = {
  events: ['events'],
  kernel: ['kernel', 'events'],
  ports: ['ports', 'kernel', 'events'],
  domain: ['domain', 'ports', 'kernel', 'events'],
  projections: ['projections', 'domain', 'ports', 'kernel', 'events'],
  reports: ['reports', 'projections', 'domain', 'ports', 'kernel', 'events'],
  feature: ['feature', 'reports', 'projections', 'domain', 'ports', 'kernel', 'events'],
  root: ['root', 'feature', 'reports', 'projections', 'domain', 'ports', 'kernel', 'events'],
};

const FRAMEWORK_FREE: Layer[] = ['events', 'kernel', 'domain', 'projections', 'reports'];

const moduleOf = (path: string) => path.split('/')[1];

/** Why `from` may not import `target` (a repository path, or a package name), or null when it may. */
export function whyForbidden(from: string, target: string): string | null {
  const layer = layerOf(from);
  if (layer === 'test' || layer === 'outside') return null;
  if (!target.includes('/') || !/^(events|modules|projections|reports|src|test|bench|examples|scripts)\//.test(target)) {
    return FRAMEWORK_FREE.includes(layer) && target.startsWith('@nestjs/') ? `${layer} code stays framework-free` : null;
  }
  const targetLayer = layerOf(target);
  if (targetLayer === 'test') return 'test code does not ship';
  if (targetLayer === 'outside') return `${layer} code may not import ${target.split('/')[0]}/`;
  if (!MAY_IMPORT[layer].includes(targetLayer)) return `${layer} may not import ${targetLayer}`;
  if (layer === 'projections' && target.endsWith('.decider.ts')) return 'a projection folds what it needs itself, it imports no decider';
  if (layer === 'feature' && targetLayer === 'feature' && moduleOf(target) !== moduleOf(from) && moduleOf(target) !== 'shared') {
    return `the ${moduleOf(from)} module may not reach into the ${moduleOf(target)} module`;
  }
  return null;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !SPEC_FILE.test(entry.name) ? [path] : [];
  });
}

/** The specifiers of a file's import, export-from, dynamic import and require statements (comments stripped). */
export function importSpecifiers(source: string): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const pattern = /\b(?:import|export)\s[^;'"]*?\bfrom\s*['"]([^'"]+)['"]|\bimport\s*['"]([^'"]+)['"]|\b(?:import|require)\s*\(\s*['"]([^'"]+)['"]\s*\)/g;
  return [...code.matchAll(pattern)].map((m) => m[1] ?? m[2] ?? m[3]);
}

/** A relative specifier as a repository path (with .ts); a package name as it is. */
function resolveSpecifier(from: string, specifier: string): string {
  if (!specifier.startsWith('.')) return specifier;
  const path = relative(ROOT, resolve(ROOT, dirname(from), specifier)).split('\\').join('/');
  return path.endsWith('.ts') || path.endsWith('.json') ? path : `${path}.ts`;
}

function edges(): { from: string; target: string }[] {
  return SCANNED.flatMap(sourceFiles).flatMap((from) =>
    importSpecifiers(readFileSync(join(ROOT, from), 'utf8')).map((specifier) => ({ from, target: resolveSpecifier(from, specifier) })),
  );
}

describe('architecture: imports point one way', () => {
  const all = edges();

  it('reads the import statements of every source file', () => {
    expect(all.length).toBeGreaterThan(200);
    expect(all).toContainEqual({ from: 'modules/cycles/cycle.handlers.ts', target: 'modules/cycles/sheet.decider.ts' });
    expect(importSpecifiers("import {\n  a,\n  b,\n} from '../x';\nexport * from './y';\nimport type { Z } from \"./z\";\nconst m = await import('./w');\nimport './side-effect';"))
      .toEqual(['../x', './y', './z', './w', './side-effect']);
  });

  it('has no import against the direction', () => {
    const violations = all.flatMap(({ from, target }) => {
      const why = whyForbidden(from, target);
      return why ? [`${from} → ${target}: ${why}`] : [];
    });
    expect(violations).toEqual([]);
  });

  it.each([
    ['src/http/error.filter.ts', 'modules/shared/domain-errors.ts'],
    ['src/infrastructure.module.ts', 'projections/projection-runner.ts'],
    ['src/health/health.controller.ts', 'reports/queries/report-reader.ts'],
    ['projections/plan-workflow.projection.ts', 'modules/cycles/cycle.decider.ts'],
    ['projections/notifications.projection.ts', 'reports/format/wareki.ts'],
    ['modules/plans/plan.queries.ts', 'modules/reports/report-reader.ts'],
    ['modules/cycles/sheet.decider.ts', 'modules/cycles/cycle.handlers.ts'],
    ['events/cycle.events.ts', 'src/domain/errors.ts'],
    ['src/domain/errors.ts', 'src/event-store/event-store.port.ts'],
    ['reports/queries/report-queries.ts', 'modules/reports/reports.controller.ts'],
    ['modules/cycles/cycle.decider.ts', '@nestjs/common'],
    ['reports/render/xlsx.ts', 'test/support/report-fixtures.ts'],
  ])('refuses %s → %s', (from, target) => {
    expect(whyForbidden(from, target)).toEqual(expect.any(String));
  });

  it.each([
    ['src/app.module.ts', 'modules/cycles/cycles.module.ts'],
    ['src/http/error.filter.ts', 'src/domain/errors.ts'],
    ['modules/cycles/cycle.handlers.ts', 'modules/plans/plan.decider.ts'],
    ['modules/cycles/sheet.decider.ts', 'modules/shared/guards.ts'],
    ['projections/plan-workflow.projection.ts', 'src/event-store/event-store.port.ts'],
    ['reports/queries/report-reader.ts', 'projections/plan-workflow.projection.ts'],
    ['modules/reports/reports.controller.ts', 'reports/render/formats.ts'],
    ['reports/render/xlsx.ts', 'exceljs'],
  ])('allows %s → %s', (from, target) => {
    expect(whyForbidden(from, target)).toBeNull();
  });
});
