import type { ItemDetail } from '@ledger/domain/items';
import { workflowAction, type WorkflowAction } from '@ledger/domain/workflow';
import { Button, Drawer, Flex, Grid } from 'antd';
import { useState } from 'react';

import { ActionForm, type OpenObjection } from './action-form';

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

type ActionBarProps = {
  item: Pick<ItemDetail, 'id' | 'version' | 'allowedActions' | 'evidence'>;
  openObjections: OpenObjection[];
};

/**
 * The workflow steps the caller may take on the item now — exactly the API's `allowedActions`,
 * in the order of the path — each opening its form.
 */
export function ActionBar({ item, openObjections }: ActionBarProps) {
  const narrow = !Grid.useBreakpoint().md;
  const [open, setOpen] = useState<WorkflowAction>();
  const actions = (item.allowedActions as readonly string[]).filter(isWorkflowAction);
  if (actions.length === 0) return null;
  return (
    <>
      <Flex gap={8} wrap>
        {actions.map((action) => (
          <Button
            key={action}
            type={mainPath.includes(action) ? 'primary' : 'default'}
            onClick={() => setOpen(action)}
          >
            {workflowAction.label(action)}
          </Button>
        ))}
      </Flex>
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
            itemId={item.id}
            version={item.version}
            action={open}
            evidence={item.evidence}
            openObjections={openObjections}
            onDone={() => setOpen(undefined)}
          />
        )}
      </Drawer>
    </>
  );
}
