/** Errors by field: the server's (or the contract's) message next to the field it names. */
export type FieldErrors = Record<string, string>;

/** The message for `field`: named exactly, or by its last part (a server may say `timeZone` for `schedule.timeZone`). */
export function fieldErrorFor(errors: FieldErrors, field: string): string | undefined {
  if (errors[field]) return errors[field];
  const last = field.split('.').at(-1)!;
  const key = Object.keys(errors).find((k) => k && (k === last || k.split('.').at(-1) === last));
  return key ? errors[key] : undefined;
}

export function FieldError({ id, text }: { id: string; text: string | undefined }) {
  return text ? (
    <p id={id} className="error-text field-error">
      {text}
    </p>
  ) : null;
}

/** The control in `root` marked `data-field` for this field (exactly, or by its last part). */
export function fieldElement(root: HTMLElement | null, field: string): HTMLElement | null {
  if (!root) return null;
  const all = [...root.querySelectorAll<HTMLElement>('[data-field]')];
  const last = field.split('.').at(-1);
  return (
    all.find((el) => el.dataset.field === field) ??
    all.find((el) => el.dataset.field?.split('.').at(-1) === last) ??
    null
  );
}
