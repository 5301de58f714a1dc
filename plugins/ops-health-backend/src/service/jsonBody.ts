import express from 'express';
import { CustomErrorBase, InputError } from '@backstage/errors';
import { explainShape, queryParameterNames, takesBody } from './requestShape';
import { ENTITY_REF_RULES } from '../access/access';

/**
 * The largest request body read: above the largest body the API's schema
 * allows (a post-mortem: four texts of 20,000 characters and 100 action
 * items of 2,000, about 3.4 MB when every character is one outside the
 * Basic Multilingual Plane written as a JSON escaped surrogate pair,
 * `\ud83d\ude00`, 12 bytes), so that no request the spec accepts is
 * refused for its size however its JSON is written.
 */
export const MAX_BODY_BYTES = 4 * 1024 * 1024;

/** A body that is not JSON: 415. @internal */
export class UnsupportedMediaTypeError extends CustomErrorBase {
  name = 'UnsupportedMediaTypeError';
  readonly statusCode = 415;
}

/** A body larger than {@link MAX_BODY_BYTES}: 413. @internal */
export class PayloadTooLargeError extends CustomErrorBase {
  name = 'PayloadTooLargeError';
  readonly statusCode = 413;
}

function hasBody(req: express.Request): boolean {
  return (
    req.headers['transfer-encoding'] !== undefined ||
    Number(req.headers['content-length'] ?? 0) > 0
  );
}

/**
 * Reads JSON request bodies before the OpenAPI validation, so that a body
 * Ops Health cannot read is answered with what is wrong and how to send it
 * instead of the body parser's and validator's own words ("unsupported media
 * type undefined", "request entity too large", a JSON.parse message): a body
 * of another type is a 415, one too large a 413, one that is not JSON a 400.
 *
 * The OpenAPI router's own JSON parser then finds the body read and leaves
 * it.
 *
 * @internal
 */
export function jsonBodyRouter(): express.Router {
  const router = express.Router();
  const json = express.json({ limit: MAX_BODY_BYTES });
  router.use((req, res, next) => {
    if (!takesBody(req)) {
      // Marked as read (body-parser's own mark), so that no parser after
      // this one reads it either: the request is answered as if it had
      // none.
      Object.assign(req, { _body: true, body: {} });
      next();
      return;
    }
    if (hasBody(req) && !req.is('application/json')) {
      const type = req.headers['content-type'];
      throw new UnsupportedMediaTypeError(
        `Ops Health reads request bodies as JSON, and this one is ${
          type ? `'${type}'` : 'of no declared type'
        }: send it with the header 'Content-Type: application/json'`,
      );
    }
    // JSON is UTF-8 (RFC 8259): the body parser would decode UTF-16 and
    // others, and a body in one of them reads as garbage JSON.
    const charset = hasBody(req) ? charsetOf(req) : undefined;
    if (charset && charset !== 'utf-8') {
      throw charsetRefused(charset);
    }
    json(req, res, next);
  });
  router.use(
    (
      error: BodyParserError,
      _req: express.Request,
      _res: express.Response,
      next: express.NextFunction,
    ) => {
      next(readableError(error));
    },
  );
  return router;
}

/** The charset a request's Content-Type declares, lowercase, unquoted. */
function charsetOf(req: express.Request): string | undefined {
  const match = /;\s*charset\s*=\s*["']?([^"';\s]+)["']?/i.exec(
    req.headers['content-type'] ?? '',
  );
  return match?.[1].toLocaleLowerCase('en-US');
}

function charsetRefused(charset: string | undefined) {
  return new UnsupportedMediaTypeError(
    `Ops Health reads JSON bodies in UTF-8, not ${
      charset ?? 'this charset'
    }: send 'Content-Type: application/json; charset=utf-8'`,
  );
}

/** An error of the body parser (body-parser, through express.json). */
type BodyParserError = Error & {
  type?: string;
  length?: number;
  body?: string;
  charset?: string;
  encoding?: string;
  status?: number;
};

/** What the body parser's error means for the one who sent the body. */
function readableError(error: BodyParserError): Error {
  switch (error.type) {
    case 'entity.too.large':
      return new PayloadTooLargeError(
        `The request body is ${
          error.length !== undefined
            ? `${error.length} bytes`
            : `more than ${MAX_BODY_BYTES} bytes`
        }; Ops Health reads at most ${MAX_BODY_BYTES} bytes (4 MiB) of JSON a request: send less`,
      );
    case 'entity.parse.failed': {
      let parsed: { value: unknown } | undefined;
      try {
        parsed = { value: JSON.parse(error.body ?? '') };
      } catch {
        parsed = undefined;
      }
      return new InputError(
        parsed
          ? `The request body must be a JSON object ({ … }), not ${
              parsed.value === null ? 'null' : typeof parsed.value
            }`
          : `The request body is not valid JSON (${error.message}): send a JSON object`,
      );
    }
    case 'charset.unsupported':
      return charsetRefused(error.charset);
    case 'encoding.unsupported':
      return new UnsupportedMediaTypeError(
        `Ops Health cannot read a body with 'Content-Encoding: ${
          error.encoding ?? 'this encoding'
        }': send it uncompressed, or with gzip or deflate`,
      );
    default:
      // The body could not be read as it said it was sent (e.g. gzip that
      // is not) or the request ended early.
      if (error.status !== undefined && error.status < 500) {
        return new InputError(
          `The request body could not be read (${error.message}): send JSON, uncompressed or as its Content-Encoding says`,
        );
      }
      return error;
  }
}

