import { ArgumentMetadata, BadRequestException, ValidationError, ValidationPipe, ValidationPipeOptions } from '@nestjs/common';

export interface FieldError {
  field: string;
  rule: string;
  /** Japanese, for people. */
  message: string;
  messageEn?: string;
}

/** Rules that say what kind of value a field takes: when one fails, the rules about its length or form say nothing more. */
const TYPE_RULES = new Set(['isString', 'isInt', 'isNumber', 'isBoolean', 'isObject', 'isArray', 'isIndicatorValue', 'isIndicatorValueRecord', 'isRatingTexts', 'nestedValidation']);

const number = (en: string) => /(\d[\d,]*)/.exec(en)?.[1] ?? '';

/** The Japanese for each class-validator rule (the English text stays under messageEn). */
function japanese(rule: string, field: string, en: string): string {
  switch (rule) {
    case 'unknownField':
      return `${field} という項目はありません。`;
    case 'isString':
      return `${field} は文字で入力してください。`;
    case 'isNotEmpty':
      return `${field} が空です。入力してください。`;
    case 'isInt':
      return `${field} は整数で入力してください。`;
    case 'isNumber':
      return `${field} は数値で入力してください。`;
    case 'isBoolean':
      return `${field} は true か false です。`;
    case 'isObject':
    case 'nestedValidation':
      return `${field} は {…} の形で送ってください。`;
    case 'isArray':
      return `${field} は […] の一覧で送ってください。`;
    case 'maxLength':
      return `${field} が長すぎます（${number(en)}文字まで）。`;
    case 'minLength':
      return `${field} が短すぎます（${number(en)}文字以上）。`;
    case 'arrayMaxSize':
      return `${field} の件数が多すぎます（${number(en)}件まで）。`;
    case 'arrayMinSize':
      return `${field} は${number(en)}件以上必要です。`;
    case 'max':
      return `${field} は ${number(en)} 以下にしてください。`;
    case 'min':
      return `${field} は ${number(en)} 以上にしてください。`;
    case 'isIn':
    case 'isEnum': {
      const values = /following values: (.*)$/.exec(en)?.[1];
      return values ? `${field} は次のいずれかです：${values.split(/,\s*/).join('、')}。` : `${field} の値が使えません。`;
    }
    case 'isIso8601':
    case 'isIsoDateTime':
      return `${field} は日付（YYYY-MM-DD）で入力してください。`;
    case 'matches':
      return `${field} の形式が違います。`;
    case 'isIndicatorValue':
      return `${field} は数値か文字で入力してください。`;
    case 'isIndicatorValueRecord':
      return `${field} は {指標ID: 数値か文字} の形で送ってください。`;
    case 'isRatingTexts':
      return `${field} は文字、または {"progress": 文字, "achievement": 文字} の形で送ってください。`;
    default:
      return `${field}：${en}`;
  }
}

/**
 * Flattens class-validator's tree into `{field: "nextYear.issues", rule: "isString", message, messageEn}`
 * entries: one per failing field when its type is wrong (a number for a text is one mistake, not three),
 * Japanese first.
 */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    let entries = Object.entries(error.constraints ?? {});
    const typeRule = entries.find(([rule]) => TYPE_RULES.has(rule));
    if (typeRule) entries = [typeRule];
    const own = entries.map(([constraint, message]) => {
      const rule = constraint === 'whitelistValidation' ? 'unknownField' : constraint;
      const en = constraint === 'whitelistValidation' ? `${field} is not a known field` : message;
      return { field, rule, message: japanese(rule, field, en), messageEn: en };
    });
    return [...own, ...(typeRule ? [] : flattenValidationErrors(error.children ?? [], field))];
  });
}

/** Deeper than any input of the API; a deeper body would only exhaust the stack of the transformers. */
export const MAX_INPUT_DEPTH = 32;

/**
 * Keys that no input has, and that class-validator's whitelist does not catch (it looks names up in a
 * plain object, so inherited names such as "constructor" or "toString" pass as known). The empty key
 * is refused too (no field, record key or id is empty), named '""'.
 */
const RESERVED_KEYS = new Set([...Object.getOwnPropertyNames(Object.prototype), 'prototype']);

/** NUL and unpaired surrogates: no text of the domain holds them, and PostgreSQL (jsonb, text) refuses them. */
const UNSAFE_TEXT = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Checks the raw input before it is transformed: a body must be a JSON object, nested at most
 * MAX_INPUT_DEPTH levels, without reserved keys, and without NUL or unpaired surrogates in any key or text.
 */
export function checkRawInput(value: unknown, kind: 'body' | 'query'): FieldError[] {
  if (kind === 'body' && value !== undefined && (typeof value !== 'object' || value === null || Array.isArray(value))) {
    return [{ field: 'body', rule: 'isObject', message: `the body must be a JSON object, got ${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value}` }];
  }
  const errors: FieldError[] = [];
  const walk = (node: unknown, path: string, depth: number): void => {
    if (errors.length >= 20) return;
    if (typeof node === 'string') {
      if (UNSAFE_TEXT.test(node)) errors.push({ field: path, rule: 'wellFormedText', message: `${path} must not contain NUL characters or unpaired surrogates` });
      return;
    }
    if (typeof node !== 'object' || node === null) return;
    if (depth > MAX_INPUT_DEPTH) {
      errors.push({ field: path, rule: 'maxDepth', message: `${path} is nested deeper than ${MAX_INPUT_DEPTH} levels` });
      return;
    }
    for (const key of Object.keys(node)) {
      const field = path ? `${path}.${key || '""'}` : key || '""';
      if (RESERVED_KEYS.has(key) || key === '') errors.push({ field, rule: 'unknownField', message: `${field} is not a known field` });
      else if (UNSAFE_TEXT.test(key)) errors.push({ field: path || 'body', rule: 'wellFormedText', message: `a key of ${path || 'the body'} contains NUL characters or unpaired surrogates` });
      else walk((node as Record<string, unknown>)[key], field, depth + 1);
    }
  };
  walk(value, '', 0);
  return errors;
}

/** A refusal names at most this many failures (and counts them all), so its size and cost stay small. */
export const MAX_REPORTED_ERRORS = 20;

function badRequest(fields: FieldError[]): BadRequestException {
  const shown = fields.slice(0, MAX_REPORTED_ERRORS);
  const more = fields.length - shown.length;
  return new BadRequestException({
    statusCode: 400,
    error: 'Bad Request',
    code: 'invalidInput',
    ...(shown.length === 1 ? { field: shown[0].field } : {}),
    message: (shown.map((f) => f.message).join(' ') || '入力が正しくありません。') + (more > 0 ? ` ほか${more}件` : ''),
    messageEn: (shown.map((f) => `${f.field}: ${f.messageEn ?? f.message}`).join('; ') || 'invalid input') + (more > 0 ? `; and ${more} more` : ''),
    errors: shown,
    errorCount: fields.length,
  });
}

/** class-validator's pipe, with the raw-input checks of checkRawInput first. */
class InputValidationPipe extends ValidationPipe {
  constructor(options: ValidationPipeOptions) {
    super(options);
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if ((metadata.type === 'body' || metadata.type === 'query') && this.toValidate(metadata)) {
      const errors = checkRawInput(value, metadata.type);
      if (errors.length > 0) throw badRequest(errors);
    }
    return super.transform(value, metadata);
  }
}

/** Every body and query goes through this: unknown fields are refused, each failure names the field and the rule. */
export function createValidationPipe(): ValidationPipe {
  return new InputValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    forbidUnknownValues: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => badRequest(flattenValidationErrors(errors)),
  });
}
