import { pixelBody, request, startTestApp, TestApp } from '../support/test-app';

describe('saved pixels over HTTP', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('creates, reads, lists, updates and deletes a pixel', async () => {
    const account = t.account();
    const token = t.token(account, 'editor', '7');
    const created = await request(t.baseUrl, 'POST', `/saved-pixels?account_id=${account}`, {
      token,
      json: pixelBody({ name: '  Purchase conversion  ' }),
    });
    expect(created.status).toBe(201);
    expect(created.body.data).toMatchObject({
      account_id: account,
      name: 'Purchase conversion',
      created_by: 7,
      target_platform: 'javascript',
      status: 'unverified',
      last_event_at: null,
    });
    expect(created.body.data.id).toMatch(/^pix_[a-z0-9]{6,}$/);
    expect(created.body.data.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const id = created.body.data.id;

    const got = await request(t.baseUrl, 'GET', `/saved-pixels/${id}?account_id=${account}`, { token });
    expect(got.status).toBe(200);
    expect(got.body.data).toEqual(created.body.data);
    expect(got.headers.get('etag')).toBe(created.headers.get('etag'));

    const list = await request(t.baseUrl, 'GET', `/saved-pixels?account_id=${account}`, { token });
    expect(list.body).toEqual({
      success: true,
      data: [
        expect.objectContaining({
          id,
          name: 'Purchase conversion',
          pixel_type: 'conversion',
          conversion_type: 'purchase',
        }),
      ],
      meta: { total: 1, limit: 50, offset: 0 },
    });

    const updated = await request(t.baseUrl, 'PUT', `/saved-pixels/${id}?account_id=${account}`, {
      token,
      json: { name: 'Checkout purchase' },
      headers: { 'if-match': got.headers.get('etag')! },
    });
    expect(updated.status).toBe(200);
    expect(updated.body.data.name).toBe('Checkout purchase');

    const stale = await request(t.baseUrl, 'PUT', `/saved-pixels/${id}?account_id=${account}`, {
      token,
      json: { name: 'Again' },
      headers: { 'if-match': got.headers.get('etag')! },
    });
    expect(stale.status).toBe(412);
    expect(stale.body.error.code).toBe('PRECONDITION_FAILED');

    const deleted = await request(t.baseUrl, 'DELETE', `/saved-pixels/${id}?account_id=${account}`, { token });
    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe('');
    const gone = await request(t.baseUrl, 'GET', `/saved-pixels/${id}?account_id=${account}`, { token });
    expect(gone.status).toBe(404);
  });

  it('lets exactly one of 30 concurrent creates with one name win', async () => {
    const account = t.account();
    const token = t.token(account);
    const responses = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        request(t.baseUrl, 'POST', `/saved-pixels?account_id=${account}`, {
          token,
          json: pixelBody({ name: i % 2 ? 'Same Name' : ' same name ' }),
        }),
      ),
    );
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(29);
    expect(responses.find((r) => r.status === 409)!.body.error.code).toBe('NAME_CONFLICT');
  });
});
