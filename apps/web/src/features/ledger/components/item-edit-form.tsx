import { updateItemInput, type ItemDetail } from '@ledger/domain/items';
import { Alert, App, Button, Flex, Form } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';

import { ApiError } from '@/lib/api-client';
import { applyServerIssues } from '@/lib/form';

import { conflictingRecord, useShowCurrentItem, useUpdateItem } from '../api/update-item';
import {
  changedFields,
  changedLabels,
  differingLabels,
  toUpdateInput,
  valuesOfItem,
  type ItemValues,
} from '../utils/item-values';
import { ItemFields, type UnitChoice } from './item-fields';

type ItemEditFormProps = {
  /** the record as read when the form opened: its version is what the edit is based on */
  item: ItemDetail;
  /** units to choose from; until they load, the item's own units are offered */
  units: UnitChoice[] | undefined;
  onDone: () => void;
};

/** An edit refused because the item changed since it was read. */
type Conflict = {
  current: ItemDetail;
  /** the fields this user changed, which were not saved */
  mine: string[];
  /** the fields in which the current record differs from the one the form started from */
  theirs: string[];
};

/** The units a record names, so that its selects show names while the unit list loads. */
function unitsOf(item: ItemDetail): UnitChoice[] {
  const named = [item.leadUnit, ...item.cooperatingUnits, ...(item.petition ? [item.petition.area] : [])];
  return [...new Map(named.map((unit) => [unit.id, unit])).values()];
}

/**
 * 修改事项: the form filled from the record, sending only the fields changed together with the
 * version they were read at. If someone else saved in between, the API refuses (409) with the
 * current record; nothing is overwritten — the user sees what changed and starts again from the
 * current record.
 */
export function ItemEditForm({ item, units, onDone }: ItemEditFormProps) {
  const [base, setBase] = useState(item);
  const showCurrentItem = useShowCurrentItem();

  const reload = (current: ItemDetail) => {
    showCurrentItem(current);
    // The record may no longer be editable (closed meanwhile): the item page then offers no form.
    if (current.allowedActions.includes('update')) setBase(current);
    else onDone();
  };

  // A new key per version: the form, its messages and the conflict start afresh from the record.
  return <EditForm key={base.version} base={base} units={units} onDone={onDone} onReload={reload} />;
}

type EditFormProps = {
  base: ItemDetail;
  units: UnitChoice[] | undefined;
  onDone: () => void;
  onReload: (current: ItemDetail) => void;
};

function EditForm({ base, units, onDone, onReload }: EditFormProps) {
  const { message } = App.useApp();
  const [form] = Form.useForm<ItemValues>();
  const initialValues = useMemo(() => valuesOfItem(base), [base]);
  const updateItem = useUpdateItem();
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const [failure, setFailure] = useState<string[]>([]);
  const toInput = (values: ItemValues) => toUpdateInput(values, base.version);

  const submit = () => {
    const parsed = updateItemInput.safeParse(toInput(form.getFieldsValue(true) as ItemValues));
    if (!parsed.success) {
      // Every field passed its own check, so these name no field on the form.
      setFailure(parsed.error.issues.map((issue) => issue.message));
      return;
    }
    const changes = changedFields(toInput(initialValues), parsed.data);
    if (Object.keys(changes).length === 0) {
      setFailure(['没有需要保存的修改']);
      return;
    }
    setFailure([]);
    updateItem.mutate(
      { id: base.id, input: { ...changes, version: base.version } },
      {
        onSuccess: (saved) => {
          void message.success(`已保存对 ${saved.number} 的修改`);
          onDone();
        },
        onError: (error) => {
          const current = conflictingRecord(error);
          if (current) {
            setConflict({ current, mine: changedLabels(changes), theirs: differingLabels(base, current) });
          } else if (error instanceof ApiError && error.status === 409) {
            // The item's state forbids changes now (已销号): nothing this form could send would do.
            // The page reloads the record and shows why.
            void message.error(error.message);
            onDone();
          } else {
            setFailure(applyServerIssues(form, error));
          }
        },
      },
    );
  };

  return (
    <Form<ItemValues>
      form={form}
      name="edit-item"
      layout="vertical"
      initialValues={initialValues}
      onFinish={submit}
      scrollToFirstError={{ block: 'center' }}
      disabled={updateItem.isPending}
    >
      <ItemFields
        kind={base.kind}
        units={units ?? unitsOf(base)}
        unitsLoading={!units}
        schema={updateItemInput}
        toInput={toInput}
        fixedNumber={base.number}
      />
      {/* Beside the save button, where the user is when the answer comes. */}
      {conflict && <ConflictAlert conflict={conflict} onReload={() => onReload(conflict.current)} />}
      {failure.length > 0 && (
        <Alert type="error" showIcon style={{ marginBottom: 16 }} title={failure.join('；')} />
      )}
      <Flex gap={8} justify="end" wrap>
        <Button onClick={onDone}>取消</Button>
        <Button type="primary" htmlType="submit" loading={updateItem.isPending} disabled={!!conflict}>
          保存修改
        </Button>
      </Flex>
    </Form>
  );
}

function ConflictAlert({ conflict, onReload }: { conflict: Conflict; onReload: () => void }) {
  const { current, mine, theirs } = conflict;
  const editable = current.allowedActions.includes('update');
  const ref = useRef<HTMLDivElement>(null);
  // The alert pushes the buttons down as it appears; the user should read it, not miss it. A block
  // body: newer browsers answer scrollIntoView with a promise, which React would take for a cleanup
  // function. (jsdom has no scrollIntoView at all.)
  useEffect(() => {
    void ref.current?.scrollIntoView?.({ block: 'nearest' });
  }, []);
  return (
    <div ref={ref}>
      <Alert
        type="warning"
        showIcon
        style={{ marginBottom: 16 }}
        title="该事项已被他人修改，您的修改未保存"
        description={
          <Flex vertical gap={4}>
            {theirs.length > 0 ? (
              <span>他人修改了：{theirs.join('、')}。</span>
            ) : (
              <span>在您打开表单后，该事项已有新的变更。</span>
            )}
            {mine.length > 0 && <span>您本次修改的：{mine.join('、')}。</span>}
            <span>
              {editable
                ? '为避免覆盖他人的修改，请载入最新记录，核对后重新修改并保存。'
                : '该事项当前已不能修改，请载入最新记录查看。'}
            </span>
            {/* Below the text rather than beside it: on a phone there is no room beside. */}
            <div>
              <Button size="small" type="primary" onClick={onReload}>
                载入最新记录
              </Button>
            </div>
          </Flex>
        }
      />
    </div>
  );
}
