import { useId, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from 'react';

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

/** A labelled multi-line field (取組実績, 取組効果, 課題, …), its error beside it as for TextField. */
export function TextAreaField({ label, error, hint, ...area }: Common & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  const id = useId();
  return (
    <div className={error ? 'field field--error' : 'field'}>
      <FieldLabel id={id} label={label} required={area.required} />
      {hint ? <p className="field__hint" id={`${id}-hint`}>{hint}</p> : null}
      <textarea id={id} rows={4} aria-invalid={error ? true : undefined} aria-describedby={describedBy(`${id}-hint`, `${id}-error`, hint, error)} {...area} />
      {error ? <p className="field__error" id={`${id}-error`}>{error}</p> : null}
    </div>
  );
}

/**
 * A choice among a few options shown as radio buttons in a group named by its legend (進捗状況,
 * 達成状況), each option's label carrying the form's legend text (S 計画以上に進捗 …).
 */
export function RadioGroupField({ label, name, options, value, onChange, error, hint, required }: Common & { name: string; options: { value: string; label: string }[]; value: string; onChange: (value: string) => void; required?: boolean }) {
  const id = useId();
  return (
    <fieldset className={error ? 'field field--radios field--error' : 'field field--radios'} role="radiogroup" aria-required={required || undefined} aria-invalid={error ? true : undefined} aria-describedby={describedBy(`${id}-hint`, `${id}-error`, hint, error)}>
      <legend className="field__legend">
        {label}
        {required ? <span className="required" aria-hidden="true">必須</span> : null}
      </legend>
      {hint ? <p className="field__hint" id={`${id}-hint`}>{hint}</p> : null}
      <div className="radios">
        {options.map((o) => (
          <label key={o.value} className="radio">
            <input type="radio" name={name} value={o.value} checked={value === o.value} onChange={() => onChange(o.value)} />
            <span>{o.label}</span>
          </label>
        ))}
      </div>
      {error ? <p className="field__error" id={`${id}-error`}>{error}</p> : null}
    </fieldset>
  );
}
