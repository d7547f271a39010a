import type { EvidenceFileView, ItemDetail } from '@ledger/domain/items';
import { screen } from '@testing-library/react';
import { afterEach, describe, expect, test } from 'vitest';

import { ok, startApiServer, type ApiServer } from '@/testing/api-server';
import { buildEvidenceFile, buildSessionUser, buildTaskDetail } from '@/testing/data';
import { renderApp, setScreenWidth, setupUser } from '@/testing/test-utils';

describe('publishing evidence (公开)', () => {
  let server: ApiServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  /** An API holding one item with one file; PATCH of the file stores and answers it. */
  const start = async (stored: ItemDetail, role: 'COORDINATOR' | 'UNIT_OFFICER') => {
    let item = stored;
    server = await startApiServer({
      'GET /api/auth/me': ok({ user: buildSessionUser(role) }),
      [`GET /api/items/${item.id}`]: () => ok(item),
      [`PATCH /api/items/${item.id}/evidence/${item.evidence[0]!.id}`]: ({ body }) => {
        const file: EvidenceFileView = { ...item.evidence[0]!, ...(body as { isPublic: boolean }) };
        item = { ...item, evidence: [file] };
        return ok(file);
      },
    });
  };

  test('the coordinator switches a file to public, and the request says so', async () => {
    setScreenWidth(1280);
    const file = buildEvidenceFile({ fileName: '整改后照片.png', isPublic: false });
    const item = buildTaskDetail({ allowedActions: ['read', 'update'], evidence: [file] });
    await start(item, 'COORDINATOR');
    const user = setupUser();
    renderApp(`/ledger/${item.id}`);

    const toggle = await screen.findByRole('switch', { name: '公开 整改后照片.png' });
    expect(toggle).not.toBeChecked();
    await user.click(toggle);
    expect(await screen.findByText('整改后照片.png已公开')).toBeInTheDocument();
    expect(server!.calls(`PATCH /api/items/${item.id}/evidence/${file.id}`).map((call) => call.body)).toEqual(
      [{ isPublic: true }],
    );
    await expect.poll(() => screen.getByRole('switch', { name: '公开 整改后照片.png' })).toBeChecked();
  });

  test('an officer, who may not edit the item, sees no switch', async () => {
    const item = buildTaskDetail({
      allowedActions: ['read', 'create:progress', 'upload:evidence'],
      evidence: [buildEvidenceFile({ fileName: '现场.png' })],
    });
    await start(item, 'UNIT_OFFICER');
    renderApp(`/ledger/${item.id}`);

    expect(await screen.findByText(/佐证材料（1）/)).toBeInTheDocument();
    expect(screen.queryByRole('switch', { name: /公开/ })).not.toBeInTheDocument();
  });
});
