import { describe, expect, it } from 'vitest';

import { useTestApp } from './helpers';

describe('GET /api/health', () => {
  const context = useTestApp();

  it('answers ok when the database answers', async () => {
    const response = await context.app.inject({ method: 'GET', url: '/api/health' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok', db: 'ok' });
  });

  it('sends security headers with a strict content security policy', async () => {
    const response = await context.app.inject({ method: 'GET', url: '/api/health' });
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
    expect(response.headers['x-content-type-options']).toBe('nosniff');
  });

  it('answers an unknown API path without a session with 401, revealing no routes', async () => {
    const response = await context.app.inject({ method: 'GET', url: '/api/no-such-thing?x=1' });
    expect(response.statusCode).toBe(401);
  });

  it('answers 503 with what is wrong once the database is gone (dropped or stopped)', async () => {
    await context.database.drop();
    const response = await context.app.inject({ method: 'GET', url: '/api/health' });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toMatchObject({ status: 'error', db: 'unavailable' });
    expect(response.json().message).toMatch(/^数据库不可用/);
  });
});

// The embedded database serves one connection through a pool of our own (packages/db/src/client.ts):
// its death in the middle of a query once emitted an 'error' nobody listened to, which ends the
// process — Vitest fails the run on such an uncaught exception.
describe('GET /api/health on the embedded database', () => {
  const context = useTestApp({ databaseKind: 'embedded' });

  it('answers 503 once the embedded database has stopped, and the process lives on', async () => {
    expect((await context.app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);
    await context.database.drop();
    const response = await context.app.inject({ method: 'GET', url: '/api/health' });
    expect(response.statusCode).toBe(503);
    expect(response.json().message).toMatch(/^数据库不可用/);
  });
});
