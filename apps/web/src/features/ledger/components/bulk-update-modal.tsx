import { bulkUpdateInput } from '@ledger/domain/items';
import type { ItemSummary } from '@ledger/domain/items';
import { Alert, DatePicker, Form, Grid, Modal, Select, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';

import { applyServerIssues, schemaRule, type FieldPath } from '@/lib/form';

import { useBulkUpdateItems } from '../api/bulk-update-items';
import type { UnitChoice } from './item-fields';

type BulkValues = { leadUnitId?: string | null; deadline?: Dayjs | null };

type BulkUpdateModalProps = {
  /** the selected items, in the order they are sent (a refusal names them by position) */
  items: ItemSummary[];
  units: UnitChoice[];
  unitsLoading?: boolean;
  open: boolean;
  onClose: () => void;
  onDone: (updated: number) => void;
};

const toInput = (itemIds: string[]) => (values: BulkValues) => ({
  itemIds,
  leadUnitId: values.leadUnitId ?? undefined,
  deadline: values.deadline ? values.deadline.format('YYYY-MM-DD') : undefined,
});

/** How many numbers the confirmation lists before it says "等 N 个". */
const shownNumbers = 10;

/**
 * 批量调整: a new lead unit and/or deadline for the selected items, checked with the API's
 * bulkUpdateInput. The API changes all of them or none; when it refuses, each message names the
 * item it is about.
 */
export function BulkUpdateModal({ items, units, unitsLoading, open, onClose, onDone }: BulkUpdateModalProps) {
  const [form] = Form.useForm<BulkValues>();
  const bulkUpdate = useBulkUpdateItems();
  const [failure, setFailure] = useState<string[]>([]);
  const narrow = !Grid.useBreakpoint().md;
  const input = toInput(items.map((item) => item.id));
  const rule = (field: keyof BulkValues) => schemaRule(bulkUpdateInput, field, input);

  /** A message about `itemIds.<n>` names the item by its number. */
  const describe = (name: FieldPath, message: string) => {
    const item = name[0] === 'itemIds' && typeof name[1] === 'number' ? items[name[1]] : undefined;
    return item ? `${item.number}（${item.title}）：${message}` : message;
  };

  const submit = (values: BulkValues) => {
    const parsed = bulkUpdateInput.safeParse(input(values));
    if (!parsed.success) {
      // Neither field is wrong by itself here: nothing chosen, or too many items selected.
      setFailure(parsed.error.issues.map((issue) => describe(issue.path as FieldPath, issue.message)));
      return;
    }
    setFailure([]);
    bulkUpdate.mutate(parsed.data, {
      onSuccess: ({ updated }) => onDone(updated),
      onError: (error) => setFailure(applyServerIssues(form, error, describe)),
    });
  };

  const numbers = items.slice(0, shownNumbers).map((item) => item.number);
  return (
    <Modal
      title="批量调整"
      open={open}
      onCancel={onClose}
      okText="确定调整"
      cancelText="取消"
      confirmLoading={bulkUpdate.isPending}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <Form<BulkValues> form={form} name="bulk-update" layout="vertical" preserve={false} onFinish={submit}>
        <Typography.Paragraph>
          将调整已选的 {items.length} 个事项：{numbers.join('、')}
          {items.length > shownNumbers && ` 等 ${items.length} 个`}。只填写需要调整的项，未填写的保持不变。
        </Typography.Paragraph>
        <Form.Item
          label="新的牵头单位"
          name="leadUnitId"
          rules={[rule('leadUnitId')]}
          extra="原牵头单位不再负责；若新牵头单位原为配合单位，则不再列为配合单位"
        >
          <Select
            allowClear
            loading={unitsLoading}
            placeholder="不调整"
            showSearch={{ optionFilterProp: 'label' }}
            options={units.map((unit) => ({ value: unit.id, label: unit.name, disabled: unit.disabled }))}
          />
        </Form.Item>
        <Form.Item
          label="新的整改时限"
          name="deadline"
          rules={[rule('deadline')]}
          extra="原定时限保留在记录中；预警时间随之平移"
        >
          <DatePicker style={{ width: '100%' }} placeholder="不调整" inputReadOnly={narrow} />
        </Form.Item>
        {failure.length > 0 && (
          <Alert
            type="error"
            showIcon
            title={failure.length === 1 ? failure[0] : '未调整任何事项'}
            description={
              failure.length > 1 ? (
                <ul style={{ margin: 0, paddingInlineStart: 20 }}>
                  {failure.map((message, index) => (
                    <li key={index}>{message}</li>
                  ))}
                </ul>
              ) : (
                '未调整任何事项，请修正后重试。'
              )
            }
          />
        )}
      </Form>
    </Modal>
  );
}
