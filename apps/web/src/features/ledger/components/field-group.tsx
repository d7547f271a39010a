import { Descriptions, Flex } from 'antd';
import type { DescriptionsProps } from 'antd';
import type { ReactNode } from 'react';

/** One fact of an item: short ones share a grid, long texts get a row of their own. */
export type Field = { label: string; value: ReactNode; long?: boolean };

export const none = '—';
export const orNone = (value: string | null | undefined) => (value ? value : none);
export const yesNo = (value: boolean) => (value ? '是' : '否');
export const paragraph = (text: string | null) =>
  text ? <span style={{ whiteSpace: 'pre-wrap' }}>{text}</span> : none;

const asItems = (fields: Field[]): DescriptionsProps['items'] =>
  fields.map((field) => ({ key: field.label, label: field.label, children: field.value }));

/**
 * Short facts in a grid (label beside value, even on a phone), then each long text on a row of
 * its own — on a phone with its label above it, so that the text gets the screen's whole width.
 */
export function FieldGroup({ fields, narrow }: { fields: Field[]; narrow: boolean }) {
  const short = fields.filter((field) => !field.long);
  const long = fields.filter((field) => field.long);
  const labelStyle = { width: narrow ? 112 : 128 };
  return (
    <Flex vertical gap={8}>
      {short.length > 0 && (
        <Descriptions
          size="small"
          bordered
          column={{ xs: 1, sm: 2, md: 2, lg: 2, xl: 3, xxl: 3 }}
          styles={{ label: labelStyle }}
          items={asItems(short)}
        />
      )}
      {long.length > 0 && (
        <Descriptions
          size="small"
          bordered
          column={1}
          layout={narrow ? 'vertical' : 'horizontal'}
          styles={{ label: narrow ? undefined : labelStyle }}
          items={asItems(long)}
        />
      )}
    </Flex>
  );
}
