import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { DEFAULT_WARNING_DAYS } from '@ledger/domain/items';
import {
  accountabilityCounts,
  inspectionRound,
  pollutionType,
  problemCategory,
  timeLimitType,
  verdict,
} from '@ledger/domain/vocabulary';
import {
  Button,
  Card,
  Checkbox,
  Col,
  DatePicker,
  Flex,
  Form,
  Grid,
  Input,
  InputNumber,
  Row,
  Select,
  Typography,
} from 'antd';
import type { FormItemProps, FormRule } from 'antd';
import type { ReactNode } from 'react';

import { schemaIssue, schemaRule, type FieldPath, type Schema } from '@/lib/form';

import type { ItemKind, ItemValues } from '../utils/item-values';

/** A unit to choose as lead, cooperating or area unit; a disabled unit is shown but not offered. */
export type UnitChoice = { id: string; name: string; disabled?: boolean };

type ItemFieldsProps = {
  kind: ItemKind;
  units: UnitChoice[];
  unitsLoading?: boolean;
  /** the domain schema the form is checked with, and how the form's values become its input */
  schema: Schema<unknown>;
  toInput: (values: ItemValues) => unknown;
  /** the number once registered, which is fixed: shown, not edited */
  fixedNumber?: string;
};

/**
 * The fields of a ledger item, grouped as its official table groups them (the item page shows the
 * same groups): 督察反馈问题整改任务表 for a task, 边督边改公开情况一览表 for a petition case.
 * Every field is checked with the whole form run through `schema`.
 */
