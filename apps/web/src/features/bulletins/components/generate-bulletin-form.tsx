import {
  bulletinPeriod,
  defaultBulletinTitle,
  describePeriod,
  generateBulletinInput,
  resolveBulletinPeriod,
  type BulletinPeriod,
  type BulletinView,
} from '@ledger/domain/bulletins';
import { Alert, Button, DatePicker, Form, Grid, Input, Radio, Space, Spin, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';

import { applyServerIssues, schemaRule } from '@/lib/form';
import { ledgerToday } from '@/lib/format';

import { useGenerateBulletin } from '../api/generate-bulletin';
import { BulletinDownloads } from './bulletin-downloads';

type Values = {
  periodKind: BulletinPeriod;
  periodStart?: Dayjs | null;
  periodEnd?: Dayjs | null;
  title?: string;
};

const toInput = (values: Values) => ({
  periodKind: values.periodKind,
  periodStart: values.periodStart ? values.periodStart.format('YYYY-MM-DD') : undefined,
  periodEnd:
    values.periodKind === 'CUSTOM' && values.periodEnd ? values.periodEnd.format('YYYY-MM-DD') : undefined,
  title: values.title?.trim() ? values.title.trim() : undefined,
});

const startLabel: Record<BulletinPeriod, string> = {
  WEEK: '统计周',
  MONTH: '统计月份',
  CUSTOM: '统计起始日期',
};
const startHint: Record<BulletinPeriod, string> = {
  WEEK: '不选则为上一个完整的周（周一至周日）',
  MONTH: '不选则为上一个完整的月份',
  CUSTOM: '',
};
const pickerOf = { WEEK: 'week', MONTH: 'month', CUSTOM: 'date' } as const;

/**
 * 生成通报: a week, a month or a chosen period. The period the server will use is shown before
 * sending (the same rule, from packages/domain); generating takes a few seconds, shown as it goes,
 * and a refusal lands on the field it names.
 */
export function GenerateBulletinForm() {
  const [form] = Form.useForm<Values>();
  const generate = useGenerateBulletin();
  const [failure, setFailure] = useState<string[]>([]);
  const [created, setCreated] = useState<BulletinView | null>(null);
  const narrow = !Grid.useBreakpoint().md;
  const values = Form.useWatch([], form) as Values | undefined;
  const kind = values?.periodKind ?? 'WEEK';
  const today = ledgerToday();
  const rule = (field: 'periodStart' | 'periodEnd' | 'title') =>
    schemaRule(generateBulletinInput, field, toInput, {
      whenEmpty: field === 'periodEnd' ? '请选择统计截止日期' : '请选择统计起始日期',
    });

  // What the server will make of the choice, when the choice is complete.
  const parsed = generateBulletinInput.safeParse(toInput(values ?? { periodKind: kind }));
  const resolved = parsed.success
    ? resolveBulletinPeriod(parsed.data, new Date(`${today}T00:00:00.000Z`))
    : null;
  const preview =
    resolved?.ok === true
      ? { period: describePeriod(resolved.period), title: defaultBulletinTitle(kind, resolved.period) }
      : null;

  const submit = (submitted: Values) => {
    setFailure([]);
    setCreated(null);
    generate.mutate(toInput(submitted), {
      onSuccess: (bulletin) => setCreated(bulletin),
      onError: (error) => {
        const unplaced = applyServerIssues(form, error);
        // Messages that found their field are shown there; the alert still says nothing was made.
        setFailure(unplaced.length > 0 ? unplaced : ['请按标出的提示修改后重试']);
      },
    });
  };

  const afterToday = (date: Dayjs) => date.format('YYYY-MM-DD') > today;

  return (
    <Form<Values>
      form={form}
      name="generate-bulletin"
      layout="vertical"
      initialValues={{ periodKind: 'WEEK' }}
      onFinish={submit}
      onValuesChange={(changed: Partial<Values>) => {
        // Another kind of period reads the dates another way: start again.
        if ('periodKind' in changed) form.setFieldsValue({ periodStart: null, periodEnd: null });
      }}
    >
      <Form.Item label="周期类型" name="periodKind">
        <Radio.Group optionType="button" buttonStyle="solid" options={bulletinPeriod.options} />
      </Form.Item>
      <Space wrap size={[16, 0]} align="start" style={{ width: '100%' }}>
        <Form.Item
          label={startLabel[kind]}
          name="periodStart"
          extra={startHint[kind] || undefined}
          rules={kind === 'CUSTOM' ? [rule('periodStart')] : []}
        >
          <DatePicker
            picker={pickerOf[kind]}
            disabledDate={afterToday}
            inputReadOnly={narrow}
            allowClear
            style={{ width: narrow ? '100%' : 220 }}
            placeholder={kind === 'CUSTOM' ? '选择日期' : startHint[kind]}
          />
        </Form.Item>
        {kind === 'CUSTOM' && (
          <Form.Item
            label="统计截止日期"
            name="periodEnd"
            dependencies={['periodStart']}
            rules={[rule('periodEnd')]}
          >
            <DatePicker
              disabledDate={afterToday}
              inputReadOnly={narrow}
              style={{ width: narrow ? '100%' : 220 }}
              placeholder="选择日期"
            />
          </Form.Item>
        )}
      </Space>
      <Form.Item label="通报标题" name="title" rules={[rule('title')]} extra="不填则按周期自动命名">
        <Input maxLength={200} placeholder={preview?.title ?? '拱墅区中央环保督察整改工作通报'} allowClear />
      </Form.Item>
      {preview && <Typography.Paragraph type="secondary">统计周期：{preview.period}</Typography.Paragraph>}
      <Button type="primary" htmlType="submit" loading={generate.isPending} block={narrow}>
        生成通报
      </Button>
      {generate.isPending && (
        <Alert
          style={{ marginTop: 16 }}
          type="info"
          showIcon
          icon={<Spin size="small" />}
          title="正在生成通报"
          description="正在读取台账数据，生成 PDF 和 Excel 并存档，通常需要几秒钟，请勿关闭页面。"
        />
      )}
      {failure.length > 0 && (
        <Alert
          style={{ marginTop: 16 }}
          type="error"
          showIcon
          title="未能生成通报"
          description={failure.join('；')}
        />
      )}
      {created && (
        <Alert
          style={{ marginTop: 16 }}
          type="success"
          showIcon
          title={`已生成：${created.title}`}
          description={<BulletinDownloads bulletin={created} />}
        />
      )}
    </Form>
  );
}
