import { BadRequestException } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { parse as parseQueryString } from 'node:querystring';
import type { FieldError } from './validation';

export interface BodyShapeLimits {
  /** Deepest nesting of objects and arrays (the body itself is level 1). */
  maxDepth: number;
  /** Most members (keys of an object, elements of an array) in any one container. */
  maxKeys: number;
  /** Most members in the whole body. */
  maxMembers: number;
}

const QUOTE = 34; // "
const BACKSLASH = 92;
const OPEN_OBJECT = 123; // {
const OPEN_ARRAY = 91; // [
const CLOSE_OBJECT = 125; // }
const CLOSE_ARRAY = 93; // ]
const COMMA = 44;
const COLON = 58;

interface Level {
  object: boolean;
  /** Members seen so far (0 until the first value or key appears). */
  members: number;
  /** Where the key being read starts and ends (objects): decoded only to name the field in an error. */
  keyStart: number;
  keyEnd: number;
}

/** The dotted path of the innermost open container ("body" at the top), for the error. */
function fieldOf(text: string, stack: Level[]): string {
  const path = stack
    .slice(0, -1)
    .map((level) => (level.object ? keyText(text, level.keyStart, level.keyEnd) : String(level.members - 1)))
    .join('.');
  return path.length > 120 ? `${path.slice(0, 117)}…` : path || 'body';
}

/**
 * Checks the shape of a JSON text BEFORE it is parsed: nesting depth and members per container, in
 * one pass that stops at the first excess. Nothing later (the request fingerprint, the transformers,
 * the validators, the logger) ever walks an over-deep or over-wide body, and a refusal costs time in
 * proportion to where the excess starts, not to the size of the body. Malformed JSON is left to the
 * parser that follows (this pass only counts brackets and commas outside strings).
 */
export function checkJsonShape(text: string, limits: BodyShapeLimits): FieldError | null {
  const stack: Level[] = [];
  const length = text.length;
  let total = 0;
  /** A value starts in the innermost container: its first member (later ones are counted at commas). */
  const firstMember = () => {
    const top = stack[stack.length - 1];
    if (top && top.members === 0) {
      top.members = 1;
      total++;
    }
  };
  const tooMany = (): FieldError | null =>
    total > limits.maxMembers ? { field: 'body', rule: 'maxMembers', message: `more than ${limits.maxMembers} keys and elements in all (BODY_MAX_MEMBERS)` } : null;
  let i = 0;
  while (i < length) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      // Skip the string: find the closing quote that is not escaped.
      let end = i;
      for (;;) {
        end = text.indexOf('"', end + 1);
        if (end < 0) return null; // unterminated: the parser refuses it
        let backslashes = 0;
        while (text.charCodeAt(end - 1 - backslashes) === BACKSLASH) backslashes++;
        if (backslashes % 2 === 0) break;
      }
      const top = stack[stack.length - 1];
      if (top?.object && text.charCodeAt(nextNonSpace(text, end + 1)) === COLON) {
        top.keyStart = i;
        top.keyEnd = end;
      }
      firstMember();
      i = end + 1;
      continue;
    }
    if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      firstMember();
      stack.push({ object: c === OPEN_OBJECT, members: 0, keyStart: 0, keyEnd: 0 });
      if (stack.length > limits.maxDepth) {
        const field = fieldOf(text, stack);
        return { field, rule: 'maxDepth', message: `nested deeper than ${limits.maxDepth} levels (BODY_MAX_DEPTH)` };
      }
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
      stack.pop();
    } else if (c === COMMA) {
      const top = stack[stack.length - 1];
      if (!top) {
        i++;
        continue;
      }
      total++;
      if (++top.members > limits.maxKeys) {
        const field = fieldOf(text, stack);
        return { field, rule: 'maxKeys', message: `more than ${limits.maxKeys} ${top.object ? 'keys' : 'elements'} in one ${top.object ? 'object' : 'array'} (BODY_MAX_KEYS)` };
      }
      const excess = tooMany();
      if (excess) return excess;
    } else if (c > 32) {
      firstMember();
    }
    i++;
  }
  return null;
}

function nextNonSpace(text: string, from: number): number {
  let i = from;
  while (i < text.length && text.charCodeAt(i) <= 32) i++;
  return i;
}

function keyText(text: string, start: number, end: number): string {
  const raw = text.slice(start + 1, end);
  if (raw.length > 60) return `${raw.slice(0, 57)}…`;
  try {
    return JSON.parse(`"${raw}"`) as string;
  } catch {
    return raw;
  }
}

export function bodyShapeError(problem: FieldError): BadRequestException {
  return new BadRequestException({ statusCode: 400, error: 'Bad Request', message: `${problem.field}: ${problem.message}`, errors: [problem] });
}

/**
 * The body parsers of the app: JSON (Fastify's own parser, which refuses __proto__ and
 * constructor.prototype, behind checkJsonShape) and URL-encoded forms (flat by nature; the number of
 * fields is capped the same way). Registered before Nest would add its defaults.
 */
export function useBoundedBodyParsers(app: NestFastifyApplication, limits: BodyShapeLimits, bodyLimit: number): void {
  const fastify = app.getHttpAdapter().getInstance();
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  app.useBodyParser('application/json', { bodyLimit }, (request, body, done) => {
    const text = body.toString('utf8');
    const problem = checkJsonShape(text, limits);
    if (problem) return done(bodyShapeError(problem), undefined);
    parseJson(request as never, text, done);
  });
  app.useBodyParser('application/x-www-form-urlencoded', { bodyLimit }, (_request, body, done) => {
    const text = body.toString('utf8');
    let fields = 1;
    for (let i = text.indexOf('&'); i >= 0 && fields <= limits.maxKeys; i = text.indexOf('&', i + 1)) fields++;
    if (fields > limits.maxKeys) return done(bodyShapeError({ field: 'body', rule: 'maxKeys', message: `more than ${limits.maxKeys} form fields (BODY_MAX_KEYS)` }), undefined);
    done(null, parseQueryString(text));
  });
}
