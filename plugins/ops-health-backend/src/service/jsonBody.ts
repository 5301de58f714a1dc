import express from 'express';
import { CustomErrorBase, InputError } from '@backstage/errors';

/**
 * The largest request body read: above the largest body the API's schema
 * allows (a post-mortem: four texts of 20,000 characters and 50 action
 * items, up to 4 bytes a character in UTF-8), so that no request the spec
 * accepts is refused for its size.
 */
export const MAX_BODY_BYTES = 2 * 1024 * 1024;

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
  router.use((req, _res, next) => {
    if (hasBody(req) && !req.is('application/json')) {
      const type = req.headers['content-type'];
      throw new UnsupportedMediaTypeError(
        `Ops Health reads request bodies as JSON, and this one is ${
          type ? `'${type}'` : 'of no declared type'
        }: send it with the header 'Content-Type: application/json'`,
      );
    }
    next();
  });
  router.use(express.json({ limit: MAX_BODY_BYTES }));
  router.use(
    (
      error: Error & { type?: string; length?: number },
      _req: express.Request,
      _res: express.Response,
      next: express.NextFunction,
    ) => {
      if (error.type === 'entity.too.large') {
        next(
          new PayloadTooLargeError(
            `The request body is ${
              error.length ?? 'more than'
            } bytes; Ops Health reads at most ${MAX_BODY_BYTES} bytes (2 MiB) of JSON a request: send less`,
          ),
        );
      } else if (error.type === 'entity.parse.failed') {
        next(
          new InputError(
            `The request body is not valid JSON (${error.message}): send a JSON object`,
          ),
        );
      } else {
        next(error);
      }
    },
  );
  return router;
}

/**
 * After the OpenAPI validation: a request the spec requires a body of that
 * came without one is told so, instead of the validator's "unsupported
 * media type undefined".
 *
 * @internal
 */
export function missingBodyErrors(): express.ErrorRequestHandler {
  return (error, _req, _res, next) => {
    if (
      error?.name === 'InputError' &&
      error.message === 'unsupported media type undefined'
    ) {
      next(
        new InputError(
          "This request needs a JSON body: send one with the header 'Content-Type: application/json'",
        ),
      );
      return;
    }
    next(error);
  };
}
