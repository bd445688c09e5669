'use client';

/** Opens the browser's print dialog (its "Save as PDF" is the sheet's PDF). */
export function PrintButton({ label }: { label: string }) {
  return (
    <button type="button" className="print-button" onClick={() => window.print()}>
      {label}
    </button>
  );
}
