import { BadRequestException, Injectable, PipeTransform, ArgumentMetadata } from '@nestjs/common';
import { registerDecorator, ValidationArguments, ValidationOptions } from 'class-validator';

export const MAX_TEXT = 20_000;
export const MAX_NAME = 300;
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
const FISCAL_YEAR_KEY = /^(19|20|21)\d\d$/;

/** A number (finite) or a short text kept as is (e.g. "9部41課85係"). */
export function isIndicatorValue(value: unknown): boolean {
  return (typeof value === 'number' && Number.isFinite(value)) || (typeof value === 'string' && value.length > 0 && value.length <= 100);
}

export function IsIndicatorValue(options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isIndicatorValue',
      target: object.constructor,
      propertyName,
      options: { message: `${propertyName} must be a finite number or a text of 1–100 characters`, ...options },
      validator: { validate: (value: unknown) => isIndicatorValue(value) },
    });
}

/** An object keyed by fiscal year ("2023") whose values pass `valueCheck`. */
export function IsFiscalYearRecord(valueCheck: (v: unknown) => boolean, valueRule: string, options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isFiscalYearRecord',
      target: object.constructor,
      propertyName,
      options: {
        message: (args: ValidationArguments) => `${args.property} must be an object keyed by fiscal year (e.g. "2023") whose values are ${valueRule}`,
        ...options,
      },
      validator: {
        validate: (value: unknown) =>
          typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length <= 50 &&
          Object.entries(value).every(([k, v]) => FISCAL_YEAR_KEY.test(k) && valueCheck(v)),
      },
    });
}

/** An object keyed by ids (URL-safe) whose values are indicator values. */
export function IsIndicatorValueRecord(options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isIndicatorValueRecord',
      target: object.constructor,
      propertyName,
      options: { message: `${propertyName} must be an object {indicatorId: number or text}`, ...options },
      validator: {
        validate: (value: unknown) =>
          typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length <= 200 &&
          Object.entries(value).every(([k, v]) => ID_PATTERN.test(k) && isIndicatorValue(v)),
      },
    });
}

/** A text, or {progress?, achievement?} texts (for reasons and measures). */
export function IsRatingTexts(options?: ValidationOptions) {
  const isText = (v: unknown) => typeof v === 'string' && v.length <= MAX_TEXT;
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isRatingTexts',
      target: object.constructor,
      propertyName,
      options: { message: `${propertyName} must be a text, or an object {progress?: text, achievement?: text} (at most ${MAX_TEXT} characters each)`, ...options },
      validator: {
        validate: (value: unknown) =>
          isText(value) ||
          (typeof value === 'object' && value !== null && !Array.isArray(value) &&
            Object.entries(value).every(([k, v]) => (k === 'progress' || k === 'achievement') && (v === undefined || isText(v)))),
      },
    });
}

/** Route parameter: a fiscal year such as 2023. */
@Injectable()
export class FiscalYearPipe implements PipeTransform<string, number> {
  transform(value: string, metadata: ArgumentMetadata): number {
    if (!/^\d{4}$/.test(value)) {
      const field = metadata.data ?? 'fy';
      throw new BadRequestException({ statusCode: 400, error: 'Bad Request', message: `${field}: must be a 4-digit fiscal year such as 2023`, errors: [{ field, rule: 'isFiscalYear', message: 'must be a 4-digit fiscal year such as 2023' }] });
    }
    return Number(value);
  }
}

/** Route parameter: a URL-safe id ("1", "3-1", a UUID). */
@Injectable()
export class IdPipe implements PipeTransform<string, string> {
  transform(value: string, metadata: ArgumentMetadata): string {
    if (!/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/.test(value)) {
      const field = metadata.data ?? 'id';
      throw new BadRequestException({ statusCode: 400, error: 'Bad Request', message: `${field}: must be 1–64 letters, digits, "-" or "_"`, errors: [{ field, rule: 'isId', message: 'must be 1–64 letters, digits, "-" or "_"' }] });
    }
    return value;
  }
}

/**
 * An ISO 8601 calendar date or date-time that JavaScript can read ("2024-11-20", "2024-11-20T10:00:00Z").
 * Week dates and ordinal dates are ISO 8601 too, but no `Date` reads them; they are refused here.
 */
export function IsIsoDateTime(options?: ValidationOptions) {
  const pattern = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isIsoDateTime',
      target: object.constructor,
      propertyName,
      options: { message: `${propertyName} must be an ISO 8601 date or date-time such as 2024-11-20 or 2024-11-20T10:00:00Z`, ...options },
      validator: { validate: (value: unknown) => typeof value === 'string' && pattern.test(value) && !Number.isNaN(Date.parse(value)) },
    });
}
