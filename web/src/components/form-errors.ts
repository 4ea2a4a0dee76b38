import { useState } from 'react';
import { ApiError } from '../api';

/**
 * The errors of one form, each where it belongs: next to the field it concerns (found before
 * sending, or named by the API's answer), or above the form when it concerns no field.
 */
export function useFormErrors() {
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string>();

  /** Shows the problems found before sending (field → message, or nothing); true when there are none. */
  function checked(problems: Record<string, string | false | undefined>): boolean {
    const found = Object.fromEntries(Object.entries(problems).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
    setErrors(found);
    setFormError(undefined);
    return Object.keys(found).length === 0;
  }

  /** Shows what the API refused. `special` may place an answer itself (e.g. a 409 next to ログインID). */
  function refused(error: unknown, fallback: string, special?: (e: ApiError) => Record<string, string> | undefined): void {
    const placed = error instanceof ApiError ? special?.(error) : undefined;
    if (placed) setErrors(placed);
    else if (error instanceof ApiError && Object.keys(error.fields).length) setErrors(error.fields);
    else setFormError(error instanceof ApiError ? error.message : fallback);
  }

  return { errors, formError, checked, refused, setErrors };
}
