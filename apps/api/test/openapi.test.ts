import { workflowAction } from '@ledger/domain/workflow';
import { describe, expect, it } from 'vitest';

import { loginAs, useTestApp } from './helpers';

describe('OpenAPI document', () => {
  const context = useTestApp({ seed: true });

  it('describes the routes from their zod schemas, for logged-in users only', async () => {
    expect((await context.app.inject({ method: 'GET', url: '/api/docs/json' })).statusCode).toBe(401);
    const { cookie } = await loginAs(context, 'auditor');
    const response = await context.app.inject({ method: 'GET', url: '/api/docs/json', headers: { cookie } });
    expect(response.statusCode).toBe(200);
    const document = response.json();
    expect(document.openapi).toMatch(/^3\./);
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/api/auth/login', '/api/health']));
    expect(
      document.paths['/api/auth/login'].post.requestBody.content['application/json'].schema.required,
    ).toEqual(['username', 'password']);
    // Each workflow action is its own route with its own body, so that every form is documented.
    for (const action of workflowAction.codes) {
      expect(Object.keys(document.paths)).toContain(`/api/items/{id}/actions/${action}`);
    }
    expect(
      document.paths['/api/items/{id}/actions/verify'].post.requestBody.content['application/json'].schema
        .required,
    ).toEqual(expect.arrayContaining(['version', 'result', 'conclusion', 'verifiedOn']));
    expect(document.paths['/api/todo'].get.responses['200']).toBeDefined();
    const ui = await context.app.inject({ method: 'GET', url: '/api/docs', headers: { cookie } });
    expect([200, 302]).toContain(ui.statusCode);
  });
});
