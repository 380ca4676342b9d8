import { expectStreamUnchanged, OTHER_PRACTICE_ID, startApi, type ApiHarness } from '../testing/api-harness';
import { enrolledPatient, registerPractices } from '../testing/fixtures';

/**
 * Every write route, enumerated from the OpenAPI document so a new route cannot slip past: no token is
 * 401, an unknown field is 400 naming it, another practice's token learns nothing; none changes a stream.
 */
describe('every command route refuses bad requests without changing anything', () => {
  let api: ApiHarness;
  let routes: string[];
  /** Routes that take a body: the claim lock takes none (its decision is made from the events). */
  let routesWithBody: string[];
  beforeAll(async () => {
    api = await startApi();
    await registerPractices(api);
    await enrolledPatient(api, 'pt-r', { carePlan: true });
    const docs = await api.http.get('/docs/json').expect(200);
    routes = Object.entries(docs.body.paths as Record<string, Record<string, unknown>>)
      .filter(([path, methods]) => 'post' in methods && path.startsWith('/patients/{id}'))
      .map(([path]) => path);
    routesWithBody = routes.filter((path) => {
      const post = (docs.body.paths[path] as { post: { requestBody?: unknown } }).post;
      return post.requestBody !== undefined;
    });
  });
  afterAll(() => api.close());

  const url = (path: string) =>
    path
      .replace('{id}', 'pt-r')
      .replace('{code}', 'E11.9')
      .replace('{entryId}', 'e-1')
      .replace(/\{[^}]+\}/g, 'x');
  const roleFor = (path: string) =>
    /payer-coverage|other-services|other-practitioner-claims|claim$|attempted-claim-lines/.test(path)
      ? 'biller'
      : /time-entries|contacts|withdrawal|revisions|shares|inpatient-stays/.test(path)
        ? 'care_manager'
        : /conditions|billing-practitioner/.test(path)
          ? 'admin'
          : 'practitioner';

  it('finds the command routes', () => {
    expect(routes.length).toBeGreaterThanOrEqual(15);
  });

  it('answers 401 without a token', async () => {
    await expectStreamUnchanged(api, 'pt-r', async () => {
      for (const path of routes) {
        const res = await api.http.post(url(path)).send({});
        expect({ path, status: res.status }).toEqual({ path, status: 401 });
      }
    });
  });

  it('answers 400 for an unknown field, without naming it (its name is the client’s, not ours)', async () => {
    await expectStreamUnchanged(api, 'pt-r', async () => {
      for (const path of routesWithBody) {
        const res = await api.http
          .post(url(path))
          .set('Authorization', `Bearer ${api.token(roleFor(path))}`)
          .send({ notAField: 1 });
        expect({ path, status: res.status }).toEqual({ path, status: 400 });
        expect(res.body.fields.map((f: { field: string }) => f.field)).toContain('body');
        expect(res.text).not.toContain('notAField');
      }
    });
  });

  it('answers 400 to a body of the wrong type', async () => {
    await expectStreamUnchanged(api, 'pt-r', async () => {
      for (const path of routesWithBody) {
        const res = await api.http
          .post(url(path))
          .set('Authorization', `Bearer ${api.token(roleFor(path))}`)
          .set('Content-Type', 'application/json')
          .send('[1, 2]');
        expect({ path, status: res.status }).toEqual({ path, status: 400 });
      }
    });
  });

  it('never answers another practice’s token with 403 or 422, which would tell its patient ids apart', async () => {
    await expectStreamUnchanged(api, 'pt-r', async () => {
      for (const path of routes) {
        const token = api.token(roleFor(path), OTHER_PRACTICE_ID);
        const res = await api.http.post(url(path)).set('Authorization', `Bearer ${token}`).send({});
        // Validation runs first (400); past it the patient is simply not found (404, see auth-and-tenancy).
        expect({ path, status: [400, 404].includes(res.status) }).toEqual({ path, status: true });
      }
    });
  });
});
