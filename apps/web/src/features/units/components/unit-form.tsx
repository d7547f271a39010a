import { unitType } from '@ledger/domain/vocabulary';
import { Alert, Form, Input, InputNumber, Modal, Select } from 'antd';
import { useState } from 'react';

import { applyServerIssues } from '@/lib/form';

import { useCreateUnit, type UnitInput } from '../api/create-unit';
import type { Unit } from '../api/get-units';
import { useUpdateUnit } from '../api/update-unit';

type UnitValues = {
  code?: string;
  name?: string;
  type?: Unit['type'];
  sortOrder?: number | null;
  webhookUrl?: string;
};

type UnitFormModalProps = {
  /** the unit to edit; absent to create one */
  unit?: Unit;
  open: boolean;
  onClose: () => void;
  onSaved: (unit: Unit) => void;
};

/**
 * 新增/编辑单位. The unit schemas live in the API for now (not yet in packages/domain), so the
 * form checks only that fields are filled and shows the API's own field messages for the rest.
 */
export function UnitFormModal({ unit, open, onClose, onSaved }: UnitFormModalProps) {
  const [form] = Form.useForm<UnitValues>();
  const createUnit = useCreateUnit();
  const updateUnit = useUpdateUnit();
  const [failure, setFailure] = useState<string[]>([]);
  const saving = createUnit.isPending || updateUnit.isPending;

  const submit = (values: UnitValues) => {
    const input: UnitInput = {
      code: values.code?.trim(),
      name: values.name?.trim(),
      type: values.type,
      sortOrder: values.sortOrder ?? 0,
      webhookUrl: values.webhookUrl?.trim() ? values.webhookUrl.trim() : null,
    };
    setFailure([]);
    const handlers = {
      onSuccess: onSaved,
      onError: (error: Error) => setFailure(applyServerIssues(form, error)),
    };
    if (unit) updateUnit.mutate({ id: unit.id, input }, handlers);
    else createUnit.mutate(input, handlers);
  };

  return (
    <Modal
      title={unit ? `编辑单位：${unit.name}` : '新增单位'}
      open={open}
      onCancel={onClose}
      okText="保存"
      confirmLoading={saving}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <Form<UnitValues>
        form={form}
        name="unit"
        layout="vertical"
        preserve={false}
        initialValues={
          unit
            ? {
                code: unit.code,
                name: unit.name,
                type: unit.type,
                sortOrder: unit.sortOrder,
                webhookUrl: unit.webhookUrl ?? '',
              }
            : { sortOrder: 0 }
        }
        onFinish={submit}
      >
        {failure.length > 0 && (
          <Alert type="error" showIcon style={{ marginBottom: 16 }} title={failure.join('；')} />
        )}
        <Form.Item
          label="单位名称"
          name="name"
          rules={[{ required: true, whitespace: true, message: '请输入单位名称' }]}
        >
          <Input maxLength={64} />
        </Form.Item>
        <Form.Item
          label="单位编码"
          name="code"
          extra="导入和数据交换使用的固定标识，如 street-hushu"
          rules={[{ required: true, whitespace: true, message: '请输入单位编码' }]}
        >
          <Input maxLength={64} autoCapitalize="off" />
        </Form.Item>
        <Form.Item label="单位类型" name="type" rules={[{ required: true, message: '请选择单位类型' }]}>
          <Select options={unitType.options} />
        </Form.Item>
        <Form.Item label="排序" name="sortOrder">
          <InputNumber<number> min={0} precision={0} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item label="预警推送地址" name="webhookUrl" extra="可选，如钉钉机器人的 https 地址">
          <Input inputMode="url" autoCapitalize="off" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