/**
 * After the OpenAPI validation, the validator's own words made into what
 * is wrong and how to fix it: a request the spec requires a body of that
 * came without one ("unsupported media type undefined"), an address with a
 * broken %-escape ("malformed uri'"), a query parameter with an unescaped
 * reserved character ("must be url encoded") or given twice where it takes
 * one value ("must be string").
 *
 * @internal
 */
export function validatorErrors(options?: {
  /**
   * The caller's credentials; throws (AuthenticationError) for a request
   * without any, which is then refused for that first: a client without
   * credentials learns it must sign in, not what else is wrong.
   */
  authenticate?: (req: express.Request) => Promise<unknown>;
}): express.ErrorRequestHandler {
  return (error, req, _res, next) => {
    const explained = explainValidatorError(error, req);
    const status = (explained as { statusCode?: number })?.statusCode;
    const refusedForItsShape =
      explained?.name === 'InputError' ||
      explained?.name === 'UnsupportedMediaTypeError' ||
      explained?.name === 'PayloadTooLargeError' ||
      explained?.name === 'MethodNotAllowedError' ||
      (typeof status === 'number' &&
        status >= 400 &&
        status < 500 &&
        status !== 401 &&
        status !== 403);
    if (!options?.authenticate || !refusedForItsShape) {
      next(explained);
      return;
    }
    // httpAuth keeps a request's credentials: for a handler's InputError
    // after it authenticated, this is no second token verification.
    options.authenticate(req).then(
      () => next(explained),
      authError => next(authError),
    );
  };
}

function explainValidatorError(error: any, req: express.Request): any {
  const encoded =
    error?.name === 'InputError' &&
    /^Parameter '([^']+)' must be url encoded/.exec(error.message);
  if (encoded) {
    const p = encoded[1];
    return new InputError(
      `Query parameter '${p}' has a reserved character (such as , or +) that is not %-escaped: escape it (+ as %2B), and give several values by repeating the parameter (${p}=a&${p}=b)`,
    );
  }
  const single =
    error?.name === 'InputError' &&
    /^request\/query\/(\w+) must be (string|boolean|integer|number)$/.exec(
      error.message,
    );
  if (single && Array.isArray(req.query[single[1]])) {
    return new InputError(
      `Query parameter '${single[1]}' is given more than once; it takes one value`,
    );
  }
  const part =
    error?.name === 'InputError' &&
    /^request\/params\/(kind|namespace|name) must (?:match pattern|NOT have more than)/.exec(
      error.message,
    );
  if (part && req.path.startsWith('/entities/')) {
    const which = part[1] as keyof typeof ENTITY_REF_RULES;
    return new InputError(
      `The entity ${which} in the address is not a catalog ${which}: ${ENTITY_REF_RULES[which].rule}`,
    );
  }
  if (
    error?.name === 'InputError' &&
    /^request\/headers\/idempotency-key must/.test(error.message)
  ) {
    return new InputError(
      'The Idempotency-Key header must be 1 to 255 visible ASCII characters, without spaces: e.g. a UUID made for each incident you declare or silence you create',
    );
  }
  const unknown =
    error?.name === 'InputError' &&
    /^Unknown query parameter '([^']*)'$/.exec(error.message);
  const known = unknown ? queryParameterNames(req) : undefined;
  if (unknown && known) {
    return new InputError(
      `Unknown query parameter '${unknown[1]}': ${req.method} ${req.path} ${
        known.length
          ? `takes ${known.map(n => `'${n}'`).join(', ')}`
          : 'takes no query parameters'
      }`,
    );
  }
  const empty =
    error?.name === 'InputError' &&
    /^Empty value found for query parameter '([^']+)'$/.exec(error.message);
  if (empty) {
    return new InputError(
      `Query parameter '${empty[1]}' is empty: give it a value, or leave it out`,
    );
  }
  const shape =
    error?.name === 'InputError' && explainShape(error.message, req);
  if (shape) return new InputError(shape);
  if (error?.name === 'InputError' && error.message === "malformed uri'") {
    return new InputError(
      "The request's address has a %-escape that is not UTF-8 (e.g. %C0%AF); escape each character as the UTF-8 of it",
    );
  }
  if (
    error?.name === 'InputError' &&
    error.message === 'unsupported media type undefined'
  ) {
    return new InputError(
      "This request needs a JSON body: send one with the header 'Content-Type: application/json'",
    );
  }
  return error;
}
