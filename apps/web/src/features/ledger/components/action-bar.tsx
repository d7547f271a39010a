import type { ItemDetail } from '@ledger/domain/items';
import { workflowAction, type WorkflowAction } from '@ledger/domain/workflow';
import { Button, Drawer, Grid } from 'antd';
import { useState } from 'react';

import { ActionForm, type ActionFormItem } from './action-form';

/** The step forward on the path; everything else (withdraw, return, extensions) is a side path. */
const mainPath: readonly WorkflowAction[] = [
  'start',
  'request_closure',
  'sign',
  'verify',
  'start_notice',
  'close_notice',
  'sign_off',
  'record_lookback',
];

const isWorkflowAction = (action: string): action is WorkflowAction =>
  (workflowAction.codes as readonly string[]).includes(action);

/** The workflow actions among an item's `allowedActions` (the rest are operations on the record). */
const workflowActionsOf = (allowedActions: ItemDetail['allowedActions']): WorkflowAction[] =>
  (allowedActions as readonly string[]).filter(isWorkflowAction);

type ActionBarProps = {
  item: ActionFormItem & Pick<ItemDetail, 'allowedActions'>;
};

/**
 * The workflow steps the caller may take on the item now — exactly the API's `allowedActions`,
 * in the order of the path — as buttons, each opening its form in a drawer. The buttons are
 * siblings, for the caller to place in a row with the item's other buttons.
 */
export function ActionBar({ item }: ActionBarProps) {
  const narrow = !Grid.useBreakpoint().md;
  const [open, setOpen] = useState<WorkflowAction>();
  const actions = workflowActionsOf(item.allowedActions);
  return (
    <>
      {actions.map((action) => (
        <Button
          key={action}
          type={mainPath.includes(action) ? 'primary' : 'default'}
          onClick={() => setOpen(action)}
        >
          {workflowAction.label(action)}
        </Button>
      ))}
      {/* Stays open when the refreshed item no longer offers the action, to say why. */}
      <Drawer
        title={open && workflowAction.label(open)}
        placement="right"
        size={narrow ? '100%' : 560}
        open={open !== undefined}
        onClose={() => setOpen(undefined)}
        destroyOnHidden
      >
        {open && (
          <ActionForm
            item={item}
            action={open}
            allowed={actions.includes(open)}
            onDone={() => setOpen(undefined)}
          />
        )}
      </Drawer>
    </>
  );
}