export function ItemFields({ kind, units, unitsLoading, schema, toInput, fixedNumber }: ItemFieldsProps) {
  const form = Form.useFormInstance<ItemValues>();
  const narrow = !Grid.useBreakpoint().md;
  const rule = (field: string | FieldPath, whenEmpty?: string): FormRule =>
    schemaRule(schema, field, toInput, { whenEmpty });

  // A short list is picked by typing on a desk (quick for a coordinator entering many items) and by
  // tapping on a phone, where a search box would only bring up the keyboard.
  const searchable = narrow ? false : { optionFilterProp: 'label' };
  const unitOptions = units.map((unit) => ({ value: unit.id, label: unit.name, disabled: unit.disabled }));
  const unitSelect = (placeholder: string, multiple = false) => (
    <Select
      mode={multiple ? 'multiple' : undefined}
      allowClear={multiple}
      loading={unitsLoading}
      placeholder={placeholder}
      showSearch={{ optionFilterProp: 'label' }}
      options={unitOptions}
    />
  );
  // On a phone the calendar is easier than the keyboard; on a desk a date may be typed.
  const datePicker = (allowClear = false) => (
    <DatePicker style={{ width: '100%' }} inputReadOnly={narrow} allowClear={allowClear} />
  );
  const textArea = (placeholder?: string) => (
    <Input.TextArea autoSize={{ minRows: 3, maxRows: 12 }} placeholder={placeholder} />
  );

  const numberField = fixedNumber ? (
    <Field label={kind === 'PETITION' ? '受理编号' : '编号'} extra="登记后不能修改">
      <Typography.Text>{fixedNumber}</Typography.Text>
    </Field>
  ) : (
    <Field
      label={kind === 'PETITION' ? '受理编号' : '编号'}
      name="number"
      required
      rules={[rule('number')]}
      extra={kind === 'PETITION' ? '督察组交办的受理编号' : undefined}
    >
      <Input autoComplete="off" />
    </Field>
  );
  const titleField = (
    <Field label="标题" name="title" required wide rules={[rule('title')]} extra="台账列表中显示的简要名称">
      <Input />
    </Field>
  );

  const responsibility = (
    <>
      <Field label="牵头单位" name="leadUnitId" required rules={[rule('leadUnitId', '请选择牵头单位')]}>
        {unitSelect('请选择牵头单位')}
      </Field>
      <Field
        label="配合单位"
        name="cooperatingUnitIds"
        dependencies={['leadUnitId']}
        rules={[rule('cooperatingUnitIds')]}
      >
        {unitSelect('可选多个', true)}
      </Field>
      <Field label="责任区领导" name="leadLeaderName" rules={[rule('leadLeaderName')]}>
        <Input />
      </Field>
      <Field label="责任人" name="responsiblePersonName" rules={[rule('responsiblePersonName')]}>
        <Input />
      </Field>
      <Field label="联系电话" name="responsiblePersonPhone" rules={[rule('responsiblePersonPhone')]}>
        <Input inputMode="tel" />
      </Field>
    </>
  );

  const deadlines = (
    <>
      <Field label="整改时限" name="deadline" required rules={[rule('deadline', '请选择整改时限')]}>
        {datePicker()}
      </Field>
      <Field
        label="预警时间"
        name="warningDate"
        dependencies={['deadline']}
        rules={[rule('warningDate')]}
        extra={`不填则在整改时限前 ${DEFAULT_WARNING_DAYS} 天预警`}
      >
        {datePicker(true)}
      </Field>
      <Field label="时限类型" name="timeLimitType" required rules={[rule('timeLimitType', '请选择时限类型')]}>
        <Select placeholder="请选择" showSearch={searchable} options={timeLimitType.options} />
      </Field>
      <Field label="向社会公开" name="isPublic" valuePropName="checked">
        <Checkbox>在公开信息页公示</Checkbox>
      </Field>
    </>
  );

  if (kind === 'TASK') {
    const measuresIssue = () =>
      schemaIssue(schema, toInput(form.getFieldsValue(true) as ItemValues), ['task', 'measures']);
    return (
      <>
        <Group title="基本信息">
          {numberField}
          {titleField}
          <Field
            label="督察轮次"
            name={['task', 'inspectionRound']}
            required
            rules={[rule(['task', 'inspectionRound'], '请选择督察轮次')]}
          >
            <Select placeholder="请选择" showSearch={searchable} options={inspectionRound.options} />
          </Field>
          <Field
            label="问题类别"
            name={['task', 'category']}
            required
            rules={[rule(['task', 'category'], '请选择问题类别')]}
          >
            <Select placeholder="请选择" showSearch={searchable} options={problemCategory.options} />
          </Field>
          <Field
            label="反馈问题"
            name={['task', 'feedbackText']}
            required
            wide
            rules={[rule(['task', 'feedbackText'])]}
          >
            {textArea('督察组反馈问题原文')}
          </Field>
        </Group>
        <Group title="整改目标与措施">
          <Field label="整改目标" name={['task', 'target']} required wide rules={[rule(['task', 'target'])]}>
            {textArea()}
          </Field>
          <Col span={24}>
            <Form.List
              name={['task', 'measures']}
              rules={[
                {
                  validator: async () => {
                    const message = measuresIssue();
                    if (message) throw new Error(message);
                  },
                },
              ]}
            >
              {(fields, { add, remove }, { errors }) => (
                <Form.Item label="整改措施" required>
                  <Flex vertical gap={8}>
                    {fields.map((field, index) => (
                      <Flex key={field.key} gap={8} align="start">
                        <Typography.Text style={{ lineHeight: '32px', minWidth: 20 }}>
                          {index + 1}.
                        </Typography.Text>
                        <Form.Item
                          name={field.name}
                          rules={[rule(['task', 'measures', field.name])]}
                          style={{ flex: 1, minWidth: 0, marginBottom: 0 }}
                        >
                          <Input.TextArea
                            autoSize={{ minRows: 1, maxRows: 6 }}
                            aria-label={`整改措施 ${index + 1}`}
                          />
                        </Form.Item>
                        <Button
                          icon={<DeleteOutlined />}
                          aria-label={`删除整改措施 ${index + 1}`}
                          onClick={() => remove(field.name)}
                        />
                      </Flex>
                    ))}
                    <Button type="dashed" icon={<PlusOutlined />} onClick={() => add('')} block>
                      添加一项措施
                    </Button>
                    <Form.ErrorList errors={errors} />
                  </Flex>
                </Form.Item>
              )}
            </Form.List>
          </Col>
          <Field
            label="销号标准"
            name={['task', 'closureStandard']}
            required
            wide
            rules={[rule(['task', 'closureStandard'])]}
          >
            {textArea('达到什么标准可申请销号')}
          </Field>
        </Group>
        <Group title="责任落实">{responsibility}</Group>
        <Group title="时限与进度">{deadlines}</Group>
      </>
    );
  }

  return (
    <>
      <Group title="交办信息">
        {numberField}
        {titleField}
        <Field
          label="交办批次"
          name={['petition', 'batch']}
          required
          rules={[rule(['petition', 'batch'], '请填写交办批次')]}
        >
          <InputNumber style={{ width: '100%' }} prefix="第" suffix="批" />
        </Field>
        <Field
          label="交办日期"
          name={['petition', 'handedOverOn']}
          required
          rules={[rule(['petition', 'handedOverOn'], '请选择交办日期')]}
        >
          {datePicker()}
        </Field>
        <Field label="重点件" name={['petition', 'isKeyCase']} valuePropName="checked">
          <Checkbox>是重点件</Checkbox>
        </Field>
        <Field
          label="重复件编号"
          name={['petition', 'duplicateOfNumber']}
          rules={[rule(['petition', 'duplicateOfNumber'])]}
          extra="重复交办时填写首次交办的受理编号"
        >
          <Input autoComplete="off" />
        </Field>
        <Field
          label="行政区域"
          name={['petition', 'areaUnitId']}
          required
          rules={[rule(['petition', 'areaUnitId'], '请选择行政区域')]}
        >
          {unitSelect('请选择街道或园区')}
        </Field>
        <Field
          label="污染类型"
          name={['petition', 'pollutionTypes']}
          required
          rules={[rule(['petition', 'pollutionTypes'])]}
        >
          <Select
            mode="multiple"
            allowClear
            placeholder="可选多个"
            showSearch={searchable}
            options={pollutionType.options}
          />
        </Field>
        <Field
          label="交办问题基本情况"
          name={['petition', 'complaintSummary']}
          required
          wide
          rules={[rule(['petition', 'complaintSummary'])]}
        >
          {textArea()}
        </Field>
      </Group>
      <Group title="调查核实">
        <Field
          label="是否属实"
          name={['petition', 'verdict']}
          // Cleared is "not yet verified" (null), which is what the API takes.
          normalize={(value: string | undefined) => value ?? null}
          rules={[rule(['petition', 'verdict'])]}
        >
          <Select allowClear placeholder="尚未核实" showSearch={searchable} options={verdict.options} />
        </Field>
        <Field
          label="调查核实情况"
          name={['petition', 'investigationFindings']}
          wide
          rules={[rule(['petition', 'investigationFindings'])]}
        >
          {textArea()}
        </Field>
      </Group>
      <Group title="处理整改">
        <Field
          label="处理和整改情况"
          name={['petition', 'handling']}
          wide
          rules={[rule(['petition', 'handling'])]}
        >
          {textArea()}
        </Field>
        <Field label="签字人" name={['petition', 'signerName']} rules={[rule(['petition', 'signerName'])]}>
          <Input />
        </Field>
        {responsibility}
        {deadlines}
      </Group>
      <Group title="问责情况">
        {accountabilityCounts.map(({ field, label }) => (
          <Col key={field} xs={12} md={6}>
            <Form.Item label={label} name={['petition', field]} rules={[rule(['petition', field])]}>
              <InputNumber style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        ))}
      </Group>
    </>
  );
}

function Group({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Card title={title} size="small" style={{ marginBottom: 16 }}>
      <Row gutter={16}>{children}</Row>
    </Card>
  );
}

type FieldProps = FormItemProps & {
  /** a long text: the whole row, also on a desk */
  wide?: boolean;
};

function Field({ wide, ...props }: FieldProps) {
  return (
    <Col xs={24} md={wide ? 24 : 12}>
      <Form.Item {...props} />
    </Col>
  );
}
