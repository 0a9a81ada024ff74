import { readdirSync, readFileSync } from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { OUTSIDE_SPEC, SPEC_PATCHES } from './spec-defects.js';

/**
 * Checks a request against GHL's published OpenAPI (`test/specs/ghl/apps/*.json`, vendored unchanged): the
 * operation exists (method + path template over every vendored operation, not only those the fake implements),
 * required and enum'd header/query/path parameters hold (the `Version` header value each operation declares), no
 * undeclared query name, and the body (JSON or form) validates with every object closed, so an undeclared body
 * field is an error unless the spec itself leaves that object open. Known spec defects are patched in ONE place,
 * `spec-defects.ts`. Schemas compile on first use of an operation and are cached.
 */

const SPEC_DIR = new URL('../../specs/ghl/', import.meta.url);
const BASE = 'https://ghl-openapi.test/';
const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
// ajv-formats is CommonJS; under NodeNext its default import is the module object, whose `default` is the plugin
type FormatsPlugin = (ajv: Ajv) => Ajv;
const formatsModule = addFormatsModule as unknown as FormatsPlugin & { default?: FormatsPlugin };
const addFormats: FormatsPlugin = formatsModule.default ?? formatsModule;

type Json = Record<string, unknown>;

interface Parameter {
  name: string;
  in: 'query' | 'header' | 'path' | 'cookie';
  required?: boolean;
  schema?: Json;
}

export interface SpecOperation {
  file: string;
  operationId: string;
  method: string;
  /** The path template as the spec writes it, e.g. `/contacts/{contactId}/tasks`. */
  path: string;
  segments: string[];
  literals: number;
  parameters: Parameter[];
  requestBody?: { required?: boolean; content: Record<string, { schema?: Json }> };
}

export interface ValidationInput {
  method: string;
  path: string;
  query: Record<string, unknown>;
  headers: IncomingHttpHeaders;
  body: unknown;
}

export interface ValidationResult {
  operation?: SpecOperation;
  /** The request matched a documented exception of `OUTSIDE_SPEC`: nothing to validate against. */
  outsideSpec?: boolean;
  /** No operation of any vendored document has this method and path. */
  unknown?: boolean;
  problems: string[];
}

function pointerGet(doc: unknown, pointer: string): { parent: Json; key: string } {
  const parts = pointer.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  let node = doc as Json;
  for (const p of parts.slice(0, -1)) {
    node = node?.[p] as Json;
    if (!node || typeof node !== 'object') throw new Error(`spec-defects: ${pointer} does not exist`);
  }
  const key = parts[parts.length - 1];
  if (!(key in node)) throw new Error(`spec-defects: ${pointer} does not exist`);
  return { parent: node, key };
}

/**
 * Closes every object schema that declares `properties` and does not say `additionalProperties` itself. A schema
 * combining members (`allOf`/`anyOf`/`oneOf`) is left as it is: its members are closed one by one (no vendored
 * schema mixes `properties` with a combinator, and every `allOf` has a single member). An object declared with no
 * `properties` at all is how the spec writes "any object" (NestJS `object`/`Record`), so it stays open.
 */
function closeObjects(node: unknown): void {
  if (!node || typeof node !== 'object') return;
  if (Array.isArray(node)) return void node.forEach(closeObjects);
  const s = node as Json;
  if (s.properties && typeof s.properties === 'object' && !('additionalProperties' in s) && !s.allOf && !s.anyOf && !s.oneOf) s.additionalProperties = false;
  for (const [k, v] of Object.entries(s)) {
    if (k === 'example' || k === 'examples' || k === 'default' || k === 'enum') continue;
    if (k === 'properties' && v && typeof v === 'object') for (const p of Object.values(v as Json)) closeObjects(p);
    else closeObjects(v);
  }
}

function absolutize(node: unknown, base: string): void {
  if (!node || typeof node !== 'object') return;
  if (Array.isArray(node)) return void node.forEach((n) => absolutize(n, base));
  const s = node as Json;
  if (typeof s.$ref === 'string') s.$ref = new URL(s.$ref, base).href;
  for (const [k, v] of Object.entries(s)) if (k !== 'example' && k !== 'examples' && k !== 'default' && k !== 'enum') absolutize(v, base);
}

