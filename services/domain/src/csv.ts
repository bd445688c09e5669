// RFC 4180 CSV for exports people open in a spreadsheet (audit trail, load history): every text cell
// that a spreadsheet would run as a formula (= + - @ tab CR first) is defused with a leading
// apostrophe (CWE-1236, OWASP "CSV injection"); numbers are written as numbers.

export function csvCell(value: string | number | undefined): string {
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  let v = value ?? '';
  if (/^[=+\-@\t\r]/.test(v)) v = `'${v}`;
  return /[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v;
}

/** A header row and data rows as CSV text, CRLF line ends (RFC 4180). */
export function csvText(
  header: readonly string[],
  rows: readonly (readonly (string | number | undefined)[])[],
): string {
  return [header.map(csvCell).join(','), ...rows.map((r) => r.map(csvCell).join(','))].join('\r\n') + '\r\n';
}
