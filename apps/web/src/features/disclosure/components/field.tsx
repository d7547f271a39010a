import { Typography } from 'antd';
import type { ReactNode } from 'react';

/** A labelled block of text in a card: the label above, the official words below, wrapping on a phone. */
export function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Typography.Text type="secondary">{label}</Typography.Text>
      <div style={{ overflowWrap: 'anywhere' }}>{children}</div>
    </div>
  );
}
