import { useId, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes } from 'react';

interface Common {
  label: string;
  /** Japanese message shown under the field, announced with it (aria-describedby). */
  error?: string;
  hint?: ReactNode;
}

function describedBy(hintId: string, errorId: string, hint: unknown, error: unknown): string | undefined {
  return [hint ? hintId : '', error ? errorId : ''].filter(Boolean).join(' ') || undefined;
}

/** The label is the field's name alone (ログインID), so it reads and matches exactly; 必須 sits beside it for the eye, `required` tells assistive technology. */
function FieldLabel({ id, label, required }: { id: string; label: string; required?: boolean }) {
  return (
    <div className="field__label">
      <label htmlFor={id}>{label}</label>
      {required ? <span className="required" aria-hidden="true">必須</span> : null}
    </div>
  );
}

/** A labelled text field; its error sits next to it and is what a screen reader hears with it. */
export function TextField({ label, error, hint, ...input }: Common & InputHTMLAttributes<HTMLInputElement>) {
  const id = useId();
  return (
    <div className={error ? 'field field--error' : 'field'}>
      <FieldLabel id={id} label={label} required={input.required} />
      {hint ? <p className="field__hint" id={`${id}-hint`}>{hint}</p> : null}
      <input id={id} aria-invalid={error ? true : undefined} aria-describedby={describedBy(`${id}-hint`, `${id}-error`, hint, error)} {...input} />
      {error ? <p className="field__error" id={`${id}-error`}>{error}</p> : null}
    </div>
  );
}

export function SelectField({ label, error, hint, children, ...select }: Common & SelectHTMLAttributes<HTMLSelectElement>) {
  const id = useId();
  return (
    <div className={error ? 'field field--error' : 'field'}>
      <FieldLabel id={id} label={label} required={select.required} />
      {hint ? <p className="field__hint" id={`${id}-hint`}>{hint}</p> : null}
      <select id={id} aria-invalid={error ? true : undefined} aria-describedby={describedBy(`${id}-hint`, `${id}-error`, hint, error)} {...select}>
        {children}
      </select>
      {error ? <p className="field__error" id={`${id}-error`}>{error}</p> : null}
    </div>
  );
}

/** A message for the whole form or page (role=alert for errors, status otherwise). */
export function Notice({ kind, children }: { kind: 'error' | 'success' | 'info'; children: ReactNode }) {
  return (
    <div className={`notice notice--${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      {children}
    </div>
  );
}
