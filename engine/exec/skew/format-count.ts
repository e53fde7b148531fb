// Row and pair counts in the skew and mitigation messages: whole numbers with thousands separators.
// Not toLocaleString: its first call loads ICU's number formats, about 13 ms on the run's main
// thread, paid by every run whose stages get a message (a coalesced stage is the common one).

export function formatCount(n: number): string {
  const r = Math.round(n);
  const grouped = String(Math.abs(r)).replace(/\B(?=(\d{3})+$)/g, ',');
  return r < 0 ? `-${grouped}` : grouped;
}