function templateRegex(segments: string[]): RegExp {
  const parts = segments.map((s) => (/^\{[^}]+\}$/.test(s) ? '([^/]+)' : s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  return new RegExp(`^/${parts.join('/')}$`);
}

/** `/contacts/` and `/contacts` are one route to GHL (NestJS ignores a trailing slash); compare without it. */
const segmentsOf = (path: string) => path.split('/').filter(Boolean);

const describe = (where: string, e: ErrorObject): string => {
  const at = `${where}${e.instancePath.replace(/\//g, '.')}`;
  if (e.keyword === 'additionalProperties') return `property ${at === where ? '' : at.slice(where.length + 1) + '.'}${(e.params as { additionalProperty: string }).additionalProperty} should not exist (${where})`;
  if (e.keyword === 'required') return `${at}.${(e.params as { missingProperty: string }).missingProperty} is required`;
  if (e.keyword === 'enum') return `${at} must be one of ${JSON.stringify((e.params as { allowedValues: unknown[] }).allowedValues)}`;
  return `${at} ${e.message}`;
};

export interface OpenApiValidator {
  operations: SpecOperation[];
  match(method: string, path: string): SpecOperation | undefined;
  validate(req: ValidationInput): ValidationResult;
}

export function createOpenApiValidator(specDir: URL = SPEC_DIR): OpenApiValidator {
  const docs = new Map<string, Json>();
  for (const f of readdirSync(new URL('apps/', specDir)).filter((f) => f.endsWith('.json'))) docs.set(`apps/${f}`, JSON.parse(readFileSync(new URL(`apps/${f}`, specDir), 'utf8')));
  const common = JSON.parse(readFileSync(new URL('common/common-schemas.json', specDir), 'utf8')) as Json;
  for (const p of SPEC_PATCHES) {
    const doc = docs.get(`apps/${p.file}`);
    if (!doc) throw new Error(`spec-defects: no vendored ${p.file}`);
    const { parent, key } = pointerGet(doc, p.pointer);
    parent[key] = p.replacement;
  }

  // every document's components, objects closed, once; ajv reads them and does not change them
  const closedComponents = [...docs, ['common/common-schemas.json', common] as const].map(([name, doc]) => {
    const components = structuredClone((doc as Json).components ?? {}) as Json;
    closeObjects(components.schemas);
    return { $id: `${BASE}${name}`, components };
  });
  // two ajv instances over the same closed components: bodies as JSON (no coercion), and parameters / form fields,
  // which arrive as strings and are coerced to the declared type the way GHL's NestJS pipes do
  const makeAjv = (coerce: boolean) => {
    // validateSchema off: the documents are OpenAPI, not JSON Schema, and meta-validating them costs seconds
    const ajv = new Ajv({ strict: false, allErrors: true, coerceTypes: coerce ? 'array' : false, useDefaults: false, validateFormats: true, validateSchema: false });
    addFormats(ajv);
    for (const schema of closedComponents) ajv.addSchema(schema);
    return ajv;
  };
  const jsonAjv = makeAjv(false);
  const paramAjv = makeAjv(true);

  const operations: SpecOperation[] = [];
  for (const [name, doc] of docs) {
    for (const [path, item] of Object.entries((doc.paths ?? {}) as Record<string, Json>)) {
      const shared = (item.parameters as Parameter[] | undefined) ?? [];
      for (const m of METHODS) {
        const op = item[m] as Json | undefined;
        if (!op) continue;
        const segments = segmentsOf(path);
        operations.push({
          file: name.slice('apps/'.length),
          operationId: String(op.operationId ?? `${m} ${path}`),
          method: m.toUpperCase(),
          path,
          segments,
          literals: segments.filter((s) => !s.startsWith('{')).length,
          parameters: [...shared, ...((op.parameters as Parameter[] | undefined) ?? [])],
          requestBody: op.requestBody as SpecOperation['requestBody'],
        });
      }
    }
  }
  const regexes = new Map(operations.map((o) => [o, templateRegex(o.segments)]));
  const byKey = new Map<string, SpecOperation[]>();
  for (const o of operations) {
    const k = `${o.method} ${o.segments.length}`;
    byKey.set(k, [...(byKey.get(k) ?? []), o]);
  }
  // the most literal template wins (`/contacts/search` over `/contacts/{contactId}`)
  for (const list of byKey.values()) list.sort((a, b) => b.literals - a.literals);

  function match(method: string, path: string): SpecOperation | undefined {
    const segs = segmentsOf(path);
    const norm = `/${segs.join('/')}`;
    return byKey.get(`${method.toUpperCase()} ${segs.length}`)?.find((o) => regexes.get(o)!.test(norm));
  }

  // compiled once per operation, on its first request
  const compiled = new Map<SpecOperation, { params: { p: Parameter; v: ValidateFunction }[]; bodies: Map<string, ValidateFunction> }>();
  // an operation's inline schema refers into its own document (`#/components/…`, `../common/…`); compiled alone it
  // has no base URL, so its refs are made absolute against the document the components were added under
  const closedCopy = (o: SpecOperation, schema: Json) => {
    const c = structuredClone(schema);
    closeObjects(c);
    absolutize(c, new URL(`apps/${o.file}`, BASE).href);
    return c;
  };
  function compile(o: SpecOperation) {
    let c = compiled.get(o);
    if (c) return c;
    c = {
      params: o.parameters.filter((p) => p.schema).map((p) => ({ p, v: paramAjv.compile(closedCopy(o, p.schema!)) })),
      bodies: new Map(
        Object.entries(o.requestBody?.content ?? {})
          .filter(([, media]) => media.schema)
          .map(([type, media]) => [type, (type === 'application/json' ? jsonAjv : paramAjv).compile(closedCopy(o, media.schema!))]),
      ),
    };
    compiled.set(o, c);
    return c;
  }

  function validate(req: ValidationInput): ValidationResult {
    if (OUTSIDE_SPEC.some((x) => x.method === req.method && x.path.test(req.path))) return { outsideSpec: true, problems: [] };
    const o = match(req.method, req.path);
    if (!o) return { unknown: true, problems: [`no operation ${req.method} ${req.path} in GHL's OpenAPI`] };
    const problems: string[] = [];
    let c: ReturnType<typeof compile>;
    try {
      c = compile(o);
    } catch (e) {
      // a schema ajv cannot compile is a gap in this validator, never a pass: it fails the test like a violation
      return { operation: o, problems: [`the validator could not compile ${o.file}#${o.operationId}: ${(e as Error).message}`] };
    }

    const pathValues = regexes.get(o)!.exec(`/${segmentsOf(req.path).join('/')}`)!.slice(1);
    const pathNames = o.segments.filter((s) => s.startsWith('{')).map((s) => s.slice(1, -1));
    const declaredQuery = new Set(o.parameters.filter((p) => p.in === 'query').map((p) => p.name));
    for (const name of Object.keys(req.query)) if (!declaredQuery.has(name)) problems.push(`query parameter ${name} is not declared by ${o.operationId}`);

    for (const { p, v } of c.params) {
      let value: unknown;
      if (p.in === 'query') value = req.query[p.name];
      else if (p.in === 'header') value = req.headers[p.name.toLowerCase()];
      else if (p.in === 'path') value = pathValues[pathNames.indexOf(p.name)];
      else continue;
      if (value === undefined || value === '') {
        if (p.required) problems.push(`${p.in} parameter ${p.name} is required`);
        continue;
      }
      if (p.in === 'path') value = decodeURIComponent(String(value));
      // coercion rewrites arrays in place (a scalar is coerced on a copy anyway): never the recorded request's
      if (Array.isArray(value)) value = [...value];
      if (!v(value)) problems.push(...(v.errors ?? []).map((e) => describe(`${p.in} ${p.name}`, e)));
    }

    const type = String(req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    const sent = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
    if (!o.requestBody) {
      if (sent) problems.push(`${o.operationId} takes no request body`);
    } else if (!sent) {
      if (o.requestBody.required) problems.push(`${o.operationId} requires a request body`);
    } else {
      const v = c.bodies.get(type);
      if (!o.requestBody.content[type]) problems.push(`content-type ${type || '(none)'} is not one of ${Object.keys(o.requestBody.content).join(', ')}`);
      // JSON is validated without coercion (nothing is rewritten); form fields are coerced, on a copy
      else if (v && !v(type === 'application/json' ? (req.body ?? {}) : { ...(req.body as Json) })) {
        const errors = v.errors ?? [];
        // an anyOf/oneOf failure lists every member's complaint; say it once, with the members' reasons
        problems.push(...[...new Set(errors.map((e) => describe('body', e)))]);
      }
    }
    return { operation: o, problems };
  }

  return { operations, match, validate };
}

let shared: OpenApiValidator | undefined;
/** One validator per process: loading the documents takes a moment, compiled operations are reused by every fake. */
export const sharedOpenApiValidator = () => (shared ??= createOpenApiValidator());
