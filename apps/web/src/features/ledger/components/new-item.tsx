import { ArrowLeftOutlined } from '@ant-design/icons';
import { createItemInput } from '@ledger/domain/items';
import { itemKind } from '@ledger/domain/vocabulary';
import { Alert, App, Button, Card, Flex, Form, Radio } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';

import { PageHeader } from '@/components/ui/page-header';
import { itemPath, paths } from '@/config/paths';
import { applyServerIssues } from '@/lib/form';

import { useCreateItem } from '../api/create-item';
import { toCreateInput, type ItemValues } from '../utils/item-values';
import { ItemFields, type UnitChoice } from './item-fields';

type NewItemProps = {
  units: UnitChoice[];
  unitsLoading?: boolean;
};

const initialValues: ItemValues = {
  kind: 'TASK',
  cooperatingUnitIds: [],
  isPublic: false,
  task: { measures: [''] },
  petition: { isKeyCase: false, pollutionTypes: [] },
};

/**
 * 新增事项 (挂账): a task or a petition case, its fields grouped as the official table groups
 * them, checked with the API's own createItemInput before sending. Once registered, the item's
 * page opens.
 */
export function NewItem({ units, unitsLoading }: NewItemProps) {
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<ItemValues>();
  const kind = Form.useWatch('kind', form) ?? initialValues.kind;
  const createItem = useCreateItem();
  const [failure, setFailure] = useState<string[]>([]);

  const submit = () => {
    // All values, those of the other kind's hidden fields too: toCreateInput takes the chosen kind's.
    const parsed = createItemInput.safeParse(toCreateInput(form.getFieldsValue(true) as ItemValues));
    if (!parsed.success) {
      // Every field passed its own check, so these name no field on the form.
      setFailure(parsed.error.issues.map((issue) => issue.message));
      return;
    }
    setFailure([]);
    createItem.mutate(parsed.data, {
      onSuccess: (item) => {
        void message.success(`已新增事项 ${item.number}`);
        // Replacing the form's entry: going back leads to the ledger, not to a blank form.
        void navigate(itemPath(item.id), { replace: true });
      },
      onError: (error) => {
        setFailure(applyServerIssues(form, error));
        const refused = form.getFieldsError().find(({ errors }) => errors.length > 0);
        if (refused) form.scrollToField(refused.name, { block: 'center' });
      },
    });
  };

  return (
    <Flex vertical gap={16}>
      <div>
        <Button
          type="link"
          icon={<ArrowLeftOutlined />}
          style={{ paddingInline: 0 }}
          onClick={() => void navigate(paths.ledger.path)}
        >
          返回台账
        </Button>
      </div>
      <PageHeader title={paths.newItem.label} />
      <Form<ItemValues>
        form={form}
        name="new-item"
        aria-label={paths.newItem.label}
        layout="vertical"
        initialValues={initialValues}
        onFinish={submit}
        scrollToFirstError={{ block: 'center' }}
        disabled={createItem.isPending}
      >
        <Card size="small" style={{ marginBottom: 16 }}>
          <Form.Item label="台账类型" name="kind" style={{ marginBottom: 0 }}>
            <Radio.Group
              optionType="button"
              buttonStyle="solid"
              options={itemKind.options}
              onChange={() => setFailure([])}
            />
          </Form.Item>
        </Card>
        <ItemFields
          kind={kind}
          units={units}
          unitsLoading={unitsLoading}
          schema={createItemInput}
          toInput={toCreateInput}
        />
        {failure.length > 0 && (
          <Alert type="error" showIcon style={{ marginBottom: 16 }} title={failure.join('；')} />
        )}
        <Flex gap={8} justify="end" wrap>
          <Button onClick={() => void navigate(paths.ledger.path)}>取消</Button>
          <Button type="primary" htmlType="submit" loading={createItem.isPending}>
            登记
          </Button>
        </Flex>
      </Form>
    </Flex>
  );
}
