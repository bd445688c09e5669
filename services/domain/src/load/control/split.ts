// Max-min fair split of a scalar budget (A) over consumers with demands: every consumer gets
// min(demand, level) with one water level, rounded down to whole amps; the sum never exceeds the
// budget. This is the dynamic distribution across DLM networks the ECU cannot do (§7.3, §7.4).

export function waterFill(budgetA: number, demandsA: readonly number[]): number[] {
  const n = demandsA.length;
  const shares = new Array<number>(n).fill(0);
  if (n === 0 || budgetA <= 0) return shares;
  const order = demandsA.map((_, i) => i).sort((a, b) => (demandsA[a] ?? 0) - (demandsA[b] ?? 0));
  let left = Math.floor(budgetA);
  let remaining = n;
  for (const i of order) {
    const demand = Math.max(0, Math.floor(demandsA[i] ?? 0));
    const level = Math.floor(left / remaining);
    const share = Math.min(demand, level);
    shares[i] = share;
    left -= share;
    remaining -= 1;
  }
  // Whole amps left over by the rounding go one each to those still below their demand.
  for (let k = order.length - 1; k >= 0 && left > 0; k--) {
    const i = order[k] ?? 0;
    if ((shares[i] ?? 0) < Math.floor(demandsA[i] ?? 0)) {
      shares[i] = (shares[i] ?? 0) + 1;
      left -= 1;
    }
  }
  return shares;
}
