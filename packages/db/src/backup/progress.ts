/** Progress lines for the long steps of a backup or a restore. */
export interface Progress {
  /** a step begins */
  step(text: string): void;
  /** a reporter for a step that goes through `total` things (files), printing now and then */
  count(unit: string): (done: number, total: number) => void;
}

export function lineProgress(write: (line: string) => void, intervalMs = 2_000): Progress {
  const started = Date.now();
  const stamp = () => `[${((Date.now() - started) / 1000).toFixed(1).padStart(5)} s]`;
  return {
    step: (text) => write(`${stamp()} ${text}`),
    count(unit) {
      let last = Date.now();
      return (done, total) => {
        if (done !== total && Date.now() - last < intervalMs) return;
        last = Date.now();
        write(`${stamp()}   ${done}/${total} ${unit}`);
      };
    },
  };
}
