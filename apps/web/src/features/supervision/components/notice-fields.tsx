import { noticeLevel } from '@ledger/domain/vocabulary';
import { DatePicker, Form, Input, Radio } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';

import { ledgerToday } from '@/lib/format';
import { schemaRule, type Schema } from '@/lib/form';

/** What the issue and escalate forms hold, before it becomes the API's input. */
export type NoticeValues = { level?: 'YELLOW' | 'RED'; reason?: string; responseDueOn?: Dayjs | null };

export const noticeInputOf = (values: NoticeValues) => ({
  ...(values.level ? { level: values.level } : {}),
  reason: values.reason ?? '',
  responseDueOn: values.responseDueOn ? values.responseDueOn.format('YYYY-MM-DD') : '',
});

/** A week to answer unless the coordinator names another date. */
export const defaultNoticeValues = (level: 'YELLOW' | 'RED' = 'YELLOW'): NoticeValues => ({
  level,
  responseDueOn: dayjs(ledgerToday()).add(7, 'day'),
});

/**
 * The fields of a notice: level (not when escalating: that is always red), reason, response date.
 * Checked with the schema the API checks with.
 */
export function NoticeFields({
  schema,
  withLevel = true,
  narrow,
}: {
  schema: Schema<unknown>;
  withLevel?: boolean;
  narrow: boolean;
}) {
  const rule = (field: keyof NoticeValues, whenEmpty?: string) =>
    schemaRule(schema, field, noticeInputOf as (values: never) => unknown, { whenEmpty });
  return (
    <>
      {withLevel && (
        <Form.Item label="督办等级" name="level" rules={[rule('level', '请选择督办等级')]}>
          <Radio.Group
            optionType="button"
            buttonStyle="solid"
            options={noticeLevel.options.map((option) => ({
              value: option.value,
              label: `${option.value === 'RED' ? '红色' : '黄色'}${option.label}`,
            }))}
          />
        </Form.Item>
      )}
      <Form.Item label="督办事由" name="reason" rules={[rule('reason')]}>
        <Input.TextArea
          rows={3}
          maxLength={2000}
          placeholder="如：该事项已超过整改时限，请加快推进并按期反馈"
        />
      </Form.Item>
      <Form.Item
        label="要求反馈日期"
        name="responseDueOn"
        rules={[rule('responseDueOn', '请选择要求反馈日期')]}
      >
        <DatePicker
          style={{ width: '100%' }}
          inputReadOnly={narrow}
          disabledDate={(date) => date.isBefore(dayjs(ledgerToday()), 'day')}
        />
      </Form.Item>
    </>
  );
}
