// Long-running processes stop once, cleanly, on SIGINT/SIGTERM, and when started over IPC also when
// their parent goes away (so nothing lingers as an orphan).
export function stopOnSignals(stop: () => Promise<unknown>, onSignal?: (signal: string) => void): void {
  let stopping = false;
  const handle = (signal: string) => {
    if (stopping) return;
    stopping = true;
    onSignal?.(signal);
    stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => handle('SIGINT'));
  process.on('SIGTERM', () => handle('SIGTERM'));
  if (process.send) process.on('disconnect', () => handle('disconnect'));
}
