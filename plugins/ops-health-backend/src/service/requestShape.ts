import express from 'express';
import { CustomErrorBase, InputError, NotFoundError } from '@backstage/errors';
import { spec } from '../schema/openapi.generated';

/**
 * What the OpenAPI spec says of a request, for saying in words what is
 * wrong with one the validator refuses: its messages name a JSON path
 * (`request/body/expiresAt must match format "date-time"`) and drop what
 * the schema allows (which field is one too many, which values an enum
 * takes).
 */

type Schema = {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: readonly unknown[];
  minimum?: number;
  maximum?: number;
  properties?: Record<string, Schema>;
  items?: Schema;
};

type Parameter = { $ref?: string; name: string; in: string; schema?: Schema };

type Operation = {
  parameters?: readonly Parameter[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
};

const METHODS = new Set(['get', 'post', 'put', 'patch', 'delete']);

const document = spec as unknown as {
  paths: Record<string, Record<string, unknown>>;
  components: Record<string, Record<string, unknown>>;
};

function resolve<T extends { $ref?: string }>(value: T): T {
  let current = value;
  for (let i = 0; current?.$ref && i < 10; i++) {
    const [, , group, name] = current.$ref.split('/');
    current = document.components[group]?.[name] as T;
  }
  return current;
}

const operations = Object.entries(document.paths).flatMap(([path, item]) => {
  const pattern = new RegExp(
    `^${path
      .replace(/[.]/g, '\\.')
      .replace(/\{(\w+)\}/g, (_, name) => `(?<${name}>[^/]+)`)}/?$`,
  );
  const shared = (item.parameters ?? []) as Parameter[];
  return Object.entries(item)
    .filter(([method]) => METHODS.has(method))
    .map(([method, op]) => {
      const operation = op as Operation;
      return {
        method: method.toUpperCase(),
        path,
        pattern,
        parameters: [...shared, ...(operation.parameters ?? [])].map(p =>
          resolve(p),
        ),
        body: operation.requestBody?.content?.['application/json']?.schema,
      };
    });
});

/**
 * The operations by their address's number of segments and first segment
 * (every path of the spec starts with a literal one), built once: a request
 * is matched against the few that could take it, not every route's pattern.
 */
function keyOf(segments: string[]) {
  return `${segments.length}/${segments[0]}`;
}
function segmentsOf(path: string) {
  return path.split('/').filter(Boolean);
}
const operationsByShape = new Map<string, typeof operations>();
for (const operation of operations) {
  const key = keyOf(segmentsOf(operation.path));
  operationsByShape.set(key, [
    ...(operationsByShape.get(key) ?? []),
    operation,
  ]);
}

/** The spec's operations whose address matches the request's. */
function operationsAt(path: string) {
  const candidates = operationsByShape.get(keyOf(segmentsOf(path)));
  return candidates?.filter(o => o.pattern.test(path)) ?? [];
}

/** A route of the spec asked with a method it does not take: 405. */
class MethodNotAllowedError extends CustomErrorBase {
  name = 'MethodNotAllowedError';
  readonly statusCode = 405;
}

/**
 * After the routes: a request to an Ops Health address with a method it
 * does not take is a 405 naming those it does (with `Allow`), instead of an
 * empty 404 that reads as a wrong address; an address no route has is a
 * 404 that says so, as JSON like every other error of the API. The
 * framework's own addresses (`/.backstage/…`) go on.
 *
 * @internal
 */
export function methodNotAllowed(): express.RequestHandler {
  return (req, res, next) => {
    const allowed = operationsAt(req.path).map(o => o.method);
    if (allowed.length === 0 && !req.path.startsWith('/.backstage/')) {
      throw new NotFoundError(
        `Ops Health has no route ${req.path}: see the API's OpenAPI spec (the plugin's src/schema/openapi.yaml) for its routes`,
      );
    }
    if (allowed.length === 0 || allowed.includes(req.method)) {
      next();
      return;
    }
    res.setHeader('Allow', allowed.join(', '));
    throw new MethodNotAllowedError(
      `${req.method} is not a method of ${req.path}; it takes ${allowed.join(
        ', ',
      )}`,
    );
  };
}

function operationOf(req: express.Request) {
  return operationsAt(req.path).find(o => o.method === req.method);
}

/**
 * The query parameters the request's operation takes, by name; undefined
 * for a request no operation of the spec answers.
 *
 * @internal
 */
export function queryParameterNames(
  req: express.Request,
): string[] | undefined {
  return operationOf(req)
    ?.parameters.filter(p => p.in === 'query')
    .map(p => p.name);
}

/**
 * Whether the request is to an operation of the spec that takes a body:
 * the body of any other (an address no route has, a method the address
 * does not take, a read) is not read, so that it answers for what it is
 * (404, 405, the read) whatever was sent with it.
 *
 * @internal
 */
export function takesBody(req: express.Request): boolean {
  return operationOf(req)?.body !== undefined;
}

function range(schema: Schema): string {
  if (schema.minimum !== undefined && schema.maximum !== undefined) {
    return ` from ${schema.minimum} to ${schema.maximum}`;
  }
  if (schema.minimum !== undefined) return ` of at least ${schema.minimum}`;
  if (schema.maximum !== undefined) return ` of at most ${schema.maximum}`;
  return '';
}

/**
 * Refuses a query parameter written with brackets (`x[]=1`, `x[a]=1`,
 * which the query parser makes a list or an object) and a numeric one
 * written other than as a decimal number: the validator reads query values
 * with `Number()`, which takes `Infinity`, `0x10`, `1e2` and `' 7'`, and
 * `Infinity` passes its `integer` and `maximum` checks. Also says the
 * range a value is out of.
 *
 * @internal
 */
export function numericQueryParameters(): express.RequestHandler {
  return (req, _res, next) => {
    // Most reads carry no query: nothing to look up.
    const operation = req.url.includes('?') ? operationOf(req) : undefined;
    // `x[]=1` and `x[a]=1` of a parameter the route takes arrive as a list
    // of one and an object: say how to write it instead of what the parsed
    // value is not (one it does not take the validator calls unknown).
    for (const [name, value] of Object.entries(req.query)) {
      const bracketed = Array.isArray(value)
        ? value.length === 1 || value.some(v => typeof v === 'object')
        : typeof value === 'object' && value !== null;
      if (
        bracketed &&
        operation?.parameters.some(p => p.in === 'query' && p.name === name)
      ) {
        throw new InputError(
          `Query parameter '${name}' is written with brackets (${name}[…]=…); write ${name}=value, and repeat it (${name}=a&${name}=b) where it takes several values`,
        );
      }
    }
    for (const parameter of operation?.parameters ?? []) {
      const schema = parameter.in === 'query' && resolve(parameter.schema!);
      if (!schema || (schema.type !== 'integer' && schema.type !== 'number')) {
        continue;
      }
      const given = req.query[parameter.name];
      if (given === undefined || Array.isArray(given)) continue;
      const text = String(given);
      if (text === '') {
        throw new InputError(
          `Query parameter '${parameter.name}' is empty: give it a value, or leave it out`,
        );
      }
      const decimal =
        schema.type === 'integer' ? /^-?\d+$/ : /^-?\d+(?:\.\d+)?$/;
      const value = Number(text);
      if (
        !decimal.test(text) ||
        (schema.minimum !== undefined && value < schema.minimum) ||
        (schema.maximum !== undefined && value > schema.maximum)
      ) {
        throw new InputError(
          `Query parameter '${parameter.name}' must be ${
            schema.type === 'integer' ? 'a whole number' : 'a number'
          }${range(schema)}, not '${text}'`,
        );
      }
    }
    next();
  };
}

function schemaAt(root: Schema | undefined, path: string[]) {
  let schema = root && resolve(root);
  for (const part of path) {
    if (!schema) return undefined;
    schema = /^\d+$/.test(part)
      ? schema.items && resolve(schema.items)
      : schema.properties?.[part] && resolve(schema.properties[part]);
  }
  return schema;
}

function valueAt(root: unknown, path: string[]): unknown {
  let value = root;
  for (const part of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/** A step of a field's path as JavaScript writes it: `a.b[0].c`. */
function fieldStep(step: string, index: number): string {
  if (/^\d+$/.test(step)) return `[${step}]`;
  return index ? `.${step}` : step;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** A scalar value as JSON, cut (whole characters) when long. */
function shown(value: unknown): string {
  const chars = Array.from(JSON.stringify(value) ?? String(value));
  return chars.length > 60 ? `${chars.slice(0, 57).join('')}…` : chars.join('');
}

/**
 * The validator's message for a request as what is wrong and how to fix
 * it; undefined when it is not one of the validator's.
 *
 * @internal
 */
export function explainShape(
  message: string,
  req: express.Request,
): string | undefined {
  const match = /^request\/(body|query|params)((?:\/\S+)?) (must .*)$/.exec(
    message,
  );
  if (!match) return undefined;
  const [, part, pointer, rule] = match;
  const path = pointer.split('/').filter(Boolean);
  const operation = operationOf(req);
  let what: string;
  let schema: Schema | undefined;
  let value: unknown;
  if (part === 'body') {
    what = path.length
      ? `The body's field '${path.map(fieldStep).join('')}'`
      : 'The body';
    schema = schemaAt(operation?.body, path);
    value = valueAt(req.body, path);
  } else {
    const name = path[0] ?? '';
    const parameter = operation?.parameters.find(
      p => p.name === name && p.in === (part === 'query' ? 'query' : 'path'),
    );
    what =
      part === 'query'
        ? `Query parameter '${name}'`
        : `The ${name} in the address`;
    schema = parameter?.schema && schemaAt(parameter.schema, path.slice(1));
    if (part === 'query') {
      value = valueAt(req.query, path);
    } else {
      const inAddress = operation?.pattern.exec(req.path)?.groups?.[name];
      value = inAddress === undefined ? undefined : safeDecode(inAddress);
    }
  }
  // The value given, when it is one value (not a list or an object).
  const not =
    value === undefined || (value !== null && typeof value === 'object')
      ? ''
      : `, not ${shown(value)}`;

  const required = /^must have required property '([^']+)'$/.exec(rule);
  if (required) {
    return `${what} lacks the field '${required[1]}'${
      schema?.properties
        ? ` (it takes: ${Object.keys(schema.properties).join(', ')})`
        : ''
    }`;
  }
  if (rule === 'must NOT have additional properties') {
    const known = Object.keys(schema?.properties ?? {});
    const extra =
      value && typeof value === 'object'
        ? Object.keys(value).filter(k => !known.includes(k))
        : [];
    return `${what} has ${
      extra.length === 1 ? 'a field' : 'fields'
    } it does not take${
      extra.length ? `: ${extra.map(k => `'${k}'`).join(', ')}` : ''
    }${known.length ? ` (it takes: ${known.join(', ')})` : ' (it takes none)'}`;
  }
  if (rule === 'must match format "date-time"') {
    // A '+' in an address is a space: the offset's sign was not escaped.
    const unescapedPlus =
      part === 'query' &&
      typeof value === 'string' &&
      / \d{2}:?\d{2}$/.test(value);
    return `${what} must be a date and time with an offset, e.g. 2027-02-28T10:00:00Z or 2027-02-28T11:00:00+01:00${not}${
      unescapedPlus
        ? ": a '+' in the address reads as a space, so escape the offset's + as %2B"
        : ''
    }`;
  }
  if (rule === 'must be boolean') return `${what} must be true or false${not}`;
  if (rule === 'must be array' && part === 'body' && !path.length) {
    return 'The request body must be a JSON object ({ … }), not an array';
  }
  if (rule === 'must be object' && part === 'body' && !path.length) {
    return `The request body must be a JSON object ({ … })${
      Array.isArray(value) ? ', not an array' : ''
    }`;
  }
  const allowed =
    /^must be equal to one of the allowed values(?:: (.*))?$/.exec(rule);
  if (allowed && (allowed[1] || schema?.enum)) {
    return `${what} must be one of ${
      allowed[1] ?? schema!.enum!.join(', ')
    }${not}`;
  }
  if (rule === 'must NOT have fewer than 1 characters') {
    return `${what} must not be empty`;
  }
  if (rule === 'must be integer') return `${what} must be a whole number${not}`;
  if (
    /^must match pattern/.test(rule) &&
    (path[0] === 'checkId' || path[0] === 'check')
  ) {
    return `${what} must be a check id: lowercase letters, digits and '-', e.g. cost${not}`;
  }
  return `${what} ${rule}${not}`;
}
