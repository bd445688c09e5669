'use client';
import { useFormStatus } from 'react-dom';

// The only interactive bit of a charge point row: says "Pausing…" while the server action runs. The
// form works without it too (a plain POST to the server action).
export function PauseButton(props: {
  label: string;
  pendingLabel: string;
  primary: boolean;
  disabled: boolean;
}) {
  const { pending } = useFormStatus();
  return (
    <button
      type="submit"
      className={props.primary ? 'btn primary' : 'btn'}
      disabled={props.disabled || pending}
    >
      {pending ? props.pendingLabel : props.label}
    </button>
  );
}
